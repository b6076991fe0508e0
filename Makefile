# Two commands do all the set-up on a fresh machine (Python 3.11 + pip):
#   make demo   – run the main job on the embedded sample data (writes demo-output/)
#   make test   – run ruff, the layer contracts (lint-imports) and the test suite
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: demo test system-deps bench clean

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

# LibreOffice (PDF), poppler and CJK fonts: installed when this machine allows it (root + apt),
# otherwise the script says what is missing; features that need them say so clearly.
system-deps:
	@bash scripts/install-system-deps.sh

demo: $(STAMP) system-deps
	$(VENV)/bin/reportgen demo --out demo-output

test: $(STAMP) system-deps
	$(PY) -m ruff check .
	$(VENV)/bin/lint-imports
	$(PY) -m pytest

bench: $(STAMP)
	$(PY) -m pip install --quiet -e '.[dev,bench]'
	$(PY) bench/run_all.py

clean:
	rm -rf $(VENV) demo-output .pytest_cache .ruff_cache
