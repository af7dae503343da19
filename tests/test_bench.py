"""Smoke test of the scale benchmark: it runs end to end at N=200 and ends with its one-line summary.

The numbers themselves are not tested (they depend on the machine); `make bench` is for them.
"""

from __future__ import annotations

import re
import subprocess
import sys

from explainer.check.validate import Paths, build_factbase
from explainer.model.facts import Claim
from scripts.bench_data import write_factbase

from .conftest import ROOT

NUMBER = r"(?:\d+(?:\.\d+)?)"
LAST = re.compile(
    rf"bench N=200 gen_s={NUMBER} floor_s={NUMBER} build_s={NUMBER} bare_build_s={NUMBER} pages=\d+ "
    rf"site_mb={NUMBER} largest_page_kb={NUMBER} search_index_mb={NUMBER} unique_text_mb={NUMBER} "
    rf"peak_mb={NUMBER} noop_written=0 one_edit_written=\d+ preview_s=(?:{NUMBER}|nan) "
    rf"first_search_kb=(?:{NUMBER}|nan)"
)


def test_synthetic_fact_base_is_valid_and_sized(tmp_path):
    syn = write_factbase(tmp_path, 500, ROOT)
    facts = build_factbase(Paths(tmp_path))  # raises DataError if any excerpt is not in its seed
    assert syn.claims == 500
    assert len(facts.sources) == 25 and len(facts.table("actors")) == 10
    assert sum(len(c.excerpt.split()) for r in facts.table("positions") if isinstance(r, Claim) for c in r.cite) > 0
    assert (tmp_path / "mkdocs.yml").is_file() and (tmp_path / "docs" / "method.md").is_file()


def test_bench_runs_and_prints_its_summary_line():
    out = subprocess.run(
        [sys.executable, "-m", "scripts.bench", "--n", "200", "--runs", "1", "--no-preview"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    last = out.stdout.strip().splitlines()[-1]
    assert LAST.fullmatch(last), last


def test_the_report_says_when_the_disk_was_slow_to_create_files(tmp_path):
    """gen_s includes creating every page: a disk made slow by recent mass deletions is named."""
    from scripts.bench import LAST_LINE, SLOW_CREATE_MS, create_cost, report

    cost = create_cost(tmp_path / "probe", n=50)
    assert cost > 0 and len(list((tmp_path / "probe").iterdir())) == 50  # kept: deleting them slows the next ones
    r = dict.fromkeys(LAST_LINE, 1.0) | {
        "n": 200,
        "claims": 200,
        "records": 300,
        "data_mb": 1.0,
        "seeds_mb": 1.0,
        "max_page_tokens": 10,
        "downloads_mb": 0.1,
        "preview_gen_s": 0.1,
        "search_index_s": 0.1,
        "first_search_s": 0.1,
        "preview_mkdocs_s": 0.1,
    }
    healthy = report(r | {"create_ms": SLOW_CREATE_MS / 10})
    slow = report(r | {"create_ms": SLOW_CREATE_MS * 10})
    assert "| create_ms |" in healthy and "# note: creating a file took" not in healthy
    assert "# note: creating a file took 2.00 ms" in slow
    assert slow.splitlines()[-1].startswith("bench N=200 ")  # the summary stays the last line


def test_bench_can_measure_the_preview_alone():
    out = subprocess.run(
        [sys.executable, "-m", "scripts.bench", "--n", "200", "--runs", "1", "--only-preview"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    last = out.stdout.strip().splitlines()[-1]
    assert re.fullmatch(
        rf"bench-preview N=200 preview_s={NUMBER} preview_gen_s={NUMBER} preview_mkdocs_s={NUMBER}", last
    ), last
