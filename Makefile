# hocso: one command a task. `make run` and `make test` work on a fresh machine (they install what they need).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
SITE_DIR ?= site
export HOCSO_DATA_DIR ?= .data
export HOCSO_BANK_DIR ?= build/bank
export PIP_DISABLE_PIP_VERSION_CHECK := 1
export NO_MKDOCS_2_WARNING := 1

.PHONY: install system validate build run serve lint test bench clean deploy

$(BIN)/.installed: pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

CHECKOV := $(VENV)/checkov/bin/checkov
$(CHECKOV):  # in a venv of its own: checkov pins boto3 and packaging versions that clash with the project's
	$(BIN)/python -m venv $(VENV)/checkov
	$(VENV)/checkov/bin/python -m pip install --quiet checkov==3.3.30

install: $(BIN)/.installed  ## Python dependencies into .venv

system:  ## tools the tests run, from Debian's packages, each only when missing: headless Chromium, zbar's QR decoder, poppler's pdftoppm, npm
	@bash .ci/system-tools chromium zbarimg pdftoppm npm

validate: install  ## check content/, every problem with file and line
	$(BIN)/hocso validate

build: validate  ## the static site into site/ (SITE_DIR), question banks into build/bank/, the certificate keys published
	$(BIN)/hocso keys
	HOCSO_PUBLIC_KEYS=$(HOCSO_DATA_DIR)/keys/keys.json $(BIN)/mkdocs build --strict --quiet --site-dir $(SITE_DIR)
	$(BIN)/hocso check-build --site $(SITE_DIR) --bank $(HOCSO_BANK_DIR) --public-keys $(HOCSO_DATA_DIR)/keys/keys.json

# Served on every interface (HOST=0.0.0.0), the site is reached at this machine's own address on the network: that
# is the address QR codes, slips and certificates must carry for a phone on the same network to open them.
REACHED_AT = $(if $(filter 0.0.0.0,$(HOST)),$(shell bash .ci/lan-address),$(HOST))
run: export HOCSO_SITE_URL ?= http://$(REACHED_AT):$(PORT)/
run: build  ## build and serve the whole system on http://127.0.0.1:8000/ (HOST=0.0.0.0: on this machine's network too)
	$(BIN)/hocso demo --site-url $(HOCSO_SITE_URL)
	@echo "Mở $(HOCSO_SITE_URL) trong trình duyệt (dữ liệu: $(HOCSO_DATA_DIR)/)."
	$(BIN)/hocso serve --host $(HOST) --port $(PORT) --site $(SITE_DIR)

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	@touch $@

lint: install  ## ruff (lint and format), mypy, and the import contracts between the layers (import-linter)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

test: install $(CHECKOV) system node_modules/.installed lint  ## the linters, then every test: unit, integration, browser (axe-core from npm)
	$(BIN)/python -m pytest -q -n auto --maxprocesses 4 --dist loadfile

clean:
	rm -rf site build .data .pytest_cache node_modules

bench: install  ## budgets as ratios against baselines measured in the same run (installs wrk when missing); ONLY="certificates reports" RUNS=3 MOTO=0
	@bash .ci/system-tools wrk
	$(BIN)/python -m bench.run $(ONLY) $(if $(RUNS),--runs $(RUNS)) $(if $(filter 0 no,$(MOTO)),--no-moto)

deploy: install  ## build and deploy to AWS: STAGE=dev|prod (default dev); DRY_RUN=1 does everything but call AWS
	$(BIN)/python -m infra.deploy --stage $(or $(STAGE),dev) $(if $(filter 1 yes true,$(DRY_RUN)),--dry-run)
