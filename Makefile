# Concilium: the two commands of the README, and the targets behind them.
# `make demo` sets everything up and serves the demo; `make test` sets up and runs every test.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: demo test setup system lint bench bench-quick messages clean

demo: setup ## Set up, load the SCO and the 2020 scenario, and serve on http://127.0.0.1:8000
	$(BIN)/concilium demo --host $(HOST) --port $(PORT)

test: setup ## Set up and run the whole test suite (DATABASE_URL picks the database)
	$(BIN)/pytest

setup: system $(STAMP)

system: ## System packages (Chromium, CJK fonts, poppler, LibreOffice) where apt is available
	@bash scripts/system-packages.sh

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@rm -f $(VENV)/.installed-*
	@touch $@

lint: setup ## Ruff over the code
	$(BIN)/ruff check concilium bench

messages: setup ## Extract and compile the Russian and Chinese catalogues
	cd concilium && ../$(BIN)/concilium makemessages -l ru -l zh_Hans --no-obsolete
	cd concilium && ../$(BIN)/concilium compilemessages

# Every bench script (not the helpers they share), each printing measured / floor / ratio /
# target / verdict with the machine's load; PostgreSQL is measured too when DATABASE_URL says so.
BENCHES = $(filter-out bench/common.py bench/verdict.py,$(wildcard bench/*.py))

bench: setup ## Every benchmark at full scale, against its target and its floor
	@uptime; for script in $(BENCHES); do echo "== $$script"; $(BIN)/python $$script || exit 1; done

bench-quick: setup ## A quick smoke of every benchmark (the shape, not the verdict)
	@for script in $(BENCHES); do echo "== $$script"; $(BIN)/python $$script --quick || exit 1; done

clean:
	rm -rf $(VENV) var .pytest_cache .hypothesis
