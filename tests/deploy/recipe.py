"""docs/deploy.md as something to run: its `deploy-test=NAME` blocks, the environment file, the
units' ExecStart lines, and the processes they start (each in a process group of its own, so
`kill -9` of a node stops all of it, as a machine lost would)."""

from __future__ import annotations

import contextlib
import http.client
import os
import re
import shlex
import signal
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from assess.config import SETTINGS

ROOT = Path(__file__).resolve().parent.parent.parent
DOC = ROOT / "docs" / "deploy.md"
BIN = ROOT / ".venv" / "bin"
# ```lang deploy-test=NAME ... ```
BLOCK = re.compile(r"^```\S+ deploy-test=(\S+)\n(.*?)^```", re.MULTILINE | re.DOTALL)
# Where the recipe puts things, and what the test puts there instead.
CHECKOUT, INSTANCE = "/opt/assess", "/var/lib/assess"


def blocks() -> dict[str, str]:
    """The recipe's blocks the test runs, by name."""
    found = BLOCK.findall(DOC.read_text(encoding="utf-8"))
    named = dict(found)
    assert len(named) == len(found), "two blocks of docs/deploy.md share a deploy-test name"
    return named


def environment_file(text: str) -> dict[str, str]:
    """KEY=value lines as systemd's EnvironmentFile reads them (comments and blanks skipped);
    every key must be a setting assess declares."""
    known = {setting.variable for setting in SETTINGS}
    values = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.partition("=")
        assert sep, f"not KEY=value in the environment file: {line!r}"
        assert key in known, f"{key} in docs/deploy.md's environment file is no assess setting"
        values[key] = value
    return values


def exec_start(unit: str) -> str:
    """A systemd unit's ExecStart line."""
    lines = [line for line in unit.splitlines() if line.startswith("ExecStart=")]
    assert len(lines) == 1, "a unit of docs/deploy.md has no single ExecStart line"
    return lines[0].removeprefix("ExecStart=")


def placed(text: str, instance: Path, instance_name: str = "") -> str:
    """A recipe text with the checkout at the repository, the instance folder at `instance` and
    systemd's %i at `instance_name`."""
    text = text.replace(CHECKOUT, str(ROOT)).replace(INSTANCE, str(instance))
    return text.replace("%i", instance_name)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Service:
    """A process started from a recipe line, its output kept in a log file."""

    name: str
    command: list[str]
    env: dict[str, str]
    log: Path
    process: subprocess.Popen | None = field(default=None, repr=False)

    def start(self) -> Service:
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                self.command,
                env=self.env,
                cwd=self.log.parent,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        return self

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def kill(self) -> None:
        """kill -9 of the whole process group (gunicorn's master and workers, a job's worker)."""
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(10)

    def tail(self, size: int = 3000) -> str:
        return self.log.read_text(errors="replace")[-size:] if self.log.exists() else ""


def run_line(line: str, env: dict[str, str], cwd: Path) -> str:
    """Run one recipe command; its output, or a failure naming the command and what it said."""
    done = subprocess.run(
        shlex.split(line), env=env, cwd=cwd, capture_output=True, text=True, timeout=180
    )
    assert done.returncode == 0, f"{line} exited {done.returncode}: {done.stderr[-2000:]}"
    return done.stdout


def wait_until_up(service: Service, port: int, path: str, seconds: float = 45) -> None:
    """Wait for `path` to answer 200 on the node."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert service.running, f"{service.name} stopped:\n{service.tail()}"
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        try:
            connection.request("GET", path)
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        finally:
            connection.close()
        time.sleep(0.2)
    raise AssertionError(f"{service.name} not up within {seconds:g} s:\n{service.tail()}")
