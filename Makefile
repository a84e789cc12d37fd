# newsmon: the two commands of the README, and their building blocks.
#
#   make demo   the main job end to end on the embedded default
#   make test   the full test suite (real Elasticsearch node, local servers)
#
# Everything installs itself: a virtualenv in .venv (Python packages pinned in
# pyproject.toml) and the Elasticsearch launcher built by Maven (~/.m2 cache).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
LAUNCHER := tools/es-node/target/es-node.jar
LAUNCHER_SOURCES := tools/es-node/pom.xml $(shell find tools/es-node/src -name '*.java' 2>/dev/null)

.PHONY: demo test venv launcher redis postgres clean

demo: $(STAMP) $(LAUNCHER)
	$(BIN)/newsmon demo

test: $(STAMP) $(LAUNCHER) redis postgres
	$(BIN)/python -m pytest $(PYTEST_ARGS)

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

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

launcher: $(LAUNCHER)

$(LAUNCHER): $(LAUNCHER_SOURCES)
	mvn -q -B -f tools/es-node/pom.xml package -DskipTests
	touch $@

clean:
	rm -rf $(VENV) tools/es-node/target build *.egg-info
