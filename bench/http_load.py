"""Load on a server over HTTP on 127.0.0.1: gunicorn with 2 workers, clients with a session
cookie and a CSRF token, and concurrent clients whose latencies are collected."""

from __future__ import annotations

import http.client
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from assess.services import demo as demo_data

ROOT = Path(__file__).resolve().parent.parent
TOKEN = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


class Client:
    """One person's HTTP client: a session cookie, the CSRF token, the answers' versions."""

    def __init__(self, port: int) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookie = ""
        self.token = ""
        self.versions: dict[str, int] = {}

    def request(self, method: str, path: str, body: bytes | None = None, **headers: str):
        headers = {"Cookie": self.cookie, **headers} if self.cookie else headers
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        data = response.read()
        cookie = response.getheader("Set-Cookie")
        if cookie:
            self.cookie = cookie.split(";", 1)[0]
        return response.status, data

    def sign_in(self, username: str) -> Client:
        _status, page = self.request("GET", "/login")
        token = TOKEN.search(page.decode()).group(1)
        form = f"username={username}&password={demo_data.PASSWORD}&csrf_token={token}"
        self.request(
            "POST", "/login", form.encode(), **{"Content-Type": "application/x-www-form-urlencoded"}
        )
        self.token = json.loads(self.request("GET", "/csrf-token")[1])["token"]
        return self

    def autosave(self, assessment_path: str, qid: str, value: str) -> None:
        """Save one answer as the page's script does; any answer but 200 stops the benchmark."""
        payload: dict[str, object] = {"state": "answered", "value": value, "comment": ""}
        payload["version"] = self.versions.get(qid, 0)
        status, body = self.request(
            "POST",
            f"{assessment_path}/answers/{qid}",
            json.dumps(payload).encode(),
            **{"Content-Type": "application/json", "X-CSRFToken": self.token},
        )
        if status != 200:
            raise RuntimeError(f"autosave of {qid} answered {status}: {body[:200]!r}")
        self.versions[qid] = json.loads(body)["version"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def gunicorn(target: str, env: dict[str, str]) -> Iterator[int]:
    """gunicorn with 2 workers serving `target` on 127.0.0.1, stopped on leaving."""
    port = free_port()
    command = [str(Path(sys.executable).parent / "gunicorn"), "-w", "2", "-b", f"127.0.0.1:{port}"]
    process = subprocess.Popen(
        [*command, "--log-level", "warning", target],
        cwd=ROOT,
        env={**os.environ, **env},
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for(port, process)
        yield port
    finally:
        process.terminate()
        process.wait(20)


def _wait_for(port: int, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not start within 30 s")


def load(
    clients: list[Client], work: Callable[[Client, int], None], per_client: int, pause: float = 0
):
    """Every client does `per_client` pieces of work at once, `pause` seconds apart;
    (latencies, wall time). A failure in any client stops the benchmark."""
    latencies: list[float] = []
    failures: list[BaseException] = []
    lock = threading.Lock()

    def run(client: Client) -> None:
        mine = []
        try:
            for turn in range(per_client):
                before = time.perf_counter()
                work(client, turn)
                mine.append(time.perf_counter() - before)
                time.sleep(pause)
        except Exception as failure:  # reported below, in the main thread
            failures.append(failure)
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=run, args=(c,)) for c in clients]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise failures[0]
    return latencies, time.perf_counter() - start
