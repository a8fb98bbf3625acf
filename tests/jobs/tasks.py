"""Tasks the job tests hand to a backend by name, as the services hand theirs."""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any


def mark_done(job_id: int, settings: Mapping[str, Any]) -> bool:
    """Leave a file named after the job in the settings' folder."""
    Path(settings["folder"], f"{job_id}.done").write_text("done", encoding="utf-8")
    return True


def refuse(job_id: int, settings: Mapping[str, Any]) -> bool:
    """A task that could not do its job (and said so by returning False)."""
    return False


def dawdle(job_id: int, settings: Mapping[str, Any]) -> bool:
    """A task slower than any bound a test gives it."""
    time.sleep(30)
    return True


def span(job_id: int, settings: Mapping[str, Any]) -> bool:
    """Note when this worker process ran (its pid, start and end), taking a second."""
    start = time.time()
    time.sleep(1)
    line = f"{os.getpid()} {start} {time.time()}"
    Path(settings["folder"], f"{job_id}.span").write_text(line, encoding="utf-8")
    return True


def tell_bound(job_id: int, settings: Mapping[str, Any]) -> bool:
    """Dawdle, or take a gigabyte, as settings["do"] says; note which bound stopped it."""
    told = Path(settings["folder"], f"{job_id}.bound")
    try:
        if settings["do"] == "dawdle":
            time.sleep(30)
        else:
            told.write_text(str(len(bytearray(1024**3))), encoding="utf-8")
    except TimeoutError:
        told.write_text("time", encoding="utf-8")
    except MemoryError:
        told.write_text("memory", encoding="utf-8")


def speak(job_id: int, settings: Mapping[str, Any]) -> bool:
    """A task that logs a line while it works (as the report task does), then one failure."""
    logging.getLogger("assess.services.report_jobs").info("making the report")
    logging.getLogger("assess.services.report_jobs").error("a part failed")
    return True
