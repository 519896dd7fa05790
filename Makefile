# Two entry points (see README): `make demo` sets everything up and runs the pipeline on the
# bundled sample portal; `make test` runs the test suite. Both work on a fresh machine.
VENV ?= .venv
PY := $(VENV)/bin/python
CCHC := $(VENV)/bin/cchc
DEMO_DB ?= demo.db

.PHONY: setup demo test bench browser clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip
	$(VENV)/bin/pip install -q -e '.[test]'
	touch $@

browser:
	./scripts/install-browser.sh

# The demo: start the local sample portals (tests/farm, 127.0.0.x only), crawl them into demo.db,
# rebuild figures and flags from the stored pages, print a summary and how to open the result.
# Crawling and reprocessing are idempotent, so running it again keeps the database and its reviews.
DEMO_FARM := .demo-farm
# A fixed port, so page URLs (and the reviews on their flags) stay the same across runs.
DEMO_PORT ?= 18470
demo: setup
	@rm -rf $(DEMO_FARM) && mkdir -p $(DEMO_FARM)
	@$(PY) -m tests.farm --port $(DEMO_PORT) --registry $(DEMO_FARM)/portals.toml > $(DEMO_FARM)/farm.log 2>&1 & \
	echo $$! > $(DEMO_FARM)/pid; \
	for i in $$(seq 100); do [ -s $(DEMO_FARM)/portals.toml ] && break; sleep 0.2; done; \
	$(CCHC) crawl --db $(DEMO_DB) --registry $(DEMO_FARM)/portals.toml; rc=$$?; \
	kill $$(cat $(DEMO_FARM)/pid); \
	if [ $$rc -gt 1 ]; then exit $$rc; fi
	$(CCHC) reprocess --db $(DEMO_DB) --registry $(DEMO_FARM)/portals.toml
	@echo "open it: $(CCHC) serve $(DEMO_DB) --root   (then http://127.0.0.1:8001/)"

test: setup browser
	$(VENV)/bin/pytest

bench: setup
	for b in benchmarks/*.py; do $(PY) $$b || exit 1; done

clean:
	rm -rf $(VENV) $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm $(DEMO_FARM) .pytest_cache
