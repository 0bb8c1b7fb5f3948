# Two commands: `make run` and `make test`. Both create .venv and install the pinned
# dependencies (constraints.txt) plus this project, then do their job.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: install run test bench bench-memory schema readme-example eval clean

# Python 3.11 only (pyproject's requires-python): say how to pick it before creating anything.
# The install is quiet, one line per step; pip's output goes to .venv/install.log (shown if a step fails).
PIP    := $(BIN)/python -m pip install --quiet --disable-pip-version-check
LOG    := $(VENV)/install.log

$(STAMP): pyproject.toml constraints.txt
	@v=$$($(PYTHON) -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null); \
	if [ "$$v" != "3.11" ]; then \
	  echo "news-pipeline needs Python 3.11; PYTHON=$(PYTHON) is $${v:-not found}."; \
	  if [ -d $(VENV) ]; then echo "Pick another: make clean && PYTHON=python3.11 make $(or $(MAKECMDGOALS),install)"; \
	  else echo "Pick another: PYTHON=python3.11 make $(or $(MAKECMDGOALS),install)"; fi; exit 1; fi
	@echo "news-pipeline: creating $(VENV) with Python $$($(PYTHON) -c 'import platform; print(platform.python_version())')"
	@$(PYTHON) -m venv $(VENV)
	@echo "news-pipeline: installing pip, the pinned dependencies (constraints.txt), the spaCy model and this project (a few minutes; log: $(LOG))"
	@$(PIP) --upgrade "pip>=24" > $(LOG) 2>&1 && $(PIP) -c constraints.txt -e ".[test]" >> $(LOG) 2>&1 \
	  || { tail -n 40 $(LOG); echo "news-pipeline: install failed; the whole log is $(LOG)"; exit 1; }
	@touch $(STAMP)
	@echo "news-pipeline: installed ($$($(BIN)/news-pipeline --version))"

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

# The README's example record, regenerated from the code (tests/test_docs.py checks it is current)
readme-example: install
	$(BIN)/python docs/readme_example.py --write

eval: install
	$(BIN)/python eval/evaluate.py

clean:
	rm -rf $(VENV) .prefect .pytest_cache .hypothesis
