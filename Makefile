VENV ?= .venv
PY := $(VENV)/bin/python
CHECKED := summarizer tests benchmarks training

.PHONY: help install test test-all lint format format-check typecheck wheel ci clean train-scorer

help: ## List the tasks
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-13s %s\n", $$1, $$2}'

install: ## Create the venv and install the project with its test tools
	python3 -m venv $(VENV) && $(VENV)/bin/pip install torch==2.13.0 -e '.[test]'

test: ## Run the test suite (the README's test command)
	$(PY) -m pytest -q --durations=15

test-all: ## Run the tests, including the slow ones that need ../shared/eval
	$(PY) -m pytest -q -m "slow or not slow"

lint: ## ruff check
	$(VENV)/bin/ruff check $(CHECKED)

format: ## ruff format (rewrites files)
	$(VENV)/bin/ruff format $(CHECKED)

format-check: ## ruff format --check
	$(VENV)/bin/ruff format --check $(CHECKED)

typecheck: ## mypy at the lowest supported Python
	$(VENV)/bin/mypy

wheel: ## Build the wheel into dist/
	$(PY) -m pip wheel --no-deps -q -w dist .

DATA ?= ../shared/eval/news_pairs/cnndm_train.jsonl.gz
train-scorer: ## Retrain the extractive engine's sentence scorer (DATA=path to the CNN/DM train .jsonl.gz)
	$(PY) -m training.train_scorer $(DATA)

ci: lint format-check typecheck wheel test ## What .ci/run runs after installing

clean: ## Remove build and cache folders
	rm -rf dist build .pytest_cache .mypy_cache .ruff_cache
