"""Text a user typed, a link carried or a file contained is shown as plain text everywhere
(issue #17): every page in both languages, every Trainer step and the handout, with a business
name, file names, a column name and cells full of Markdown, HTML and Streamlit markup.

The walk reads every string of every element Streamlit would draw and knows which of them
Streamlit shows as they are (``st.text``, select box options, code, a text input's value); any
other string is Markdown to Streamlit, and there the user's text may only appear as `ui.plain`
writes it (escaped, or inside inline code). Plotly figures are read as plotly reads them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from calculators.scenario import default_scenario, dump_scenario
from calculators.surveys import example_survey_csv
from tests.app.conftest import open_app_test
from ui import expectations, plain, your_data
from ui.handout import build_handout
from ui.i18n import translate
from ui.nav import EXPECTATIONS, OVERVIEW, PAGES, PRESENT, SCENARIOS, YOUR_DATA
from ui.present import STEPS

# Business names the app accepts (at most 80 characters, no control characters), full of markup.
ACCEPTED_NAMES = {
    "markdown": "![x](http://127.0.0.2:9/t.png) [Rimborso](https://phish.example/login)",
    "html": "<img src=http://127.0.0.2:9/x onerror=alert(1)> [a](javascript:alert(1))",
    "streamlit": ":red[x] :material/home: :streamlit: $x^2$ www.phish.example **b**",
}
# What must never reach a Markdown string unescaped (none is in our own texts): each payload
# carries several of these.
MARKERS = (
    "127.0.0.2",
    "phish.example",
    "javascript:",
    "onerror",
    "<img",
    ":material/home:",
    ":streamlit:",
    ":red[x]",
    "$x^2$",
    "**b**",
)
HOSTILE_FILE = "[Rimborso](https://phish.example) <img src=//127.0.0.2:9/x> \u202e:red[x]"
HOSTILE_COLUMN = "[Rimborso](https://phish.example) <img src=//127.0.0.2:9/x>"
HOSTILE_CELL = "[a](https://phish.example)"
BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# Inline code, where Markdown shows every character as it is (an escaped backtick opens none).
CODE_SPAN = re.compile(r"(?<!\\)`[^`]*`")
# (element type, field) that Streamlit draws as plain text: no Markdown, no HTML.
PLAIN_FIELDS = {
    ("text", "body"),
    ("code", "code_text"),
    ("text_input", "value"),
    ("selectbox", "options"),
    ("multiselect", "options"),
    ("multiselect", "raw_values"),
}
LANGS = ("it", "en")


def _strings(message: Any) -> Iterator[tuple[str, str]]:
    """(field name, value) for every string of a protobuf message, nested messages included."""
    for field, value in message.ListFields():
        repeated = hasattr(value, "extend") and not isinstance(value, str | bytes)
        for item in value if repeated else [value]:
            if isinstance(item, str):
                yield field.name, item
            elif hasattr(item, "ListFields"):
                yield from _strings(item)


def _json_strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _json_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _json_strings(item)


def _nodes(node: Any) -> Iterator[Any]:
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _nodes(child)


def unsafe_texts(at: AppTest) -> list[str]:
    """Every place on screen where user text would be read as markup, or carries a bidi control.

    Markdown strings (everything Streamlit does not draw as plain text) may hold a marker only
    inside inline code; a plotly figure's strings may hold one only without ``<``, ``$`` or
    ``%{`` (escaped by `plain.plotly`); no string anywhere may hold a bidi control.
    """
    problems = []
    for node in _nodes(at._tree):
        kind = getattr(node, "type", "")
        if kind == "dataframe":
            frame = node.value
            cells = [*map(str, frame.columns), *map(str, frame.index)]
            cells += [str(cell) for cell in frame.astype(str).to_numpy().ravel()]
            problems += [f"table: {cell!r}" for cell in cells if BIDI.search(cell)]
        proto = getattr(node, "proto", None)
        if proto is None or not hasattr(proto, "ListFields"):
            continue
        for field, value in _strings(proto):
            if BIDI.search(value):
                problems.append(f"{kind}.{field} has a bidi control: {value!r}")
            if kind == "plotly_chart" and field == "spec":
                problems += [
                    f"chart: {text!r}"
                    for text in _json_strings(json.loads(value))
                    if any(marker in text for marker in MARKERS)
                    and any(markup in text for markup in ("<", "$", "%{"))
                ]
            elif (kind, field) not in PLAIN_FIELDS:
                outside_code = CODE_SPAN.sub("", value)
                if any(marker in outside_code for marker in MARKERS):
                    problems.append(f"{kind}.{field} as Markdown: {value!r}")
    return problems


class _Tags(HTMLParser):
    """The tags and attributes of an HTML document, and the text of its ``<p class="for">``."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.prepared_for = ""
        self._in_for = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_for = tag == "p" and dict(attrs).get("class") == "for"

    def handle_endtag(self, tag: str) -> None:
        self._in_for = False

    def handle_data(self, data: str) -> None:
        if self._in_for:
            self.prepared_for += data


def handout_problems(at: AppTest, lang: str) -> list[str]:
    """What in the session's handout is markup from user text; its "prepared for" line."""
    scenario = at.session_state["scenario"]
    document = build_handout(scenario, lang)
    body = document.split("</head>", 1)[1]  # the head holds plotly.js itself
    tags = _Tags()
    tags.feed(body)
    problems = [
        f"<{tag} {attrs}>"
        for tag, attrs in tags.tags
        if tag in ("img", "iframe", "object", "embed", "svg")
        or (tag == "a" and not str(attrs.get("href", "")).startswith("#step-"))
        or any(name.startswith("on") for name in attrs)
    ]
    expected = translate(lang, "present.handout.for", name=scenario.business.name)
    if tags.prepared_for != expected:
        problems.append(f"prepared for: {tags.prepared_for!r} instead of {expected!r}")
    return problems


def hostile_sales_file() -> bytes:
    """The sample sales export with one more column, its name and cells full of markup."""
    lines = your_data.SAMPLE_FILE.read_bytes().split(b"\n")
    header = f"{HOSTILE_COLUMN};".encode() + lines[0]
    rows = [f"{HOSTILE_CELL};".encode() + line if line.strip() else line for line in lines[1:]]
    return b"\n".join([header, *rows])


def walk(at: AppTest) -> Iterator[tuple[str, AppTest]]:
    """Every page of the app in this session, every Trainer step, Your data with a sales file
    and Expectations with a survey, both uploaded under hostile names: (where, the app)."""
    for page in PAGES:
        at.switch_page(page.path).run()
        if page == PRESENT:
            for number in range(1, len(STEPS) + 1):
                yield f"{page.file} step {number}", at
                if number < len(STEPS):
                    at.button(key="present.next").click().run()
            continue
        yield page.file, at
        if page == YOUR_DATA:
            sales = (f"{HOSTILE_FILE}.csv", hostile_sales_file(), "text/csv")
            at.file_uploader(key=your_data.UPLOAD).set_value(sales).run()
            yield f"{page.file} with a sales file", at
        if page == EXPECTATIONS:
            survey = (f"{HOSTILE_FILE}.csv", example_survey_csv().encode(), "text/csv")
            at.file_uploader(key=expectations.SURVEY_UPLOAD).set_value(survey).run()
            yield f"{page.file} with a survey", at


def _report(problems: dict[str, list[str]]) -> str:
    return "\n".join(
        f"{where}: {problem}" for where, found in problems.items() for problem in found
    )


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("payload", ACCEPTED_NAMES)
def test_a_business_name_full_of_markup_is_plain_text_everywhere(payload: str, lang: str) -> None:
    name = ACCEPTED_NAMES[payload]
    at = open_app_test(OVERVIEW, lang=lang, **{"business.name": name})
    problems: dict[str, list[str]] = {}
    for where, view in walk(at):
        found = [f"crashed: {error.message}" for error in view.exception] + unsafe_texts(view)
        # The name itself, word for word, as plain text in the sidebar of every page.
        if [text.value for text in view.sidebar.text] != [name]:
            found.append(f"sidebar: no st.text with the name, {view.sidebar.text}")
        if found:
            problems[where] = found
    problems["handout"] = handout_problems(at, lang)
    assert not any(problems.values()), _report(problems)


@pytest.mark.parametrize("lang", LANGS)
def test_file_names_full_of_markup_are_plain_text(lang: str) -> None:
    at = open_app_test(OVERVIEW, lang=lang)
    scenario_file = dump_scenario(default_scenario()).encode()
    at.sidebar.file_uploader[0].set_value((f"{HOSTILE_FILE}.yaml", scenario_file, "text/yaml"))
    at.run()
    assert plain.quoted(f"{HOSTILE_FILE}.yaml") in at.sidebar.success[0].value
    assert not unsafe_texts(at), unsafe_texts(at)

    at.switch_page(SCENARIOS.path).run()
    files = [
        (f"{HOSTILE_FILE}.yaml", scenario_file, "text/yaml"),
        (f"{HOSTILE_FILE} (broken).yaml", b"business: [", "text/yaml"),
    ]
    at.file_uploader(key="compare.uploads").set_value(files).run()
    chosen = at.multiselect(key="compare.selected")
    label = translate(lang, "cmp.file", name=plain.text(f"{HOSTILE_FILE}.yaml"))
    assert label in chosen.options
    chosen.select(label).run()
    assert not at.exception, at.exception
    # The file's scenario is compared: its label heads a column of the table and names a bar.
    assert label in at.get("dataframe")[0].value.columns
    assert plain.plotly(label) in _json_strings(json.loads(at.get("plotly_chart")[0].proto.spec))
    assert plain.quoted(f"{HOSTILE_FILE} (broken).yaml") in at.error[0].value
    assert not unsafe_texts(at), unsafe_texts(at)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(
    ("name", "kind"),
    [("Caffè \u202eissoR", "hidden_characters"), ("x" * 10_000, "text")],
    ids=["bidi", "ten_thousand_characters"],
)
def test_a_link_with_a_name_the_app_refuses_says_so(name: str, kind: str, lang: str) -> None:
    at = open_app_test(OVERVIEW, lang=lang, **{"business.name": name})
    label = translate(lang, "field.business.name.label")
    message = translate(lang, f"issue.{kind}", label=label, max_length=80)
    assert message in at.warning[0].value
    assert at.session_state["scenario"].business.name == ""
    assert not at.sidebar.text
    assert not unsafe_texts(at), unsafe_texts(at)


@pytest.mark.parametrize("lang", LANGS)
def test_markup_in_a_links_other_values_and_names_is_quoted(lang: str) -> None:
    value = ACCEPTED_NAMES["markdown"]
    setting = "[Rimborso](https://phish.example).x"
    at = open_app_test(OVERVIEW, lang=lang, **{"business.retention": value, setting: "1"})
    notice = at.warning[0].value
    assert plain.quoted(value) in notice and plain.quoted(setting) in notice
    assert not unsafe_texts(at), unsafe_texts(at)


@pytest.mark.parametrize("lang", LANGS)
def test_a_typed_name_with_a_direction_mark_is_refused_under_the_input(lang: str) -> None:
    at = open_app_test(OVERVIEW, lang=lang)
    at.text_input(key="input.business.name").input("Caffè \u2067Rossi").run()
    label = translate(lang, "field.business.name.label")
    assert at.error[0].value == translate(lang, "issue.hidden_characters", label=label)
    assert at.session_state["scenario"].business.name == ""


def test_the_walk_finds_markup_from_user_text() -> None:
    """The checks can fail: the sidebar's old ``st.caption(name)`` is caught, ``st.text`` is not."""
    name = ACCEPTED_NAMES["markdown"]
    script = "import streamlit as st\nst.caption({name!r})\nst.text({name!r})\n"
    at = AppTest.from_string(script.format(name=name)).run()
    assert unsafe_texts(at) == [f"caption.body as Markdown: {name!r}"]
