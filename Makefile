# Two commands do all set-up: `make build` (the main job) and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: build test bench fuzz clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $@

build: $(BIN)/.installed
	$(BIN)/planner build

test: $(BIN)/.installed
	$(BIN)/ruff check planner tests benchmarks
	$(BIN)/mypy
	$(BIN)/python -m pytest

# Property tests with many more generated cases than `make test` runs (FUZZ_EXAMPLES each).
fuzz: $(BIN)/.installed
	PLANNER_FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-12000} $(BIN)/python -m pytest -q -p no:cacheprovider tests/test_properties.py

bench: $(BIN)/.installed
	$(BIN)/python benchmarks/bench.py

clean:
	rm -rf $(VENV) build *.egg-info
