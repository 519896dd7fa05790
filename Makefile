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

demo: setup
	$(CCHC) extract samples/bulletins/*.txt

test: setup browser
	$(VENV)/bin/pytest

bench: setup
	for b in benchmarks/*.py; do $(PY) $$b || exit 1; done

clean:
	rm -rf $(VENV) $(DEMO_DB) .pytest_cache
