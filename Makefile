VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: help install test test-all lint typecheck wheel clean

help: ## List the tasks
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-10s %s\n", $$1, $$2}'

install: ## Create the venv and install the project with its test tools
	python3 -m venv $(VENV) && $(VENV)/bin/pip install torch==2.13.0 -e '.[test]'

test: ## Run the test suite (what CI runs)
	$(PY) -m pytest -q

test-all: ## Run the tests, including the slow ones that need ../shared/eval
	$(PY) -m pytest -q -m "slow or not slow"

lint: ## ruff
	$(VENV)/bin/ruff check summarizer tests benchmarks

typecheck: ## mypy
	$(VENV)/bin/mypy

wheel: ## Build the wheel and sdist into dist/
	$(PY) -m pip wheel --no-deps -w dist .

clean: ## Remove build and cache folders
	rm -rf dist build .pytest_cache .mypy_cache .ruff_cache
