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

# The benchmarks; bench/common.py (the shared table and servers) and bench/sse_floor.py (the live floor)
# are their helpers. DATABASE_URL=postgres://... runs them on PostgreSQL where they can.
BENCHES := $(filter-out bench/common.py bench/sse_floor.py,$(wildcard bench/*.py))
LIVE_FULL := --clients 10000 --storm 5000 --changes 20

bench: setup ## Every benchmark against its target, at full scale (minutes; uptime first)
	@uptime
	@status=0; for script in $(BENCHES); do echo "== $$script"; \
	  $(BIN)/python $$script $$( [ $$script = bench/live.py ] && echo "$(LIVE_FULL)" ) \
	  || status=1; done; exit $$status

bench-quick: setup ## A quick smoke of every benchmark (CI)
	@for script in $(BENCHES); do echo "== $$script"; $(BIN)/python $$script --quick || exit 1; done

clean:
	rm -rf $(VENV) var .pytest_cache .hypothesis
