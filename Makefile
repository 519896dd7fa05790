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

# Until the local fixture portal lands, the demo loads the bundled bulletins directly; loading and
# reprocessing are idempotent, so running it again keeps the database (and its reviews).
demo: setup
	$(CCHC) load samples/bulletins/*.txt --db $(DEMO_DB)
	$(CCHC) reprocess --db $(DEMO_DB)
	@echo "open it: $(CCHC) serve $(DEMO_DB) --root   (then http://127.0.0.1:8001/)"

test: setup browser
	$(VENV)/bin/pytest

bench: setup
	for b in benchmarks/*.py; do $(PY) $$b || exit 1; done

clean:
	rm -rf $(VENV) $(DEMO_DB) .pytest_cache
