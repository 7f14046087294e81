# Quick start: `make run` (serve the demo on http://127.0.0.1:5000; `make run PORT=5001` for
# another port) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
FLASK := $(BIN)/flask --app wsgi
DEMO_KOLS ?= 2000
DEMO_PASSWORD := demo-pass-123
PORT ?= 5000

.PHONY: setup run test lint format translations-update bench-matching

$(STAMP): requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $(STAMP)

setup: $(STAMP)
	$(BIN)/python -m marketplace.i18n_check translations
	$(BIN)/pybabel compile -d translations

run: setup
	$(FLASK) db upgrade
	$(FLASK) seed demo --kols $(DEMO_KOLS) --if-empty
	$(FLASK) matching rebuild
	$(FLASK) users create-admin admin@demo.example --password $(DEMO_PASSWORD)
	@echo ""
	@echo "Demo logins (password $(DEMO_PASSWORD)):"
	@echo "  brand  brand@demo.example"
	@echo "  KOL    kol0@demo.example"
	@echo "  admin  admin@demo.example"
	@echo ""
	$(FLASK) run --host 127.0.0.1 --port $(PORT)

test: setup
	$(BIN)/pytest -n 2

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench-matching: setup
	$(BIN)/python -m matching.evaluate --dataset data/matching/eval.json
	$(BIN)/python -m matching.evaluate --dataset data/matching/eval_alt.json
	$(BIN)/python -m matching.bench --kols 100000 --briefs 50

translations-update: setup
	$(BIN)/pybabel extract -F babel.cfg -k _l -o translations/messages.pot .
	$(BIN)/pybabel update -i translations/messages.pot -d translations --no-fuzzy-matching
