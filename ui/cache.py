"""What the app keeps between reruns: one idiom per kind of thing.

- **Figures**: draw with `widgets.chart(prefix, name, build, inputs)`, which builds the figure
  through `figure` here, once per `inputs` (everything the figure shows: the data, and the
  `Formatter` for language and currency). Figures of the scenario sit in a process-wide LRU
  (`FIGURE_CACHE_SIZE`); sessions may share them because `st.plotly_chart` copies a figure and
  never changes it. Figures drawn from an uploaded file pass its `ui.uploads.Upload` and are kept
  with that file's results, in the user's session only.
- **Reports computed from the scenario**: `report(build, scenario)`, a process-wide LRU keyed by
  the report function and the scenario (frozen and hashable). A report is read, never changed.
- **Uploads**: `ui.uploads.Upload(slot, file_id).kept(key, compute)`: what the app reads from an
  uploaded file, and everything derived from it, is kept in the user's session only, keyed by the
  file's id, so customer data never sits in a cache another session could reach; a new file in
  the slot replaces the old one's results.
- **Static assets**: read once per process. The i18n files, source cards and presets, which
  every first run needs, when their module is imported (the import lock makes sessions that
  start together wait for one read); the handout's CSS and plotly.js, and babel's locales and
  patterns, with `functools.cache` at the function that builds them (docs/architecture.md).

Nothing else caches: no `st.cache_data` / `st.cache_resource`, no hand-made session memos, no
hand-kept cache keys. (One exception is left in the calculators: `calculators.compare` memoises
the comparison's headline values and sensitivity sweep with `functools.lru_cache`.)
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

import plotly.graph_objects as go

from calculators.scenario import Scenario
from ui.uploads import Upload

FIGURE_CACHE_SIZE = 256
REPORT_CACHE_SIZE = 512

T = TypeVar("T")


class _LRU:
    """A small thread-safe least-recently-used store: reruns of many sessions share it."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, build: Callable[[], T]) -> T:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                kept: T = self._items[key]
                return kept
        value = build()  # outside the lock: a slow build does not hold up other sessions
        with self._lock:
            self._items[key] = value
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value


_figures = _LRU(FIGURE_CACHE_SIZE)
_reports = _LRU(REPORT_CACHE_SIZE)


def figure(
    key: Hashable, build: Callable[[], go.Figure], *, upload: Upload | None = None
) -> go.Figure:
    """The figure for `key`, built once: plotly figures with many traces take 50-150 ms.

    `key` must capture everything the figure shows (data, language, currency). A figure of an
    uploaded file is kept with that file's results in the session, not in the shared cache.
    """
    if upload is not None:
        return upload.kept(("figure", key), build)
    return _figures.get(key, build)


def report(build: Callable[[Scenario], T], scenario: Scenario) -> T:
    """``build(scenario)``, computed once per scenario for every page and session that asks.

    `build` is a module-level report function (its identity is part of the key).
    """
    return _reports.get((build, scenario), lambda: build(scenario))
