# Two commands for a fresh machine:  make run  (the app)  and  make test  (the test suite).
# Both create .venv/ and install the pinned requirements first; nothing is downloaded at run time.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run kiosk review test test-fast system-deps lint format eval bench bench-smoke clean

$(STAMP): requirements.txt constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q torch==2.13.0
	$(PY) -m pip install -q -r requirements.txt -c constraints.txt
	touch $(STAMP)

run: $(STAMP)  ## staff console + API on http://127.0.0.1:7860
	$(PY) app.py --mode staff

kiosk: $(STAMP)
	$(PY) app.py --mode kiosk --port 7861

review: $(STAMP)
	$(PY) app.py --mode review --port 7862

# Debian's Chromium (browser tests) and PostgreSQL (audit log on a shared server) are real
# parts of the test suite; install them when missing (needs root, as on CI).
system-deps:
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$$missing postgresql"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "missing system packages:$$missing (run: sudo apt-get install$$missing)"; fi; \
	fi

test: $(STAMP) system-deps  ## the whole suite
	HF_HUB_OFFLINE=1 $(PY) -m pytest

test-fast: $(STAMP)
	HF_HUB_OFFLINE=1 $(PY) -m pytest -m "not browser and not slow"

lint: $(STAMP)
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff format . && $(VENV)/bin/ruff check --fix .

eval: $(STAMP)  ## policy and retrieval report on our sets and the external ones
	$(PY) -m chatbot eval tests/eval/*.jsonl
	$(if $(wildcard ../shared/ext-eval/*.jsonl),$(PY) -m chatbot eval --misses 0 $(wildcard ../shared/ext-eval/*.jsonl))

bench: $(STAMP)
	$(PY) -m bench

bench-smoke: $(STAMP)
	$(PY) -m bench --smoke

clean:
	rm -rf data .pytest_cache .ruff_cache
