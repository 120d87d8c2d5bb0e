# Entry points for a fresh machine (see README): `make run` and `make test`; `make quick` while working.
# All are idempotent: the virtual environment is rebuilt only when a requirements file changes,
# and Chromium and nginx are installed only when they are missing.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# The tiers are pytest markers (pyproject.toml); the quick tier is every test without one of these.
QUICK := not browser and not deploy and not bench and not walk
# The real-browser tests against the one shared server (tests/conftest.py); the deploy, bench and
# own_server tests start servers of their own, and run in `make rest`.
BROWSER := browser and not deploy and not bench and not own_server

.PHONY: run test quick walk browser rest lint derive describe bench chromium nginx

run: $(VENV)/.stamp-app
	$(PY) -m streamlit run app.py --server.port $(PORT)

# Everything (what CI runs): ruff, then two pytest runs side by side, each run's output shown when it
# ends: the real-browser tests (one process: one server, one browser, shared), and every other test
# over both cores. A browser test mostly waits on the page; the other run takes the cores it leaves
# idle. The tests on servers of their own (deploy, bench, own_server: about 4 min) run in the second:
# the browser run is the longer one.
test: $(VENV)/.stamp-dev chromium nginx
	$(PY) -m ruff check .
	$(VENV)/bin/lint-imports  # the layers: pyproject.toml, [tool.importlinter]
	$(MAKE) --no-print-directory -j2 -Otarget browser rest

# Pure functions and every page once through AppTest (exports and fuzzing too): no server, no browser window.
quick: $(VENV)/.stamp-dev chromium
	$(PY) -m pytest -n 2 -m "$(QUICK)"

# Every valid view of every page through the pure builders.
walk: $(VENV)/.stamp-dev
	$(PY) -m pytest -n 2 -m walk

# The real-browser tests, in one process: one Streamlit server and one Chromium for the whole run. (Two
# processes were tried: beside the other tiers they fought them for the cores, and make test took longer.)
browser: $(VENV)/.stamp-dev chromium
	$(PY) -m pytest -m "$(BROWSER)"

# Every other test in one run over both cores: the quick and walk tiers, the replicas behind nginx
# (deploy), the quick benchmark (bench), the browser tests on servers of their own (own_server), and
# `reference` where ../shared/reference is. loadgroup: a module on one server of its own (xdist_group)
# runs whole on one worker, so that its server starts once.
rest: $(VENV)/.stamp-dev chromium nginx
	$(PY) -m pytest -n 2 --dist loadgroup -m "not ($(BROWSER))"

lint: $(VENV)/.stamp-dev
	$(PY) -m ruff check .
	$(VENV)/bin/lint-imports

# Re-derive the reference tables from ../shared/reference (not needed to run the app).
derive: $(VENV)/.stamp-app
	$(PY) -m scripts.derive_all --reference ../shared/reference --output data

# Row counts, year coverage and the package's source list, from the tables (after editing a curated table).
describe: $(VENV)/.stamp-app
	$(PY) -m scripts.describe --data data

bench: $(VENV)/.stamp-dev
	$(PY) -m bench.run

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.stamp-app: requirements.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.stamp-dev: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(VENV)/.stamp-app $@

chromium:
	@if command -v chromium >/dev/null && command -v chromedriver >/dev/null; then :; else \
		echo "Installing Debian's chromium and chromium-driver"; \
		$(SUDO) apt-get update && $(SUDO) apt-get install -y chromium chromium-driver; fi

# Debian's nginx, for the deployment test (two replicas behind it; deploy/README.md).
nginx: chromium  # after it: two apt-get at once would fight over the dpkg lock under make -j
	@if command -v nginx >/dev/null || test -x /usr/sbin/nginx; then :; else \
		echo "Installing Debian's nginx"; \
		$(SUDO) apt-get update && $(SUDO) apt-get install -y nginx; fi

# Refresh the data from newer raw files (README, "Refreshing the data"), one or several at once:
#   make update SIPRI=~/Downloads/trade-register.csv [PT=…] [CLINE=…] [VDEM=… VDEM_VERSION="v16"]
# Each file is checked against its known format first; data/ changes only if everything succeeds.
.PHONY: update
update: $(VENV)/.stamp-app
	$(PY) -m scripts.update $(if $(SIPRI),--sipri "$(SIPRI)") $(if $(PT),--powell-thyne "$(PT)") \
		$(if $(CLINE),--cline "$(CLINE)") $(if $(VDEM),--vdem "$(VDEM)") \
		$(if $(VDEM_VERSION),--vdem-version "$(VDEM_VERSION)") $(if $(CHECK),--check-only)
