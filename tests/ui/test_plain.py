"""`ui.plain` over hostile strings: whatever a user types, the text shown is the text typed.

No CommonMark parser is installed, so the Markdown properties are stated as the rules the
parsers follow: every ASCII punctuation character is backslash-escaped (CommonMark), and the
patterns Streamlit 1.67 and remark match in the text after escapes are read (GFM autolinks,
shortcodes) cannot match. ``tests/e2e/test_hostile_links.py`` checks the same strings in
Streamlit's own renderer in Chromium.
"""

from __future__ import annotations

import html
import re
import string

from hypothesis import given
from hypothesis import strategies as st

from calculators.scenario import HIDDEN_CHARACTERS, apply_values, default_scenario
from ui import plain

HOSTILE = [
    "![x](http://127.0.0.2:9/track.png) [Rimborso](https://phish.example/login)",
    "<img src=http://127.0.0.2:9/x onerror=alert(1)>",
    '[click](javascript:alert(1)) <a href="javascript:alert(1)">a</a>',
    "https://phish.example www.phish.example a@phish.example <https://phish.example>",
    ":red[alarm] :material/home: :material_home: :smile: :streamlit: $x^2$ $$y$$",
    "**bold** _it_ `code` ~~del~~ # h > q - l 1. n | t | &amp; &lt;b&gt; \\ \\*",
    "    indented\n# heading\n- item\n\n> quote",
    "Caffè \u202eRossi\u202c \u2066x\u2069 \u200e\u200f\u061c tab\there\x00\x1b[31m\x85",
    "%{x} %{y} <b>b</b><br>c &#60;i&#62; $5 and $6",
    "x" * 10_000,
]
PUNCTUATION = set(string.punctuation)
# What remark and Streamlit find in the text after the escapes are read.
AUTOLINK = re.compile(r"(?i)https?://|www\.|[-.\w+]+@[-\w]+(?:\.[-\w]+)+")
SHORTCODE = re.compile(r":[\w+-][\w_+-]*:")
BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
texts = st.one_of(st.text(), st.sampled_from(HOSTILE), st.text(alphabet=string.printable))


def read_escapes(markdown: str) -> str:
    """The text a CommonMark parser reads from `markdown`: a backslash before punctuation goes."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown)


def test_hidden_characters_go_and_line_breaks_become_spaces() -> None:
    assert plain.text("Caffè\u202eRossi\u2069\nMilano\tsud\x00") == "CaffèRossi Milano sud"


@given(texts)
def test_text_holds_no_hidden_character_and_keeps_the_rest(value: str) -> None:
    shown = plain.text(value)
    assert not HIDDEN_CHARACTERS.search(shown)
    assert plain.text(shown) == shown
    if not HIDDEN_CHARACTERS.search(value):
        assert shown == value


@given(texts)
def test_markdown_escapes_every_punctuation_character(value: str) -> None:
    shown = plain.markdown(value)
    unescaped = re.sub(r"\\[!-/:-@\[-`{-~]", "", shown.replace(plain.WORD_JOINER, ""))
    assert not PUNCTUATION & set(unescaped)
    assert not BIDI.search(shown)


@given(texts)
def test_markdown_reads_back_as_the_same_words(value: str) -> None:
    read = read_escapes(plain.markdown(value)).replace(plain.WORD_JOINER, "")
    assert read == plain.text(value).strip()


@given(texts)
def test_no_autolink_or_shortcode_can_match_the_text_markdown_leaves(value: str) -> None:
    read = read_escapes(plain.markdown(value))
    assert not AUTOLINK.search(read)
    assert not SHORTCODE.search(read)
    # Streamlit rewrites this before parsing, and loads emoji only when the source has one.
    assert ":material/" not in plain.markdown(value)
    assert not re.search(r":(?!material/|streamlit:)[\w+-][\w_+-]*:", plain.markdown(value))


def test_markdown_of_a_link_escapes_each_mark_behind_a_word_joiner() -> None:
    shown = plain.markdown("[Rimborso](https://phish.example)")
    assert shown.replace(plain.WORD_JOINER, "") == r"\[Rimborso\]\(https\:\/\/phish\.example\)"
    assert shown.count(plain.WORD_JOINER) == shown.count("\\")


@given(texts)
def test_quoted_is_one_code_span_of_the_text(value: str) -> None:
    shown = plain.quoted(value)
    assert shown.startswith("`") and shown.endswith("`") and shown.count("`") == 2
    inside = shown[1:-1].replace(plain.WORD_JOINER, "")
    expected = plain.text(value).replace("`", "'")
    if len(expected) <= plain.MAX_QUOTED:
        assert inside == expected
    else:
        assert inside == expected[: plain.MAX_QUOTED] + "…"
    assert ":material/" not in shown


@given(texts)
def test_plotly_text_has_no_tag_formula_or_template_and_reads_back(value: str) -> None:
    shown = plain.plotly(value)
    assert not set("<>$%") & set(shown)
    assert html.unescape(shown) == plain.text(value)


@given(texts)
def test_a_file_name_is_a_short_ascii_slug(value: str) -> None:
    name = plain.file_name(value, "scenario")
    assert name == "scenario" or re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", name)
    assert len(name) <= plain.MAX_FILE_NAME


def test_a_file_name_keeps_the_letters_of_a_name() -> None:
    assert plain.file_name("Caffè Rossi & Figli", "scenario") == "caffe-rossi-figli"
    assert plain.file_name("../../etc/passwd", "scenario") == "etc-passwd"
    assert plain.file_name("\u202e☕", "scenario") == "scenario"


@given(st.text(max_size=80))
def test_a_business_name_is_refused_exactly_when_it_holds_a_hidden_character(name: str) -> None:
    scenario, issues = apply_values(default_scenario(), {"business.name": name})
    if plain.text(name) == name:
        assert issues == [] and scenario.business.name == name
    else:
        assert [issue.kind for issue in issues] == ["hidden_characters"]
        assert scenario.business.name == ""
