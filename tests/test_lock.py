"""requirements.lock (written by scripts/lock) holds every pin of pyproject.toml at its version,
and every package in it carries hashes: pip's --require-hashes installs nothing else."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements.lock"
# "name[extras]==version" in pyproject.toml; "name==version ; markers \" in the lock.
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s;]+)")
HASH = re.compile(r"^\s+--hash=sha256:[0-9a-f]{64}( \\)?$")


def normal(name: str) -> str:
    """A package name as PEP 503 compares them."""
    return re.sub(r"[-_.]+", "-", name).lower()


def declared(pyproject: Path = ROOT / "pyproject.toml") -> dict[str, str]:
    """Every requirement of pyproject.toml (runtime, extras, build), name -> pinned version."""
    data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    lines = [
        *data["project"]["dependencies"],
        *(line for extra in data["project"]["optional-dependencies"].values() for line in extra),
        *data["build-system"]["requires"],
    ]
    pins = {}
    for line in lines:
        match = PIN.match(line)
        assert match, f"{line!r} in pyproject.toml is not pinned with =="
        pins[normal(match[1])] = match[2]
    return pins


def locked(text: str) -> dict[str, tuple[str, int]]:
    """The lock's packages: name -> (version, how many hashes); AssertionError on a line that is
    neither a pin, a hash nor a comment, or a pin without a hash."""
    packages: dict[str, tuple[str, int]] = {}
    current = None
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if HASH.match(line):
            assert current, f"line {number}: a hash before any package"
            version, hashes = packages[current]
            packages[current] = (version, hashes + 1)
            continue
        match = PIN.match(line)
        assert match and line.endswith(" \\"), f"line {number} is not a pinned package: {line!r}"
        current = normal(match[1])
        assert current not in packages, f"line {number}: {current} twice"
        packages[current] = (match[2], 0)
    unhashed = sorted(name for name, (_version, hashes) in packages.items() if hashes == 0)
    assert unhashed == [], f"packages without a hash: {unhashed}"
    return packages


def test_every_pin_of_pyproject_is_locked_at_its_version() -> None:
    lock = locked(LOCK.read_text(encoding="utf-8"))
    differing = {
        name: (version, lock.get(name, ("missing", 0))[0])
        for name, version in declared().items()
        if lock.get(name, ("missing", 0))[0] != version
    }
    assert differing == {}, f"pyproject.toml vs requirements.lock (run scripts/lock): {differing}"


def test_the_lock_holds_the_transitive_dependencies_too() -> None:
    lock = locked(LOCK.read_text(encoding="utf-8"))
    # Flask's own dependencies, named nowhere in pyproject.toml.
    assert {"werkzeug", "jinja2", "itsdangerous", "markupsafe", "blinker"} <= set(lock)
    assert len(lock) > len(declared())


def test_a_package_without_a_hash_is_caught() -> None:
    text = "flask==3.1.3 \\\n    --hash=sha256:" + "a" * 64 + "\nwerkzeug==3.1.3 \\\n"
    with pytest.raises(AssertionError, match=r"without a hash: \['werkzeug'\]"):
        locked(text)


def test_an_unpinned_line_is_caught() -> None:
    with pytest.raises(AssertionError, match="line 1 is not a pinned package"):
        locked("flask>=3 \\\n    --hash=sha256:" + "a" * 64 + "\n")


def test_a_pin_the_lock_does_not_match_is_caught(tmp_path: Path) -> None:
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(
        '[build-system]\nrequires = ["setuptools==1.0"]\n'
        '[project]\ndependencies = ["psycopg[binary]==3.3.9"]\n'
        "[project.optional-dependencies]\ndev = []\n",
        encoding="utf-8",
    )
    assert declared(pyproject) == {"psycopg": "3.3.9", "setuptools": "1.0"}
    lock = locked(LOCK.read_text(encoding="utf-8"))
    assert lock["setuptools"][0] != "1.0"
