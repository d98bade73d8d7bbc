"""An uploaded file's rows are gone from the process after "Forget my file" or the end of the
session, on both pages that take customer files.

Each test puts a unique customer code (the marker) into a file: as customer ids, as a cell the
reader reports back as unreadable, so it sits in the raw bytes, in the parsed columns, in the
preview table and in the kept messages. It then searches every object the garbage collector can
reach from a live object: Python strings and bytes, numpy arrays (object arrays element by
element, text arrays by their bytes), pyarrow arrays and buffers (pandas keeps text columns
there), in-memory files and protobuf messages (what the page sent). Before forgetting, the marker
is found, so the search sees the data; after forgetting, or once the AppTest (the session) is
dropped, it must be found nowhere.
"""

from __future__ import annotations

import gc
import io
import uuid
from collections.abc import Iterable
from typing import Any

import numpy as np
import pyarrow as pa
import pytest
from google.protobuf.message import Message

from tests.app.conftest import upload
from ui.nav import EXPECTATIONS, YOUR_DATA

SALES_EXPORT = "data.upload"
NPS_FILE = "exp.nps.upload"


def new_marker() -> str:
    """A customer code no other object in the process holds (made at run time, not a literal)."""
    return f"CUST{uuid.uuid4().hex.upper()}"


def sales_export(marker: str) -> bytes:
    """Four years of sales: the marker buys every year, 30 other customers stop after one to
    four years, and the marker once writes itself into the amount column (a row the reader
    skips and quotes)."""
    customers = {marker: 2024, **{f"C{n:03d}": 2021 + n % 4 for n in range(30)}}
    rows = [
        f"{customer};15/0{month}/{year};{10 + month},50"
        for customer, last in customers.items()
        for year in range(2021, last + 1)
        for month in (3, 9)
    ]
    rows.append(f"C001;20/12/2024;{marker}")
    return ("cliente;data;importo\n" + "\n".join(rows) + "\n").encode("cp1252")


def nps_answers(marker: str) -> bytes:
    """NPS answers with customer codes; the marker's answer is its own code (a bad cell the page
    lists)."""
    answers = [f"{marker},9", *(f"C{n:03d},{n % 11}" for n in range(40)), f"C999,{marker}"]
    return ("customer,nps\n" + "\n".join(answers) + "\n").encode()


def _text_holds(obj: Any, needles: tuple[str, bytes, bytes]) -> bool:
    text, utf8, utf32 = needles
    if isinstance(obj, str):
        return text in obj
    if isinstance(obj, bytes | bytearray):
        return utf8 in obj
    if isinstance(obj, memoryview):
        return utf8 in obj.tobytes()
    if isinstance(obj, io.BytesIO):
        try:
            return utf8 in obj.getvalue()
        except ValueError:  # closed
            return False
    if isinstance(obj, np.ndarray) and obj.dtype.kind in "US":
        return (utf32 if obj.dtype.kind == "U" else utf8) in obj.tobytes()
    if isinstance(obj, pa.Buffer):
        return utf8 in obj.to_pybytes()
    if isinstance(obj, pa.ChunkedArray):
        return any(_text_holds(chunk, needles) for chunk in obj.chunks)
    if isinstance(obj, pa.Array):
        return any(buffer is not None and utf8 in buffer.to_pybytes() for buffer in obj.buffers())
    if isinstance(obj, Message):
        return utf8 in obj.SerializeToString()
    return False


def _inside(obj: Any) -> Iterable[Any]:
    yield from gc.get_referents(obj)
    if isinstance(obj, np.ndarray) and obj.dtype.kind == "O":
        yield from obj.ravel().tolist()  # numpy does not show its elements to the gc


def holders(marker: str) -> list[str]:
    """The types of the live objects that hold `marker`, searched from every object the garbage
    collector tracks, through everything each one refers to."""
    gc.collect()
    needles = (marker, marker.encode(), marker.encode("utf-32-le"))
    seen = {id(marker), *(id(needle) for needle in needles)}  # the search's own copies
    found: list[str] = []
    pending = gc.get_objects()
    seen.add(id(pending))
    while pending:
        obj = pending.pop()
        if id(obj) in seen:
            continue
        seen.add(id(obj))
        if _text_holds(obj, needles):
            found.append(type(obj).__qualname__)
        pending.extend(_inside(obj))
    return found


def test_the_search_finds_a_marker_in_arrays_and_nowhere_else() -> None:
    marker = new_marker()
    assert holders(marker) == []
    copy = marker[::-1][::-1]  # another str object with the same text
    kept = [
        np.array([copy], dtype=object),
        pa.array(["x", copy]),
        np.array([copy]),
        [copy.encode()],
    ]
    del copy
    assert sorted(holders(marker)) == ["StringArray", "bytes", "ndarray", "str"]
    del kept
    assert holders(marker) == []


# --- Your data ----------------------------------------------------------------------------------


def open_with_export(open_app, marker: str):
    at = upload(open_app(YOUR_DATA, lang="en"), SALES_EXPORT, "sales.csv", sales_export(marker))
    assert at.metric, "the export was not analysed"
    return at


def test_forget_my_file_leaves_no_row_of_the_sales_export(open_app) -> None:
    marker = new_marker()
    at = open_with_export(open_app, marker)
    assert holders(marker), "the search does not see the uploaded rows"

    at.button(key="data.upload.forget").click().run()
    assert not at.exception
    assert "Done: the file and everything read from it are gone" in at.success[0].value
    assert at.get("file_uploader")[0].value is None  # a new, empty uploader
    assert holders(marker) == []


def test_forgetting_keeps_the_figures_applied_to_the_scenario(open_app) -> None:
    marker = new_marker()
    at = open_with_export(open_app, marker)
    for name in ("revenue_per_customer", "new_customers_per_year", "active_customers"):
        at.checkbox(key=f"data.use.business.{name}").uncheck()
    at.button(key="data.apply").click().run()
    retention = at.session_state["scenario"].business.retention
    assert retention != 0.8  # the measured figure went into the scenario

    at.button(key="data.upload.forget").click().run()
    assert "The figures you put into your scenario (Annual retention (%)) stay" in (
        at.success[0].value
    )
    assert at.session_state["scenario"].business.retention == retention
    assert holders(marker) == []


def test_the_end_of_the_session_leaves_no_row_of_the_sales_export(open_app) -> None:
    marker = new_marker()
    at = open_with_export(open_app, marker)
    assert holders(marker)
    del at
    assert holders(marker) == []


def test_the_sample_replaces_the_users_file_in_memory_too(open_app) -> None:
    marker = new_marker()
    at = open_with_export(open_app, marker)
    at.button(key="data.sample").click().run()
    assert at.metric and not at.exception
    assert holders(marker) == []


# --- Expectations gap ---------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "it"])
def test_forget_my_file_leaves_no_nps_answer(open_app, lang: str) -> None:
    marker = new_marker()
    at = open_app(EXPECTATIONS, lang=lang)
    at.radio(key="exp.nps.mode").set_value("file").run()
    upload(at, NPS_FILE, "nps.csv", nps_answers(marker))
    assert marker in at.error[0].value  # the bad cell is quoted back
    assert holders(marker)

    at.button(key="exp.nps.upload.forget").click().run()
    assert not at.exception
    assert at.success and not at.error
    assert holders(marker) == []


def test_typing_the_counts_instead_forgets_the_nps_file(open_app) -> None:
    marker = new_marker()
    at = open_app(EXPECTATIONS, lang="en")
    at.radio(key="exp.nps.mode").set_value("file").run()
    upload(at, NPS_FILE, "nps.csv", nps_answers(marker))
    at.radio(key="exp.nps.mode").set_value("counts").run()
    assert not at.exception
    assert holders(marker) == []
