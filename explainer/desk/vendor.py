"""The engine's wheel inside a project (wheels/), so that the project installs its engine by itself.

The engine is not on a package index. A project pins `sourced-explainer==VERSION`, and its
requirement files say `--find-links wheels` (skeleton.render), so `make`, CI and the Pages
workflow install the engine from the wheel kept in the project's own wheels/ folder, and the
other packages from the index as before. `explainer new` puts the wheel there and `explainer
upgrade` replaces it with the new version's.

The wheel is made again from the installed engine: its files and metadata as installed, with a
fresh RECORD, the same bytes every time. An engine run from its checkout (`make new` there) has
no installed files to take: pip builds the wheel from a copy of the checkout instead.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.metadata
import io
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

from . import skeleton

WHEELS = skeleton.WHEELS  # the project's folder of wheels, named in its requirement files
# What pip adds to an installed distribution's metadata: not part of the wheel.
_INSTALLED_ONLY = frozenset({"RECORD", "INSTALLER", "REQUESTED", "direct_url.json"})
_DATE = (1980, 1, 1, 0, 0, 0)  # the earliest a zip can say: no clock in the bytes


def wheel_name(version: str) -> str:
    return f"{skeleton.PACKAGE.replace('-', '_')}-{version}-py3-none-any.whl"


def install_command(root: Path, version: str) -> str:
    """A command that installs engine `version` into the project in `root` (the engine is on no
    package index, so `pip install sourced-explainer==VERSION` finds nothing): the project's own
    wheel of it in wheels/ when it is there, else one built in a checkout of that version."""
    pip = root / ".venv" / "bin" / "pip"
    wheel = root / WHEELS / wheel_name(version)
    if wheel.is_file():
        return f"{pip} install {wheel}"
    return (
        f"build engine {version}'s wheel in a checkout of it (python -m pip wheel --no-deps -w dist .) and "
        f"install that file: {pip} install CHECKOUT/dist/{wheel_name(version)}"
    )


def place(root: Path, version: str, wheel: bytes) -> list[tuple[str, str]]:
    """Put `wheel`, the engine's for `version`, in the project's wheels/ and remove the engine's
    other versions there; returns (path, what was done) for each file."""
    folder = root / WHEELS
    name = wheel_name(version)
    done: list[tuple[str, str]] = []
    target = folder / name
    if not target.is_file() or target.read_bytes() != wheel:
        action = "updated" if target.exists() else "added"
        folder.mkdir(parents=True, exist_ok=True)
        skeleton.write_atomic(target, wheel)
        done.append((f"{WHEELS}/{name}", action))
    for old in sorted(folder.glob(wheel_name("*"))):
        if old.name != name:
            old.unlink()
            done.append((f"{WHEELS}/{old.name}", "removed"))
    return done


def engine_wheel(version: str) -> bytes:
    """The wheel of the running engine (which must be `version`)."""
    dist = _installed(version)
    if dist is not None:
        return repack(dist)
    with tempfile.TemporaryDirectory(prefix="explainer-wheel-") as out:
        return build(skeleton.ENGINE.parent, version, out=Path(out)).read_bytes()


def installed_wheel(version: str) -> bytes | None:
    """The wheel of the running engine when it is installed as `version`, else None (a checkout)."""
    dist = _installed(version)
    return repack(dist) if dist is not None else None


def _installed(version: str) -> importlib.metadata.Distribution | None:
    """The installed distribution this engine runs from, if it is one (not a checkout)."""
    try:
        dist = importlib.metadata.distribution(skeleton.PACKAGE)
    except importlib.metadata.PackageNotFoundError:
        return None
    init = Path(str(dist.locate_file("explainer/__init__.py")))
    if dist.version != version or not init.is_file() or init.resolve() != (skeleton.ENGINE / "__init__.py").resolve():
        return None  # another copy of the engine than the one running
    return dist


def repack(dist: importlib.metadata.Distribution) -> bytes:
    """An installed distribution as a wheel again: its package files and metadata (not what pip
    added on install, nor compiled bytecode), in a sorted order, with a RECORD of their hashes."""
    files = dist.files or []
    info = next((p.parts[0] for p in files if p.parts[0].endswith(".dist-info")), None)
    if info is None:
        raise RuntimeError(f"the installed {skeleton.PACKAGE} has no .dist-info in its file list")
    members: dict[str, bytes] = {}
    for path in files:
        parts = path.parts
        if parts[0] == info and path.name in _INSTALLED_ONLY:
            continue
        if parts[0] not in ("explainer", info) or "__pycache__" in parts or path.suffix == ".pyc":
            continue
        members[path.as_posix()] = Path(str(dist.locate_file(path))).read_bytes()
    record = "".join(f"{name},sha256={_hash(data)},{len(data)}\n" for name, data in sorted(members.items()))
    members[f"{info}/RECORD"] = (record + f"{info}/RECORD,,\n").encode("utf-8")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as wheel:
        # The package first and the metadata last, as wheel tools write them.
        for name in sorted(members, key=lambda n: (n.startswith(info), n)):
            entry = zipfile.ZipInfo(name, _DATE)
            entry.external_attr = 0o644 << 16
            entry.compress_type = zipfile.ZIP_DEFLATED
            wheel.writestr(entry, members[name])
    return out.getvalue()


def _hash(data: bytes) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode("ascii")


def build(checkout: Path, version: str | None, out: Path, change: Callable[[Path], None] | None = None) -> Path:
    """The wheel of a checkout of the engine, built by pip from a copy of it (a build writes build/
    and *.egg-info/ beside pyproject.toml): as `version` and after `change(copy)` when given.
    With the setuptools already installed when it can (offline), else in pip's own build
    environment (from the package index)."""
    work = Path(tempfile.mkdtemp(prefix="explainer-wheel-"))
    try:
        copy = work / "engine"
        copy.mkdir()
        for name in ("pyproject.toml", "setup.py"):
            shutil.copy2(checkout / name, copy / name)
        shutil.copytree(checkout / "explainer", copy / "explainer", ignore=shutil.ignore_patterns("__pycache__"))
        for rel in skeleton.expand(checkout, skeleton.FILES + skeleton.CORE_SCHEMAS + skeleton.MODELS):
            (copy / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(checkout / rel, copy / rel)
        if version is not None:
            init = copy / "explainer" / "__init__.py"
            text = init.read_text(encoding="utf-8")
            init.write_text(re.sub(r'__version__ = "[^"]*"', f'__version__ = "{version}"', text), encoding="utf-8")
        if change is not None:
            change(copy)
        dist = work / "dist"
        base = [sys.executable, "-m", "pip", "wheel", str(copy), "--no-deps", "--quiet", "-w", str(dist)]
        run = subprocess.run([*base, "--no-build-isolation"], capture_output=True, text=True, timeout=600)
        if run.returncode != 0:
            run = subprocess.run(base, capture_output=True, text=True, timeout=600)
        wheels = sorted(dist.glob("*.whl"))
        if run.returncode != 0 or len(wheels) != 1:
            raise RuntimeError(f"pip could not build the engine's wheel from {checkout}:\n{run.stdout}{run.stderr}")
        out.mkdir(parents=True, exist_ok=True)
        return Path(shutil.copy2(wheels[0], out / wheels[0].name))
    finally:
        shutil.rmtree(work, ignore_errors=True)
