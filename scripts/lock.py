"""Pin the full dependency set, and check that the pins are what gets installed.

    python scripts/lock.py                       # write requirements.txt and requirements-dev.txt
    python scripts/lock.py --check               # CI: fail when a lock is not what its .in gives
    python scripts/lock.py --installed FILE      # CI: fail unless this environment is FILE exactly

`requirements.in` names the app's direct dependencies and `requirements-dev.in` the test, lint
and lock tools; pip-compile (pip-tools) resolves each into a ``.txt`` that pins every package
either pulls in, so two installs a month apart are the same. Run it with Python 3.12, the
version Streamlit Community Cloud uses by default and CI runs on: the resolution is made for the
interpreter that runs it. Writing keeps today's pins wherever they still satisfy the ``.in``
file (pip-compile's default); ``--upgrade`` asks for the newest versions instead.

``--check`` resolves into a copy of each lock and compares the pins (package and version, not
the comments): a package added to or removed from a ``.in`` file without re-locking fails CI.
It reads the package index, as pip does. ``--installed`` compares the environment running it
with a lock: every pinned package at its version and nothing else (pip, setuptools and wheel
aside), which is what "installs exactly the pinned set" means.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCKS = {"requirements.in": "requirements.txt", "requirements-dev.in": "requirements-dev.txt"}
LOCK_PYTHON = (3, 12)
# pip-compile's options: no index URLs or local wheel folders of this machine in the files.
COMPILE = [
    "--quiet",
    "--strip-extras",
    "--annotation-style=line",
    "--no-emit-index-url",
    "--no-emit-find-links",
    "--no-emit-trusted-host",
]
# Installed by venv/pip itself, never pinned by a lock.
TOOLING = {"pip", "setuptools", "wheel"}
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;#]+)")


def normalise(name: str) -> str:
    """A package name as the index compares them (PEP 503): ``PyYAML`` → ``pyyaml``."""
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(lock: Path) -> dict[str, str]:
    """The ``name==version`` lines of a lock file, by normalised name."""
    found: dict[str, str] = {}
    for line in lock.read_text(encoding="utf-8").splitlines():
        match = PIN.match(line.strip())
        if match:
            found[normalise(match.group(1))] = match.group(2)
    return found


def compile_lock(source: Path, output: Path, *, upgrade: bool = False) -> None:
    """Resolve `source` into `output` with pip-compile, keeping `output`'s pins where they fit."""
    command = [sys.executable, "-m", "piptools", "compile", *COMPILE]
    if upgrade:
        command.append("--upgrade")
    # Paths relative to the repository where they are in it: the header and the "via" notes
    # then say "requirements.in", not this machine's folders.
    shown = output.relative_to(ROOT) if output.is_relative_to(ROOT) else output
    command += ["--output-file", str(shown), str(source.relative_to(ROOT))]
    subprocess.run(command, cwd=ROOT, check=True)


def write(*, upgrade: bool) -> None:
    for source, lock in LOCKS.items():
        compile_lock(ROOT / source, ROOT / lock, upgrade=upgrade)
        print(f"{lock}: {len(pins(ROOT / lock))} packages pinned")


def check() -> list[str]:
    """The differences between each lock and a fresh resolution of its ``.in`` file."""
    problems: list[str] = []
    with tempfile.TemporaryDirectory() as folder:
        for source, lock in LOCKS.items():
            # Same folder layout as the repository, so "-r requirements.in" and "-c
            # requirements.txt" inside the .in files resolve to the committed files.
            copy = Path(folder) / lock
            shutil.copy(ROOT / lock, copy)
            compile_lock(ROOT / source, copy)
            committed, fresh = pins(ROOT / lock), pins(copy)
            for name in sorted(committed.keys() | fresh.keys()):
                if committed.get(name) != fresh.get(name):
                    problems.append(
                        f"{lock}: {name} is {committed.get(name, 'missing')}, "
                        f"{source} resolves to {fresh.get(name, 'nothing')}"
                    )
    return problems


def installed_differences(lock: Path) -> list[str]:
    """How this environment differs from `lock`: missing, extra or other versions."""
    wanted = {name: version for name, version in pins(lock).items() if name not in TOOLING}
    have = {
        normalise(dist.metadata["Name"]): dist.version
        for dist in metadata.distributions()
        if normalise(dist.metadata["Name"]) not in TOOLING
    }
    problems = []
    for name in sorted(wanted.keys() | have.keys()):
        if wanted.get(name) != have.get(name):
            problems.append(
                f"{name}: pinned {wanted.get(name, 'not at all')}, "
                f"installed {have.get(name, 'not at all')}"
            )
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    action = parser.add_mutually_exclusive_group()
    action.add_argument("--check", action="store_true", help="fail when a lock has drifted")
    action.add_argument("--installed", type=Path, help="fail unless installed == this lock")
    parser.add_argument("--upgrade", action="store_true", help="newest versions when writing")
    args = parser.parse_args()

    if args.installed is not None:
        problems = installed_differences(args.installed)
        print(f"{args.installed}: {len(pins(args.installed))} pins, {len(problems)} differences")
    else:
        if sys.version_info[:2] != LOCK_PYTHON:
            version = ".".join(map(str, LOCK_PYTHON))
            print(f"run this with Python {version}, the version the locks are made for")
            return 2
        if not args.check:
            write(upgrade=args.upgrade)
            return 0
        problems = check()
        print(f"locks checked against {', '.join(LOCKS)}: {len(problems)} differences")
    for problem in problems:
        print(f"  {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
