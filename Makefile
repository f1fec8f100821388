# Cluster Atlas. `make run` and `make test` do all set-up on a fresh Debian machine.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PORT   ?= 8501
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run curate publish serve-replicas site serve-site test check bench db sysdeps sysdeps-required install install-dev lock clean export

# Runtime: venv + pinned requirements (re-installed when requirements.txt changes).
$(VENV)/.runtime: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements.txt
	touch $@

# Tests, lint and benchmarks: adds requirements-dev.txt.
$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PY) -m pip install -q --disable-pip-version-check -r requirements-dev.txt
	touch $@

install: $(VENV)/.runtime
install-dev: $(VENV)/.dev

# System packages: Chromium (image export, browser tests), Noto CJK fonts, poppler-utils.
sysdeps:
	@bash scripts/sysdeps.sh
sysdeps-required:
	@bash scripts/sysdeps.sh --required

db: $(VENV)/.runtime
	$(PY) -m etl

run: sysdeps db
	$(PY) -m streamlit run dashboard/server.py --server.port $(PORT) --server.headless true \
		--browser.gatherUsageStats false

# The app with the Curate page (add articles, accept proposed facts): writes under data/.
# It listens on loopback only; another ADDRESS needs ATLAS_CURATE_TOKEN (see deploy/README.md).
ADDRESS ?= 127.0.0.1
curate: sysdeps db
	ATLAS_CURATE=1 $(PY) -m streamlit run dashboard/server.py --server.port $(PORT) --server.headless true \
		--server.address $(ADDRESS) --browser.gatherUsageStats false

test: sysdeps-required $(VENV)/.dev
	$(PY) -m pytest -q

check: $(VENV)/.dev
	$(PY) -m ruff format --check .
	$(PY) -m ruff check .
	$(PY) -m mypy

bench: sysdeps-required db $(VENV)/.dev
	$(PY) -m bench

export: sysdeps db
	$(PY) -m dashboard.export --out out --format png,svg,pdf,csv,xlsx --lang zh

# nginx on $(PORT) in front of N replicas (one Python process uses one core); Ctrl-C stops all.
N ?= 2
serve-replicas: sysdeps db
	$(PY) -m deploy.serve_replicas --replicas $(N) --port $(if $(filter 8501,$(PORT)),8500,$(PORT))

# The whole dataset as a Frictionless Data Package (CSV + Parquet with Table Schemas).
publish: db
	$(PY) -m etl publish --out out/data

lock: $(VENV)/.runtime
	$(PY) scripts/lock.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache data/clusters.duckdb artifacts out

# The static, embeddable atlas (every chart as a page and an embed, both languages) in out/site/.
site: sysdeps db
	$(PY) -m dashboard.site --out out/site

# nginx serving out/site/ (gzip, cache headers) on port 8502 as the current user; Ctrl-C stops it.
SITE_PORT ?= 8502
serve-site: sysdeps
	test -f out/site/index.html || $(MAKE) site
	$(PY) -m deploy.serve_site --root out/site --port $(SITE_PORT)
