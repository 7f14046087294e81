# Quick start: `make run` (serve the demo on http://127.0.0.1:5000; `make run PORT=5001` for
# another port) and `make test`. `make prod-local`: the production shape (gunicorn, RQ worker
# and scheduler on PostgreSQL and Redis at 127.0.0.1) on http://127.0.0.1:8000.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
FLASK := $(BIN)/flask --app wsgi
DEMO_KOLS ?= 2000
DEMO_PASSWORD := demo-pass-123
PORT ?= 5000
PROD_PORT ?= 8000
PROD_DB ?= kol_prod
PROD_ENV ?= instance/prod-local.env
PROD_RUN := $(BIN)/honcho run -e $(PROD_ENV)

.PHONY: setup run prod-local test lint format translations-update bench-matching

$(STAMP): requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $(STAMP)

setup: $(STAMP)
	$(BIN)/python -m marketplace.i18n_check translations
	$(BIN)/pybabel compile -d translations

define demo_logins
	@echo ""
	@echo "Demo logins (password $(DEMO_PASSWORD)):"
	@echo "  brand  brand@demo.example"
	@echo "  KOL    kol0@demo.example"
	@echo "  admin  admin@demo.example"
	@echo ""
endef

run: setup
	$(FLASK) db upgrade
	$(FLASK) seed demo --kols $(DEMO_KOLS) --if-empty
	$(FLASK) matching rebuild
	$(FLASK) users create-admin admin@demo.example --password $(DEMO_PASSWORD)
	$(demo_logins)
	SWEEP_IN_PROCESS=1 $(FLASK) run --host 127.0.0.1 --port $(PORT)

# The settings of `make prod-local`, written once; edit the file to change them.
$(PROD_ENV):
	mkdir -p $(@D)
	printf '%s\n' \
	  '# make prod-local: the production shape on this machine (see .env.example).' \
	  'APP_ENV=production' \
	  "SECRET_KEY=$$($(BIN)/python -c 'import secrets; print(secrets.token_hex(32))')" \
	  '# Plain http on 127.0.0.1: cookies must not require HTTPS.' \
	  'SESSION_COOKIE_SECURE=0' \
	  'DATABASE_URL=postgresql://postgres@127.0.0.1/$(PROD_DB)' \
	  'REDIS_URL=redis://127.0.0.1:6379/0' \
	  'PORT=$(PROD_PORT)' \
	  'PUBLIC_BASE_URL=http://127.0.0.1:$(PROD_PORT)' \
	  'PROMETHEUS_MULTIPROC_DIR=instance/prometheus-prod-local' \
	  'LOG_FORMAT=json' > $@

prod-local: setup $(PROD_ENV)
	psql -h 127.0.0.1 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$(PROD_DB)'" \
	  | grep -q 1 || psql -h 127.0.0.1 -U postgres -c 'CREATE DATABASE "$(PROD_DB)"'
	$(PROD_RUN) $(BIN)/python -c 'import os, redis; redis.from_url(os.environ["REDIS_URL"]).ping()'
	$(PROD_RUN) sh -c 'mkdir -p "$$PROMETHEUS_MULTIPROC_DIR"'
	$(PROD_RUN) $(FLASK) db upgrade
	$(PROD_RUN) $(FLASK) seed demo --kols $(DEMO_KOLS) --if-empty
	$(PROD_RUN) $(FLASK) matching rebuild
	$(PROD_RUN) $(FLASK) users create-admin admin@demo.example --password $(DEMO_PASSWORD)
	$(demo_logins)
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/honcho start -e $(PROD_ENV) -f Procfile

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
