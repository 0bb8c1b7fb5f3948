# Two commands: `make run` and `make test`. Both create .venv and install the pinned
# dependencies (constraints.txt) plus this project, then do their job.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: install run test bench bench-memory schema eval clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/news-pipeline run

test: install
	$(BIN)/python -m pytest -q

# Throughput against bare spaCy (500 and 5,000 articles, 1 and 2 workers) and the stage
# profile; memory at 1,000 vs 20,000 articles plus the incremental run over 20,000.
# Run on a quiet machine: the figures are ratios of wall-clock times. See README, "Performance".
BENCH_ARGS        ?= --docs 500 5000 --workers 1 2 --profile
BENCH_MEMORY_ARGS ?= --docs 1000 20000 --workers 1 2 --skip-bare --incremental

bench: install
	$(BIN)/news-pipeline bench $(BENCH_ARGS)

bench-memory: install
	$(BIN)/news-pipeline bench $(BENCH_MEMORY_ARGS)

schema: install
	$(BIN)/news-pipeline schema > models/record.schema.json

eval: install
	$(BIN)/python eval/evaluate.py

clean:
	rm -rf $(VENV) .prefect .pytest_cache .hypothesis
