# newsmon: the two commands of the README, and their building blocks.
#
#   make demo   the main job end to end on the embedded default
#   make test   the full test suite (real Elasticsearch node, local servers)
#
# Everything installs itself: a virtualenv in .venv (the packages of pyproject.toml,
# at the versions of constraints.txt) and the Elasticsearch launcher built by Maven
# (~/.m2 cache).
#
#   make lint   ruff check (the rules are in pyproject.toml) and ruff format --check
#   make lock   constraints.txt again, after a pin in pyproject.toml changed

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
LAUNCHER := tools/es-node/target/es-node.jar
LAUNCHER_SOURCES := tools/es-node/pom.xml $(shell find tools/es-node/src -name '*.java' 2>/dev/null)

.PHONY: demo test lint lock venv launcher redis postgres clean

demo: $(STAMP) $(LAUNCHER)
	$(BIN)/newsmon demo

test: $(STAMP) $(LAUNCHER) redis postgres
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# The scale-out tests start a real Redis server (Debian's redis-server) on loopback.
redis:
	@command -v redis-server >/dev/null || { \
	  echo "installing redis-server (Debian package) for the scale-out tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq redis-server >/dev/null; }

# The shared-state tests (pytest -m postgres) start a private PostgreSQL server (Debian's
# postgresql package: initdb and postgres under /usr/lib/postgresql/<version>/bin).
postgres:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { \
	  echo "installing postgresql (Debian package) for the shared-state tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq postgresql >/dev/null; }

venv: $(STAMP)

# constraints.txt pins every package installed, the dependencies' dependencies too (lxml,
# justext, courlan, ... decide what text comes out of a page): every machine gets the same.
$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -c constraints.txt pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $@

# What a fresh install of pyproject.toml's pins resolves to today, written to constraints.txt
# (in a throwaway virtualenv; .venv is left alone).
LOCK_VENV := $(VENV)-lock
lock:
	rm -rf $(LOCK_VENV)
	$(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(LOCK_VENV)/bin/python -m pip install --quiet -e '.[test]'
	{ echo "# Every package newsmon installs, pinned: make venv installs with it (pip -c)."; \
	  echo "# Written by 'make lock' on $$($(LOCK_VENV)/bin/python -c 'import platform; \
	    print(platform.system(), platform.machine(), "Python", platform.python_version())')"; \
	  echo "# from the pins in pyproject.toml; regenerate it after changing one of them."; \
	  $(LOCK_VENV)/bin/python -m pip freeze --all --exclude-editable; } > constraints.txt
	rm -rf $(LOCK_VENV)

launcher: $(LAUNCHER)

$(LAUNCHER): $(LAUNCHER_SOURCES)
	mvn -q -B -f tools/es-node/pom.xml package -DskipTests
	touch $@

clean:
	rm -rf $(VENV) $(LOCK_VENV) tools/es-node/target build *.egg-info
