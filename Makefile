# Two commands do all set-up: `make build` (the main job) and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: build test bench fuzz clean catalogues

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

# Property tests with many more generated cases than `make test` runs: FUZZ_EXAMPLES per property
# (12 properties; the default gives over 100,000 cases), new random cases every run.
fuzz: $(BIN)/.installed
	@PLANNER_FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-12000} $(BIN)/python -m pytest -q -p no:cacheprovider \
		--hypothesis-show-statistics tests/test_properties.py > .fuzz.log 2>&1; status=$$?; \
	grep -E "passed|failed|Falsifying|Error" .fuzz.log | tail -20; \
	awk '/ passing, / {n += $$2; bad += $$4} END {printf "fuzz: %d generated cases passed, %d failed\n", n, bad}' .fuzz.log; \
	exit $$status

bench: $(BIN)/.installed
	$(BIN)/python benchmarks/bench.py
	$(BIN)/python benchmarks/bench_read.py

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
