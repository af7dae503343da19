# Targets only this explainer has (included by the Makefile, which `make new` copies verbatim into
# new projects; those have no scripts/subject.mk, so no such targets).
N ?= 10000
.PHONY: fuzz bench

## make fuzz: the long fuzz profile (10,000 mutated inputs through the checker; prints its figures)
# make test runs the fast, derandomized profile of the same tests.
fuzz: $(STAMP)
	FUZZ_PROFILE=long $(PY) -m pytest tests/test_fuzz.py tests/test_limits.py -q -s -p no:cacheprovider

## make bench N=10000: the scale benchmark (prints numbers; not a test)
bench: $(STAMP)
	$(PY) -m scripts.bench --n $(N)

