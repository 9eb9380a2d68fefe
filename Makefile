# The two commands of the README's quick start are `make report` and `make test`;
# both set up the environment first when it is missing or out of date.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: setup report test lint format lock sample clean

setup: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "asyncmetrics needs Python 3.11 or newer")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	scripts/ensure-chromium.sh
	rm -f $(VENV)/.installed-* && touch $(STAMP)

report: setup  ## build the HTML report of the bundled sample team into reports/
	$(BIN)/asyncmetrics report --data sample --out reports/

test: setup  ## run the whole test suite (lint included), then the example notebooks with nbval
	$(BIN)/ruff check asyncmetrics tests benchmarks validation
	$(BIN)/python -m pytest
	ASYNCMETRICS_PSEUDONYM_KEY=notebooks $(BIN)/python -m pytest --nbval-lax --nbval-current-env \
		--nbval-sanitize-with notebooks/nbval-sanitize.cfg notebooks/

lint: setup
	$(BIN)/ruff check asyncmetrics tests benchmarks
	$(BIN)/ruff format --check asyncmetrics tests benchmarks

format: setup
	$(BIN)/ruff format asyncmetrics tests benchmarks
	$(BIN)/ruff check --fix asyncmetrics tests benchmarks

lock:  ## re-resolve requirements.lock from pyproject.toml (needs uv)
	uv pip compile pyproject.toml --extra dev --python-version 3.11 -o requirements.lock

sample: setup  ## regenerate data/sample/ from its seeded generator
	$(BIN)/python -m asyncmetrics.sample data/sample

clean:
	rm -rf $(VENV) reports/*.html .pytest_cache
