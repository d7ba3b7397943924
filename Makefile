# Two commands do all set-up: `make build` (the main job) and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: build test bench clean catalogues

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

bench: $(BIN)/.installed
	$(BIN)/python benchmarks/bench.py

# Messages: Chinese source strings are the msgids (`_("…")`, `N_("…")`); the English is in
# planner/locale/en/LC_MESSAGES/planner.po. After adding strings: `make catalogues`, fill in the
# new msgstr lines (tests/test_i18n.py names any left empty), `make catalogues` again to compile.
catalogues: $(BIN)/.installed
	$(BIN)/pybabel extract -k _ -k N_ --no-location --omit-header --sort-output -o planner/locale/planner.pot planner
	$(BIN)/pybabel update -i planner/locale/planner.pot -d planner/locale -D planner -l en --no-fuzzy-matching --ignore-obsolete
	$(BIN)/pybabel compile -d planner/locale -D planner
	rm planner/locale/planner.pot

clean:
	rm -rf $(VENV) build *.egg-info
