# Verbatim: `make demo` runs the nightly job on the bundled sample; `make test` runs the tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
RUN_STAMP := $(VENV)/.installed-run
export PREFECT_SERVER_ANALYTICS_ENABLED := false
export DO_NOT_TRACK := 1
export PREFECT_HOME := $(CURDIR)/.prefect
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: install install-run demo test test-slow test-all lint sample bench clean

# `make demo` installs what the product needs; `make test` and `make lint` add the dev extras
# (pytest, ruff, BERTopic for the benchmarks, the notebook kernel).
install-run: $(RUN_STAMP)

$(RUN_STAMP): pyproject.toml verbatim/__init__.py
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	# The CPU build of torch first: a plain `torch` requirement would pull GBs of CUDA packages.
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e .
	touch $(RUN_STAMP)

install: $(STAMP)

$(STAMP): $(RUN_STAMP)
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

# The sample's settings (owners file, league of sites), its call outcomes imported, then the night's
# run again so that the report shows them (`verbatim report` leaves the follow-up section out).
DEMO := --config data/sample/verbatim.yaml --db sqlite:///out/demo/verbatim.db

demo: install-run
	$(BIN)/verbatim run data/sample/nps_export.csv $(DEMO) --output out/demo
	$(BIN)/verbatim followups import data/sample/followup_outcomes.csv $(DEMO)
	$(BIN)/verbatim report $(DEMO) --output out/demo/report.html

test: install
	$(BIN)/python -m pytest

test-slow: install
	$(BIN)/python -m pytest -m slow

test-all: install
	$(BIN)/python -m pytest -m "slow or not slow"

lint: install
	$(BIN)/ruff check verbatim nlp models pipelines tests benchmarks data
	$(BIN)/ruff format --check verbatim nlp models pipelines tests benchmarks data

sample: install
	$(BIN)/python data/make_sample.py

bench: install
	$(BIN)/python benchmarks/theme_quality.py

clean:
	rm -rf out .pytest_cache .ruff_cache
