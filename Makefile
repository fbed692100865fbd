# The two commands of the README. Each sets up what it needs on a fresh machine (a virtualenv
# in .venv with Briefing and its test tools), then runs.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test bench speed clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

demo: $(VENV)/.installed
	$(BIN)/briefing demo

test: $(VENV)/.installed
	$(BIN)/python -m pytest -q

bench: $(VENV)/.installed
	$(BIN)/python bench/bench_build.py
	$(BIN)/python bench/bench_realworld.py

speed: $(VENV)/.installed
	$(BIN)/python bench/bench_speed.py

clean:
	rm -rf $(VENV) build *.egg-info
