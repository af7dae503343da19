"""The scale benchmark: `make bench N=10000`. Prints numbers; it is not a test.

It writes a synthetic fact base of N claims (scripts/bench_data.py) with the real page design
into a temporary folder, then measures there, each timing the median of --runs cold processes:

    gen_s           python -m explainer.generate generate: load, validate (every excerpt), render, write
    floor_s         the least any generator must do: yaml.load every data file with libyaml
                    (CSafeLoader) and read every seed text
    build_s         the `make site` path: generate, then mkdocs build --strict (and publish/prune.py and compact.py),
                    from an empty docs/
    bare_build_s    mkdocs build --strict alone over the generated docs/
    noop_written    files a second generation writes with nothing changed
    one_edit_written files a generation writes after one record's text changed
    preview_s       after one record's text changed, seconds until `make serve` (explainer/preview/serve.py,
                    dirty MkDocs builds) serves the new text
    peak_mb         peak resident memory of the generator process
    search_index_s  python -m explainer.publish.search_index: the Pagefind index `make site` writes after mkdocs
    first_search_kb what a reader's first search fetches, in a real browser (scripts/bench_search.py):
                    from the click into the search box to the first page of results on screen
    create_ms       what creating one small file costs in the benchmark's folder just before the
                    timings (a note, not a target: see create_cost)

and the size of what readers download: pages (HTML files), site_mb, largest_page_kb,
search_index_mb (all of site/pagefind/, of which a search fetches a few files) against
unique_text_mb (every claim text and excerpt, each counted once).
The last line is machine-readable: `bench N=... gen_s=... ... preview_s=...`.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from .bench_data import Synthetic, write_factbase
from .bench_search import first_search

ROOT = Path(__file__).resolve().parent.parent
MB = 1_000_000
KB = 1_000
FLOOR = """
import pathlib, sys, yaml
root = pathlib.Path(sys.argv[1])
for f in sorted((root / "data").glob("*.yaml")):
    yaml.load(f.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
for f in sorted((root / "seeds").glob("*.txt")):
    f.read_text(encoding="utf-8")
"""
LAST_LINE = (
    "n",
    "gen_s",
    "floor_s",
    "build_s",
    "bare_build_s",
    "pages",
    "site_mb",
    "largest_page_kb",
    "search_index_mb",
    "unique_text_mb",
    "peak_mb",
    "noop_written",
    "one_edit_written",
    "preview_s",
    "first_search_kb",
)
SEARCH_QUERY = "security"  # one of the synthetic texts' most common words: the largest index chunks


# The engine's compiled bytecode, kept outside the checkout. An installed or checked-out copy
# has it (pip compiles on install; Python writes __pycache__ on first import), and the floor's
# PyYAML has it too; without it every timed run compiled the engine from source, 0.07 s of a
# generation here (measured 2026-12-04: imports 0.19 s without, 0.12 s with).
PYCACHE = Path(tempfile.gettempdir()) / "explainer-bench-pycache"


def _env() -> dict[str, str]:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONPYCACHEPREFIX=str(PYCACHE))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.setdefault("SOURCE_DATE_EPOCH", "1700000000")
    return env


WARM = "import explainer.generate, explainer.publish.search_index, explainer.preview.serve, scripts.subject"


def run(cmd: list[str], cwd: Path) -> tuple[float, float, str]:
    """Run a command to its end: (wall seconds, peak RSS in MB, stdout). Raises on failure."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=err, env=_env())
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode()
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited {proc.returncode}:\n{stdout[-3000:]}\n{stderr[-3000:]}")
    return seconds, usage.ru_maxrss / 1024, stdout


class Bench:
    def __init__(self, syn: Synthetic, project: Path):
        self.syn, self.root, self.project = syn, syn.root, project
        self.pristine = self.root / ".pristine-docs"  # the hand-written docs/, to start each cold run from
        shutil.copytree(self.root / "docs", self.pristine)
        self.trash = self.root / ".trash"
        self.resets = 0

    def reset(self) -> None:
        """Leave docs/ holding only the hand-written files, and no site/.

        The last run's output is moved aside, not deleted, until the end: for a minute or more
        after many files are deleted, ext4 makes creating files slow (perf: ext4_create spent 15%
        of a generation's samples in recently_deleted()), which charged the harness's own cleanup
        to the generator and to MkDocs (0.3 to 0.9 s of a 2.5 s generation here)."""
        self.resets += 1
        aside = self.trash / str(self.resets)
        aside.mkdir(parents=True)
        for name in ("docs", "site"):
            if (self.root / name).exists():
                (self.root / name).rename(aside / name)
        shutil.copytree(self.pristine, self.root / "docs")

    def cleanup(self) -> None:
        shutil.rmtree(self.trash, ignore_errors=True)

    def generate(self, quiet: bool = True) -> tuple[float, float, str]:
        cmd = [sys.executable, "-m", "explainer.generate", "generate", "--root", str(self.root)]
        return run(cmd + (["-q"] if quiet else []), self.project)

    def mkdocs(self) -> float:
        return run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"], self.root)[0]

    def site(self) -> float:
        """The build step of `make site`: the strict build, then what no reader fetches left out."""
        cmd = [sys.executable, "-m", "explainer.publish.builders", "--root", str(self.root)]
        return run(cmd, self.project)[0]

    def search_index(self) -> float:
        return run([sys.executable, "-m", "explainer.publish.search_index", "--root", str(self.root)], self.project)[0]

    def floor(self) -> float:
        return run([sys.executable, "-c", FLOOR, str(self.root)], self.project)[0]

    def written(self) -> int:
        out = self.generate(quiet=False)[2]
        found = re.search(r"generated: (\d+) written, (\d+) deleted", out)
        assert found, out
        return int(found.group(1)) + int(found.group(2))

    def edit(self, marker: str) -> None:
        """Change one record's text: the benchmark's position gets a new word in its stance."""
        file = self.syn.edit_file
        text = file.read_text(encoding="utf-8")
        old = self.syn.edit_old
        new = old[:-1] + f' {marker}"'
        assert text.count(old) == 1, "the edited text must be unique"
        file.write_text(text.replace(old, new), encoding="utf-8")
        self.syn.edit_old = new

    def edit_url(self) -> str:
        """The served path of the page that shows the edited record."""
        rid = self.syn.edit_id
        for page in sorted((self.root / "docs").rglob("*.md")):
            body = page.read_text(encoding="utf-8")
            if f"{{ #{rid} }}" in body or f'id="{rid}"' in body:
                rel = page.relative_to(self.root / "docs").as_posix().removesuffix(".md")
                rel = rel.removesuffix("index")
                return rel + "/" if rel and not rel.endswith("/") else rel
        raise RuntimeError(f"no generated page shows {rid}")

    def preview(self, runs: int, timeout: float) -> float:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        url = f"http://127.0.0.1:{port}/{self.edit_url()}"
        log = open(self.root / "serve.log", "wb")  # noqa: SIM115 (the server writes it until the finally below)
        proc = subprocess.Popen(
            [sys.executable, "-m", "explainer.preview.serve", "--root", str(self.root), "--addr", f"127.0.0.1:{port}"],
            cwd=self.project,
            env=_env(),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            _wait_for(url, self.syn.edit_old.strip('"').split(" ")[-1], timeout, proc)
            times = []
            for i in range(runs):
                marker = f"previewmark{i}x{os.getpid()}"
                time.sleep(1.0)
                start = time.perf_counter()
                self.edit(marker)
                _wait_for(url, marker, timeout, proc)
                times.append(time.perf_counter() - start)
            log.flush()
            text = (self.root / "serve.log").read_text(encoding="utf-8", errors="replace")
            gens = [float(x) for x in re.findall(r"regenerated in ([\d.]+) s", text)][-runs:]
            builds = [float(x) for x in re.findall(r"Documentation built in ([\d.]+) seconds", text)][-runs:]
            self.preview_parts = {
                "preview_gen_s": statistics.median(gens) if gens else float("nan"),
                "preview_mkdocs_s": statistics.median(builds) if builds else float("nan"),
            }
            return statistics.median(times)
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
                try:
                    proc.wait(10)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)
                    proc.wait()
            log.close()


def _wait_for(url: str, needle: str, timeout: float, proc: subprocess.Popen) -> None:
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the preview server stopped (exit {proc.returncode}); see serve.log (--keep DIR)")
        try:
            with urllib.request.urlopen(url, timeout=5) as resp:
                if needle in resp.read().decode("utf-8", "replace"):
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.05)
    raise RuntimeError(f"{url} did not show {needle!r} within {timeout:.0f} s")


def create_cost(folder: Path, n: int = 400) -> float:
    """Milliseconds to create one small file in a new folder here, as the generator creates pages.

    On ext4 without a journal (this machine's disk), creating a file skips every inode freed in
    the last minutes, one by one: after many deletions in the same part of the disk (an earlier
    benchmark's cleanup, a test suite) a creation costs 30 times more, and gen_s, which creates
    800 pages at 10,000 claims, grows by up to half a second. The files stay until the end,
    since deleting them would cause the very cost it measures."""
    folder.mkdir()
    start = time.perf_counter()
    for i in range(n):
        fd = os.open(folder / f"f{i}", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        os.close(fd)
    return (time.perf_counter() - start) * 1000 / n


SLOW_CREATE_MS = 0.2  # a healthy disk here takes 0.01 to 0.05 ms


def site_stats(site: Path) -> dict[str, float]:
    html = list(site.rglob("*.html"))
    total = sum(f.stat().st_size for f in site.rglob("*") if f.is_file())
    index = site / "search" / "search_index.json"  # Material's lunr index, if a design still has one
    pagefind = site / "pagefind"
    tokens: dict[str, int] = {}
    if index.is_file():
        docs = json.loads(index.read_text(encoding="utf-8")).get("docs", [])
        for doc in docs:
            page = doc.get("location", "").split("#")[0]
            text = re.sub(r"<[^>]+>", " ", doc.get("title", "") + " " + doc.get("text", ""))
            tokens[page] = tokens.get(page, 0) + len(text.split())
    return {
        "pages": len(html),
        "site_mb": total / MB,
        "largest_page_kb": max((f.stat().st_size for f in html), default=0) / KB,
        "search_index_mb": (
            (index.stat().st_size if index.is_file() else 0)
            + sum(f.stat().st_size for f in pagefind.rglob("*") if f.is_file())
        )
        / MB,
        "max_page_tokens": max(tokens.values(), default=0),
        "downloads_mb": sum(f.stat().st_size for f in (site / "downloads").rglob("*") if f.is_file()) / MB
        if (site / "downloads").is_dir()
        else 0.0,
    }


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores ({model}), Python {platform.python_version()}, {platform.system()}"


def measure(n: int, runs: int, preview: bool, project: Path, keep: Path | None, timeout: float) -> dict:
    folder = Path(tempfile.mkdtemp(prefix=f"bench-{n}-")) if keep is None else keep
    if keep is not None:
        shutil.rmtree(keep, ignore_errors=True)
        keep.mkdir(parents=True)
    cleanups: list = []
    try:
        t0 = time.perf_counter()
        syn = write_factbase(folder, n, project)
        print(
            f"# wrote the synthetic fact base in {time.perf_counter() - t0:.1f} s: "
            + ", ".join(f"{k} {v}" for k, v in sorted(syn.counts.items())),
            file=sys.stderr,
        )
        bench = Bench(syn, project)
        cleanups.append(bench.cleanup)
        r: dict = {
            "n": n,
            "claims": syn.claims,
            "records": sum(syn.counts.values()),
            "unique_text_mb": syn.unique_text_bytes / MB,
            "data_mb": sum(f.stat().st_size for f in (folder / "data").glob("*.yaml")) / MB,
            "seeds_mb": sum(f.stat().st_size for f in (folder / "seeds").glob("*.txt")) / MB,
        }
        r["create_ms"] = create_cost(folder / ".create-probe")
        run([sys.executable, "-c", WARM], project)  # the bytecode in PYCACHE, before any timing
        # The floor and the generator in turns, so that both medians come from the same minutes: on
        # a shared machine the floor alone ranged from 1.2 to 1.8 s in one afternoon, and a ratio of
        # two blocks timed minutes apart moved with it.
        floors, gens, peaks = [], [], []
        for _ in range(runs):
            bench.reset()
            floors.append(bench.floor())
            seconds, peak, _ = bench.generate()
            gens.append(seconds)
            peaks.append(peak)
        r["floor_s"], r["gen_s"], r["peak_mb"] = statistics.median(floors), statistics.median(gens), max(peaks)
        r["noop_written"] = bench.written()
        r["bare_build_s"] = statistics.median(bench.mkdocs() for _ in range(runs))
        builds = []
        for _ in range(runs):
            bench.reset()
            builds.append(bench.generate()[0] + bench.site())
        r["build_s"] = statistics.median(builds)
        r["search_index_s"] = bench.search_index()
        r.update(site_stats(folder / "site"))
        searched = first_search(folder / "site", SEARCH_QUERY)
        r["first_search_kb"] = searched.kb if searched else float("nan")
        r["first_search_s"] = searched.seconds if searched else float("nan")
        bench.edit("benchedit")
        r["one_edit_written"] = bench.written()
        r["preview_s"] = bench.preview(runs, timeout) if preview else float("nan")
        r.update(getattr(bench, "preview_parts", {"preview_gen_s": float("nan"), "preview_mkdocs_s": float("nan")}))
        return r
    finally:
        for cleanup in cleanups:
            cleanup()
        if keep is None:
            shutil.rmtree(folder, ignore_errors=True)


def measure_preview(n: int, runs: int, project: Path, timeout: float) -> dict:
    """Only preview_s (and its parts), without the full builds: `--only-preview`, for a look at a
    large N on a busy machine (the full benchmark at 30,000 claims runs MkDocs six times)."""
    folder = Path(tempfile.mkdtemp(prefix=f"bench-preview-{n}-"))
    try:
        syn = write_factbase(folder, n, project)
        bench = Bench(syn, project)
        run([sys.executable, "-c", WARM], project)
        bench.generate()
        r = {"n": n, "preview_s": bench.preview(runs, timeout), **bench.preview_parts}
        bench.cleanup()
        return r
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _fmt(value: float) -> str:
    if isinstance(value, int):
        return str(value)
    if value != value:  # nan: not measured
        return "nan"
    return f"{value:.3f}" if abs(value) < 10 else f"{value:.1f}"


def report(r: dict) -> str:
    ratio = lambda a, b: r[a] / r[b] if r[b] else float("inf")  # noqa: E731
    checks = [
        ("gen_s / floor_s", ratio("gen_s", "floor_s"), "<= 1.5", ratio("gen_s", "floor_s") <= 1.5),
        ("build_s / bare_build_s", ratio("build_s", "bare_build_s"), "<= 1.3", ratio("build_s", "bare_build_s") <= 1.3),
        ("site_mb / pages", ratio("site_mb", "pages"), "<= 0.1", ratio("site_mb", "pages") <= 0.1),
        ("largest_page_kb", r["largest_page_kb"], "<= 500", r["largest_page_kb"] <= 500),
        (
            "search_index_mb / unique_text_mb",
            ratio("search_index_mb", "unique_text_mb"),
            "<= 1.5",
            ratio("search_index_mb", "unique_text_mb") <= 1.5,
        ),
        ("max_page_tokens", r["max_page_tokens"], "< 65536", r["max_page_tokens"] < 65536),
        (
            "first_search_kb",
            r["first_search_kb"],
            "<= 300",
            r["first_search_kb"] <= 300 if r["first_search_kb"] == r["first_search_kb"] else None,
        ),
        ("peak_mb", r["peak_mb"], "<= 1000", r["peak_mb"] <= 1000),
        ("noop_written", r["noop_written"], "== 0", r["noop_written"] == 0),
        ("one_edit_written", r["one_edit_written"], "<= 5", r["one_edit_written"] <= 5),
        ("preview_s", r["preview_s"], "<= 3", r["preview_s"] <= 3 if r["preview_s"] == r["preview_s"] else None),
    ]
    lines = [
        f"# machine: {machine()}",
        f"# N={r['n']}: {r['claims']} claims, {r['records']} records, data {r['data_mb']:.1f} MB, "
        f"seeds {r['seeds_mb']:.1f} MB",
        "| measure | value |",
        "|---|---|",
    ]
    for key in (
        "create_ms",
        "floor_s",
        "gen_s",
        "peak_mb",
        "bare_build_s",
        "build_s",
        "pages",
        "site_mb",
        "downloads_mb",
        "largest_page_kb",
        "search_index_s",
        "search_index_mb",
        "first_search_kb",
        "first_search_s",
        "unique_text_mb",
        "max_page_tokens",
        "noop_written",
        "one_edit_written",
        "preview_s",
        "preview_gen_s",
        "preview_mkdocs_s",
    ):
        lines.append(f"| {key} | {_fmt(r[key])} |")
    lines += ["", "| target | value | wanted | met |", "|---|---|---|---|"]
    for name, value, want, ok in checks:
        lines.append(f"| {name} | {_fmt(value)} | {want} | {'-' if ok is None else 'yes' if ok else 'NO'} |")
    if r["create_ms"] > SLOW_CREATE_MS:
        lines.append(
            f"# note: creating a file took {r['create_ms']:.2f} ms here (healthy: under 0.05): many files "
            "were deleted on this disk in the last minutes, and gen_s and build_s include that cost; "
            "for numbers that compare, run again once the disk has been left alone for 5 minutes"
        )
    lines.append("")
    lines.append("bench " + " ".join(f"{'N' if k == 'n' else k}={_fmt(r[k])}" for k in LAST_LINE))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.bench", description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10000, help="claims in the synthetic fact base")
    parser.add_argument("--runs", type=int, default=3, help="cold runs per timing (the median is shown)")
    parser.add_argument("--no-preview", action="store_true", help="skip the live-preview measurement")
    parser.add_argument("--only-preview", action="store_true", help="measure only preview_s (no full builds)")
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it (it is emptied first)")
    parser.add_argument("--project", type=Path, default=ROOT, help="where the generator and page design are")
    parser.add_argument("--timeout", type=float, default=900, help="seconds to wait for the preview server")
    args = parser.parse_args(argv)
    if args.only_preview:
        r = measure_preview(args.n, max(1, args.runs), args.project, args.timeout)
        print(f"# machine: {machine()}")
        print("bench-preview " + " ".join(f"{'N' if k == 'n' else k}={_fmt(v)}" for k, v in r.items()), flush=True)
        return 0
    r = measure(args.n, max(1, args.runs), not args.no_preview, args.project, args.keep, args.timeout)
    print(report(r), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
