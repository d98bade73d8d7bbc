"""AppTest fixtures: the real app.py, started the way a browser opens it (with query params),
and the readers every page test uses: metrics, texts, charts, uploads."""

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from ui.nav import PageInfo

ENTRY = Path(__file__).resolve().parent / "run_app.py"
TIMEOUT = 30


def open_app_test(
    page: PageInfo | None = None, locale: str | None = None, **params: str
) -> AppTest:
    """Open `page` with the given query parameters; returns the AppTest after its first run."""
    at = AppTest.from_file(str(ENTRY), default_timeout=TIMEOUT)
    at.query_params.update(params)
    if locale is not None:
        at.context["locale"] = locale
    if page is not None:
        at.switch_page(page.path)
    at.run()
    return at


@pytest.fixture
def open_app() -> Callable[..., AppTest]:
    """`open_app_test`, failing the test if the first run raised."""

    def _open(page: PageInfo | None = None, locale: str | None = None, **params: str) -> AppTest:
        at = open_app_test(page, locale, **params)
        assert not at.exception, at.exception
        return at

    return _open


def metric_values(at: AppTest) -> dict[str, str]:
    """Every metric on screen as ``{label: value}``."""
    return {metric.label: metric.value for metric in at.metric}


def metric_deltas(at: AppTest) -> dict[str, str]:
    """The text under every metric (empty if none), as ``{label: delta}``."""
    return {metric.label: metric.proto.delta for metric in at.metric}


def chart_specs(at: AppTest) -> list[dict[str, Any]]:
    """Every Plotly chart on screen, as its figure (``data``, ``layout``)."""
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def chart_titles(at: AppTest) -> list[str]:
    return [spec["layout"]["title"]["text"] for spec in chart_specs(at)]


def upload(at: AppTest, key: str, name: str, data: bytes) -> AppTest:
    """Put the CSV file `name` into the file uploader `key` and rerun; fail on an exception."""
    at.file_uploader(key=key).set_value((name, data, "text/csv")).run()
    assert not at.exception, at.exception
    return at


def texts(at: AppTest) -> str:
    """All Markdown, caption, error and warning text on screen, joined."""
    parts = [element.value for element in (*at.markdown, *at.caption, *at.error, *at.warning)]
    return "\n".join(str(part) for part in parts)


def assert_no_raw_keys(at: AppTest) -> None:
    """No i18n key (like ``acq.year.title``) shown instead of its text."""
    import re

    from ui.i18n import catalog

    keys = set(catalog("en"))
    shown = [
        *(m.label for m in at.metric),
        *(e.value for e in (*at.markdown, *at.caption, *at.title, *at.header, *at.subheader)),
        *(w.label for w in (*at.number_input, *at.selectbox, *at.text_input, *at.radio)),
    ]
    for text in shown:
        for token in re.findall(r"[a-z_]+(?:\.[a-z_0-9]+)+", str(text)):
            assert token not in keys, f"raw key {token!r} shown in {text!r}"
