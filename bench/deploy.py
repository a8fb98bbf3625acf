"""docs/deploy.md as something to run (tests/deploy and bench/bench_workshop.py): its
`deploy-test=NAME` blocks, the environment file, the units' ExecStart lines, and the machines they
start on this one, each process in a group of its own, so `kill -9` of a node stops all of it, as
a machine lost would."""

from __future__ import annotations

import contextlib
import http.client
import os
import re
import shlex
import signal
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from assess.config import SETTINGS
from bench.http_load import free_port

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "deploy.md"
# ```lang deploy-test=NAME ... ```
BLOCK = re.compile(r"^```\S+ deploy-test=(\S+)\n(.*?)^```", re.MULTILINE | re.DOTALL)
# Where the recipe puts things, and what the test puts there instead.
CHECKOUT, INSTANCE = "/opt/assess", "/var/lib/assess"
UP = "/readyz"  # a web node answering 200 takes requests (docs/deploy.md, 8)


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


def unit_lines(unit: str, key: str) -> list[str]:
    """The values of a systemd unit's `key=` lines, in order."""
    prefix = f"{key}="
    return [line.removeprefix(prefix) for line in unit.splitlines() if line.startswith(prefix)]


def exec_start(unit: str) -> str:
    """A systemd unit's ExecStart line."""
    lines = unit_lines(unit, "ExecStart")
    assert len(lines) == 1, "a unit of docs/deploy.md has no single ExecStart line"
    return lines[0]


def placed(text: str, instance: Path, instance_name: str = "") -> str:
    """A recipe text with the checkout at the repository, the instance folder at `instance`,
    systemd's %i at `instance_name` and its %% a %."""
    text = text.replace(CHECKOUT, str(ROOT)).replace(INSTANCE, str(instance))
    return text.replace("%i", instance_name).replace("%%", "%")


def descendants(pid: int) -> list[int]:
    """Every process below `pid` (children, their children...), from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(parent, []).append(int(entry.name))
    found, todo = [], list(children.get(pid, []))
    while todo:
        child = todo.pop()
        found.append(child)
        todo.extend(children.get(child, []))
    return found


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
        """kill -9 of everything the service started, as a machine lost: its process group
        (gunicorn's master and workers) and every process below it, in a group of its own too
        (an rq worker's work horse): the group is stopped first, so none forks meanwhile."""
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGSTOP)
        for pid in [self.process.pid, *descendants(self.process.pid)]:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
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


class Cluster:
    """The recipe's machines on this one: web nodes and workers as separate process groups,
    with the environment file's settings and `overrides` (this machine's database, Redis...)."""

    def __init__(self, tmp: Path, overrides: dict[str, str]) -> None:
        self.recipe = blocks()
        self.tmp = tmp
        self.settings = {**environment_file(self.recipe["assess.env"]), **overrides}
        self.services: list[Service] = []

    @property
    def file_store(self) -> str:
        return self.settings.get("ASSESS_FILE_STORE", "folder")

    @property
    def shared_files(self) -> bool:
        """Whether files live in folders, which machines then share (docs/deploy.md, 2)."""
        return self.file_store == "folder"

    @property
    def job_backend(self) -> str:
        return self.settings.get("ASSESS_JOB_BACKEND", "embedded")

    def instance(self, machine: str) -> Path:
        """A machine's instance folder: one shared folder while files live in folders."""
        folder = self.tmp / ("shared" if self.shared_files else machine)
        folder.mkdir(exist_ok=True)
        return folder

    def env(self, machine: str) -> dict[str, str]:
        inherited = {k: v for k, v in os.environ.items() if not k.startswith("ASSESS_")}
        instance = self.instance(machine)
        return {**inherited, **{k: placed(v, instance) for k, v in self.settings.items()}}

    def run(self, block: str, machine: str = "admin") -> str:
        """Run a block's commands, one a line."""
        env, folder = self.env(machine), self.instance(machine)
        lines = [line for line in self.recipe[block].splitlines() if line.strip()]
        return "".join(run_line(placed(line, folder), env, folder) for line in lines)

    def unit(self, unit: str, machine: str, instance_name: str = "") -> tuple[list[str], dict]:
        """A unit's command and environment as systemd gives them on `machine`: its
        Environment= lines over the environment file, its ExecStartPre= lines run first."""
        text, folder = self.recipe[unit], self.instance(machine)
        env = self.env(machine)
        for assignment in unit_lines(text, "Environment"):
            key, _sep, value = placed(assignment, folder, instance_name).partition("=")
            env[key] = value
        for line in unit_lines(text, "ExecStartPre"):
            run_line(placed(line, folder, instance_name), env, folder)
        return shlex.split(placed(exec_start(text), folder, instance_name)), env

    def oneshot(self, unit: str, machine: str = "admin") -> str:
        """Run a oneshot unit, as its timer would; what it printed."""
        command, env = self.unit(unit, machine)
        return run_line(shlex.join(command), env, self.instance(machine))

    def start(self, unit: str, machine: str, instance_name: str) -> Service:
        """A long-running unit started as `unit@instance_name` on `machine`."""
        command, env = self.unit(unit, machine, instance_name)
        log = self.tmp / f"{machine}-{instance_name}.log"
        service = Service(machine, command, env, log).start()
        self.services.append(service)
        return service

    def web(self, machine: str, port: int | None = None) -> tuple[Service, int]:
        """A web node from the web unit, once it answers; and its port."""
        port = port or free_port()
        service = self.start("assess-web@.service", machine, str(port))
        wait_until_up(service, port, UP)
        return service, port

    def stop(self) -> None:
        for service in self.services:
            service.kill()
