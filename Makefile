# The two commands of the README. Each sets up what it needs on a fresh machine (a virtualenv
# in .venv with Briefing and its test tools), then runs.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test bench speed team try-team postgresql clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

demo: $(VENV)/.installed
	$(BIN)/briefing demo

# The PostgreSQL store's tests start a throwaway server of their own: as root on a machine without
# one (CI), Debian's package is installed first; otherwise the tests say how to install it.
postgresql:
	@if ! command -v initdb >/dev/null && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 \
	    && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends postgresql; fi

test: $(VENV)/.installed postgresql
	$(BIN)/python -m pytest -q

bench: $(VENV)/.installed
	$(BIN)/python bench/bench_build.py
	$(BIN)/python bench/bench_realworld.py

speed: $(VENV)/.installed
	$(BIN)/python bench/bench_speed.py

# A team's evening: 200 visits on 1, 2 and 4 workers against the politeness bound (half an hour)
team: $(VENV)/.installed postgresql
	$(BIN)/python bench/bench_team.py

# The team set-up on this one machine: a throwaway PostgreSQL, two workers, two colleagues' calendars
try-team: $(VENV)/.installed postgresql
	$(BIN)/python examples/team/try_team.py

clean:
	rm -rf $(VENV) build *.egg-info
