# Two commands do everything on a fresh machine: `make sync` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PIPELINE := $(BIN)/pipeline

.PHONY: install sync extract translate merge status check test test-fast lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

sync: $(STAMP)
	$(PIPELINE) sync

extract: $(STAMP)
	$(PIPELINE) extract

translate: $(STAMP)
	$(PIPELINE) translate

merge: $(STAMP)
	$(PIPELINE) merge

status: $(STAMP)
	$(PIPELINE) status

check: $(STAMP)
	$(PIPELINE) check $(CHECK_ARGS)

test: $(STAMP)
	$(BIN)/python -m pytest -q

test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -m "not slow"

lint: $(STAMP)
	$(BIN)/ruff check pipeline tests bench
	$(BIN)/ruff format --check pipeline tests bench

# make bench BENCH_ARGS="--quick" | "--sizes 43,430,4300 --budget 600" (see bench/run.py -h)
bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	# byte-compiled as an installed tool is (pip compiles on install; an editable install
	# under PYTHONDONTWRITEBYTECODE=1 would compile the package again in every run)
	$(BIN)/python -m compileall -q pipeline
	$(BIN)/python bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
