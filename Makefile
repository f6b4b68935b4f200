# Two commands matter: `make lab` (learn) and `make test` (verify). Both set up .venv on first use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
LESSON ?= 00

.PHONY: install lab test test-fast lint notebooks bench pins app site export clean
PORT   ?= 8866

$(STAMP): pyproject.toml constraints.txt tests/browser/package.json deploy/package.json
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	@# rfc3987-syntax (pulled in via jupyter-events) costs ~2 s per process that imports jsonschema;
	@# nothing in the course needs it. Keep this the last pip step (see shared design notes).
	$(BIN)/python -m pip uninstall --quiet --yes rfc3987-syntax
	@if command -v npm >/dev/null 2>&1; then npm ci --silent --prefix tests/browser; \
	 else echo "npm not found: the accessibility scan (axe-core) will be skipped"; fi
	@# configurable-http-proxy for make hub / make load (JupyterHub's proxy, from npm).
	@if command -v npm >/dev/null 2>&1; then npm ci --silent --prefix deploy; \
	 else echo "npm not found: make hub and make load need it for configurable-http-proxy"; fi
	touch $@

install: $(STAMP)

# JupyterLab refuses to start as root ("Running as root is not recommended"). In a container or a
# classroom VM root is the normal user, so --allow-root is passed then, and only then.
lab: install
	$(BIN)/jupyter lab $(if $(filter 0,$(shell id -u)),--allow-root) notebooks/00-start-here.ipynb

test: install lint
	$(BIN)/python tools/build_notebooks.py --check
	$(BIN)/python -m pytest

# Import contracts (docs/architecture.md), lint and format check: a second or two.
lint: install
	$(BIN)/lint-imports --no-cache
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Unit and content tests without the slow ones (notebook runs, nbval, browser, site): for every edit.
test-fast: install lint
	$(BIN)/python -m pytest tests/unit tests/content -o addopts="-raR" -m "not slow and not browser" -q

notebooks: install
	$(BIN)/python tools/build_notebooks.py

bench: install
	$(BIN)/python -m widgets.bench

# The lessons in Chromium, in JupyterLab and in the Voilà app: run-all time, kernel memory, control-to-figure
# latency (median, p95), Voilà's first widget; into build/bench-browser.json. A measurement that never fails;
# it takes minutes and both cores, so on a shared machine run it under the machine's lock (flock).
.PHONY: bench-browser
bench-browser: install
	$(BIN)/python tools/bench_browser.py

app: install
	$(BIN)/python tools/app.py $(LESSON) --port $(PORT)

site: install
	$(BIN)/python tools/build_site.py

# The quiz banks for lecturers' tools: Anki deck, QTI 1.2 (Canvas-style LMS) and Moodle XML in build/export/.
export: install
	$(BIN)/python tools/export_quizzes.py --out build/export

# A class on this machine: JupyterHub on 127.0.0.1:$(HUB_PORT) (deploy/jupyterhub_config.py), and its load test
# (simulated students; BROWSERS of them in headless Chromium) writing build/load.json.
.PHONY: hub load
HUB_PORT ?= 8000
STUDENTS ?= 10
RAMP     ?= 30
BROWSERS ?= 0
hub: install
	$(BIN)/python tools/hub.py --port $(HUB_PORT)

load: install
	$(BIN)/python tools/load.py --students $(STUDENTS) --ramp $(RAMP) --lesson $(LESSON) --browsers $(BROWSERS)

pins: install
	$(BIN)/python tools/pins.py --write

clean:
	rm -rf build .pytest_cache
