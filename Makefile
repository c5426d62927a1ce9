# cnscd — the commands people type. `make run` and `make test` are all a new machine needs.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.9
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(CURDIR)/$(VENV)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: setup run test test-fast bench lint format venv system-deps clean

## venv: the virtualenv with the locked dependencies (re-synced when the lock changes)
venv: $(VENV)/.synced
$(VENV)/.synced: pyproject.toml uv.lock
	@py=$$(./scripts/find-python.sh) || exit 1; \
	  if [ ! -x $(BIN)/python ]; then echo "Tạo môi trường ảo với $$py"; "$$py" -m venv $(VENV); fi
	@$(BIN)/python -m pip install -q --disable-pip-version-check uv==$(UV_VERSION)
	$(BIN)/uv sync --frozen --python $(BIN)/python
	@touch $@

## setup: everything `make run` does except serving (idempotent)
setup: venv
	@mkdir -p var
	$(BIN)/cnscd migrate --noinput
	$(BIN)/cnscd createcachetable
	$(BIN)/cnscd collectstatic --noinput -v0
	$(BIN)/cnscd load_units
	$(BIN)/cnscd demo

## run: set up, then serve the demo province at http://127.0.0.1:8000 on SQLite
# A background worker (`cnscd db_worker`) makes report files for large scopes.
run: setup
	@./scripts/system-deps.sh --runtime
	@echo "Đang phục vụ tại http://$(HOST):$(PORT)/  (Ctrl+C để dừng)"
	$(BIN)/cnscd db_worker --no-reload & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(BIN)/gunicorn config.wsgi --bind $(HOST):$(PORT) --workers 2 --threads 4 \
	  --access-logfile - --error-logfile -

## system-deps: Debian's chromium (browser tests) and fonts with every Vietnamese letter
system-deps:
	@./scripts/system-deps.sh

## test: set up whatever is needed and run the whole suite
test: venv system-deps
	$(BIN)/cnscd check --fail-level WARNING
	$(BIN)/cnscd makemigrations --check --dry-run
	$(BIN)/pytest -q $(PYTEST_ARGS)

## lint: ruff, formatting, mypy
lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy cnscd config

format: venv
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## bench: performance figures (see docs/performance.md)
bench: venv
	$(BIN)/python -m bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var/static
