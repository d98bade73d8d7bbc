"""The resident memory of a server process and its children, read from ``/proc`` (Linux)."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator


def _status_kb(pid: int, field_name: str) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith(f"{field_name}:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def _children(pid: int) -> Iterator[int]:
    """Children of every thread of `pid` (a child belongs to the thread that started it)."""
    try:
        threads = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return
    for thread in threads:
        try:
            with open(f"/proc/{pid}/task/{thread}/children", encoding="ascii") as handle:
                yield from (int(child) for child in handle.read().split())
        except OSError:
            continue


def process_tree(pid: int) -> list[int]:
    """`pid` and all its descendants."""
    tree, pending = [], [pid]
    while pending:
        current = pending.pop()
        tree.append(current)
        pending.extend(_children(current))
    return tree


def tree_rss_mb(pid: int) -> float:
    """Resident memory of `pid` and its descendants now, in MB."""
    return sum(_status_kb(member, "VmRSS") for member in process_tree(pid)) / 1024


def peak_rss_mb(pid: int) -> float:
    """The kernel's high-water mark of resident memory of `pid` and its descendants, in MB."""
    return sum(_status_kb(member, "VmHWM") for member in process_tree(pid)) / 1024


class MemorySampler:
    """Samples the RSS of a process tree every `interval_s` in a thread; keeps the peak."""

    def __init__(self, pid: int, interval_s: float = 0.05) -> None:
        self.pid = pid
        self.interval_s = interval_s
        self.peak_mb = 0.0
        self.samples = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, name="rss-sampler", daemon=True)

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.peak_mb = max(self.peak_mb, tree_rss_mb(self.pid))
            self.samples += 1
            self._stop.wait(self.interval_s)

    def __enter__(self) -> MemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()
