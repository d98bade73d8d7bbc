"""Every page, every Trainer step and the handout in Italian, over a grid of scenarios: no
article or preposition before a number in the wrong form ("al 85%", "il 8%", "nel anno"), no
bare percentage where Italian prose wants an article ("da 80% a 85%", "Solo 4%").

The right form comes from `ui.italian.article`: a number read with a vowel ("otto", "undici",
"ottanta…") elides the article ("l'8%", "all'85%", "dell'11%"), the others do not ("il 5%",
"al 20%"). The grid puts such numbers everywhere a template can show one: retention from 1% to
99%, uplifts landing in the 80s and in the 20s, discount rates with decimals.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from calculators.scenario import apply_values, default_scenario
from calculators.surveys import example_survey_csv
from tests.app.conftest import open_app_test
from ui.cards import sources
from ui.handout import build_handout
from ui.i18n import catalog
from ui.italian import Spoken, article
from ui.nav import EXPECTATIONS, PAGES, PRESENT, YOUR_DATA
from ui.present import STEPS
from ui.state import url_value

# --- What is wrong ---------------------------------------------------------------------------

# Every form of an article or articulated preposition that may stand before a number, mapped to
# its form before a consonant (the `word` of `article`).
FORMS = {"il": "il", "lo": "il", "l'": "il", "i": "i", "gli": "i"}
for _stem in ("a", "da", "de", "ne", "su"):  # al, dal, del, nel, sul; ai, dai, dei, nei, sui
    FORMS |= dict.fromkeys((f"{_stem}l", f"{_stem}ll'", f"{_stem}llo"), f"{_stem}l")
    FORMS |= dict.fromkeys((f"{_stem}i", f"{_stem}gli"), f"{_stem}i")
_WORDS = "|".join(sorted((re.escape(form) for form in FORMS), key=len, reverse=True))
_SPACE = "[ \u00a0\u202f]"
_NUMBER = r"[+\-−]?\d[\d.,]*"
# "al 85%", "L'5%", "dell'20 %": a form, then the number (straight after an apostrophe).
ARTICLE_NUMBER = re.compile(
    rf"(?<![\w'’])(?P<word>{_WORDS})(?P<gap>(?<=')|{_SPACE})(?P<number>{_NUMBER})",
    re.IGNORECASE,
)
_PERCENT = rf"\d[\d.,]*{_SPACE}?%"
# Forms that are wrong whatever the number: a percentage in running prose with no article
# ("da 80% a 85%", "Solo 4%", "resta 95%", "contro 46%", "portare 10%", "di 80%", "a 8%"),
# an articulated preposition that does not elide before a vowel ("nel anno").
WRONG = {
    "bare percentage": re.compile(
        rf"(?<![\w'’])(?:da|a|di|solo|resta|restano|contro|portare|portando|porta|è|con|su|"
        rf"tra|fra|oltre|sopra|sotto|fino a){_SPACE}{_PERCENT}",
        re.IGNORECASE,
    ),
    "no elision before a vowel": re.compile(
        rf"(?<![\w'’])(?:il|al|dal|del|nel|sul){_SPACE}(?:anno|anni|anzianità|euro|uno|"
        r"otto|undici|ottanta|ultimo|ultima|orizzonte|intervallo|obiettivo|aumento)\b",
        re.IGNORECASE,
    ),
}

# A change is shown with its sign ("varia di +36,1%", "è −8%") and reads without an article;
# a zero change has no sign.
ZERO_CHANGE = re.compile(rf"(?:è|di){_SPACE}0(?:,0+)?{_SPACE}?%", re.IGNORECASE)


def wrong_forms(text: str) -> list[str]:
    """Every wrong article or preposition before a number in `text`, with its context."""
    found = []
    for match in ARTICLE_NUMBER.finditer(text):
        word, gap, number = match.group("word", "gap", "number")
        expected = article(FORMS[word.lower()], number)
        shown = f"{word.lower()}{' ' if gap else ''}{number}"
        if shown != expected:
            found.append(f"{match.group(0)!r} (want {expected!r}) in {_context(text, match)!r}")
    for name, pattern in WRONG.items():
        for match in pattern.finditer(text):
            if ZERO_CHANGE.fullmatch(match.group(0)):
                continue
            found.append(f"{match.group(0)!r} ({name}) in {_context(text, match)!r}")
    return found


def _context(text: str, match: re.Match[str]) -> str:
    return text[max(match.start() - 40, 0) : match.end() + 40]


# The forms the issue found in the app, and forms that are right.
ISSUE_EXAMPLES = [
    "valore nel tempo con fidelizzazione al 85% meno quello al 80%",
    "margini a fine anno, scontato al 8%, finché il cliente resta",
    "Portando la fidelizzazione da 80% a 85%, il valore",
    "L'abbandono scende da 20% a 15% dei clienti all'anno.",
    "Solo 4% dei clienti con un problema reclama",
    "resta 95% dei clienti (problemi piccoli), contro 46% se resta irrisolto",
    "portare 10% dei tuoi clienti da 4 a 5 vale 296.902 €, di 80%",
    "recuperato nel anno 1",
    "il 8% dei clienti",
    "del 11% all'anno",
    "nel 1 anno",
    "dell'5%",
    "all'20%",
    "lo 5%",
    "gli 5 anni",
]
RIGHT_EXAMPLES = [
    "valore nel tempo con fidelizzazione all'85% meno quello all'80%",
    "margini a fine anno, attualizzati all'8%, finché il cliente resta",
    "Portando la fidelizzazione dall'80% all'85%, il valore passa da 1.285\u00a0€ a 1.749\u00a0€",
    "L'abbandono scende dal 20% al 15% dei clienti all'anno.",
    "Solo il 4% dei clienti con un problema reclama",
    "resta il 95% dei clienti, contro il 46% se resta irrisolto e il 37% fra chi tace",
    "portare il 10% dei tuoi clienti da 4 a 5 su 5 vale 296.902 €, dell'80%",
    "recuperato nell'anno 1; nel 2024; gli 8 anni; i 5 anni; l'1,5%; lo 0,5%; il 18%",
    "Un cliente scontento lo racconta a 9 persone: 1 reclama, 24 no. Passo 3 di 9.",
    "l'utile cambia di +60,2% a regime, di 0% nell'anno 1; il guadagno è 0%; il −8%",
]


@pytest.mark.parametrize("text", ISSUE_EXAMPLES)
def test_the_checker_finds_each_wrong_form(text: str) -> None:
    assert wrong_forms(text)


@pytest.mark.parametrize("text", RIGHT_EXAMPLES)
def test_the_checker_accepts_right_forms(text: str) -> None:
    assert wrong_forms(text) == []


# --- The grid ---------------------------------------------------------------------------------

# Each scenario as the values a link carries. Between them: retention 1%, 8%, 11%, 18%, 80%,
# 81%, 85%, 99%; uplifts to 85%, 89%, 20%, 11%, 8%, 18%, a capped one and a relative one;
# discount rates 8%, 1,5%, 11%, 1%, 18%, 0,5% and 8,5%; shares, complaint shares (0,1% caps
# the iceberg at the active customers) and loyalty rates starting with "uno", "otto", "undici",
# "ottanta".
GRID: dict[str, dict[str, Any]] = {
    "defaults 80% +5 at 8%": {},
    "81% +8 at 1,5%": {
        "business.retention": 0.81,
        "retention_program.retention_uplift": 0.08,
        "business.discount_rate": 0.015,
        "business.gross_margin": 0.8,
        "word_of_mouth.complaint_share": 0.11,
        "word_of_mouth.problem_share": 0.08,
        "loyalty.share_extremely_satisfied": 0.11,
        "loyalty.share_satisfied": 0.8,
        "word_of_mouth.loyalty_small.resolved_quickly": 0.85,
        "word_of_mouth.loyalty_small.unresolved": 0.18,
        "word_of_mouth.loyalty_small.silent": 0.11,
    },
    "18% +2 at 11%": {
        "business.retention": 0.18,
        "retention_program.retention_uplift": 0.02,
        "business.discount_rate": 0.11,
        "word_of_mouth.complaint_share": 0.08,
        "word_of_mouth.influenced_share": 0.08,
        "word_of_mouth.would_buy_share": 0.11,
        "expectations.satisfied_to_delighted": 0.8,
    },
    "8% +3 at 1%": {
        "business.retention": 0.08,
        "retention_program.retention_uplift": 0.03,
        "business.discount_rate": 0.01,
        "word_of_mouth.complaint_share": 0.01,
        "word_of_mouth.resolved_share": 0.8,
        "word_of_mouth.quick_share": 0.11,
        "loyalty.horizon_years": 8,
    },
    "1% +7 at 18%": {
        "business.retention": 0.01,
        "retention_program.retention_uplift": 0.07,
        "business.discount_rate": 0.18,
        "business.gross_margin": 0.11,
        "loyalty.horizon_years": 11,
    },
    "99% capped at 8%": {
        "business.retention": 0.99,
        "business.discount_rate": 0.08,
        "word_of_mouth.complaint_share": 0.001,
    },
    "11% +7 at 0,5%": {
        "business.retention": 0.11,
        "retention_program.retention_uplift": 0.07,
        "business.discount_rate": 0.005,
        "loyalty.share_satisfied": 0.81,
        "loyalty.share_extremely_satisfied": 0.08,
        "word_of_mouth.complaint_share": 0.8,
    },
    "85% +11% relative at 8,5%": {
        "business.retention": 0.85,
        "retention_program.uplift_mode": "relative",
        "retention_program.relative_uplift": 0.11,
        "business.discount_rate": 0.085,
        "word_of_mouth.complaint_share": 0.018,
        "loyalty.horizon_years": 18,
    },
}
# The pages are run (AppTest) on these; the handout, which is quick, on the whole grid.
ON_PAGES = [
    "defaults 80% +5 at 8%",
    "81% +8 at 1,5%",
    "18% +2 at 11%",
    "1% +7 at 18%",
    "99% capped at 8%",
    "85% +11% relative at 8,5%",
]


def scenario_of(name: str) -> Any:
    scenario, issues = apply_values(default_scenario(), GRID[name])
    assert issues == [], issues
    return scenario


def test_the_grid_is_valid() -> None:
    for name in GRID:
        scenario_of(name)


# --- What is shown ----------------------------------------------------------------------------


def _strings(value: Any) -> Iterator[str]:
    """Every string inside a decoded JSON value (a Plotly figure: titles, hover texts, labels)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _proto_strings(message: Any) -> Iterator[str]:
    """Every string field of a protobuf message, nested messages included; JSON is decoded."""
    for _field, value in message.ListFields():
        items = value if isinstance(value, (list, tuple)) or hasattr(value, "extend") else [value]
        for item in items:
            if isinstance(item, str):
                if item[:1] in "{[":
                    try:
                        yield from _strings(json.loads(item))
                        continue
                    except ValueError:
                        pass
                yield item
            elif hasattr(item, "ListFields"):
                yield from _proto_strings(item)


def _nodes(node: Any) -> Iterator[Any]:
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _nodes(child)


def shown_texts(at: AppTest) -> list[str]:
    """All the text on screen: Markdown, captions, alerts, metrics, widget labels and help,
    expander labels, table cells and headers, chart titles, labels and hover texts."""
    found: list[str] = []
    for node in _nodes(at._tree):
        proto = getattr(node, "proto", None)
        if proto is not None and hasattr(proto, "ListFields"):
            found.extend(_proto_strings(proto))
        if getattr(node, "type", None) in ("dataframe", "table", "arrow_data_frame", "arrow_table"):
            frame = node.value
            found.extend(str(column) for column in frame.columns)
            found.extend(str(cell) for cell in frame.astype(str).to_numpy().ravel())
            found.extend(str(index) for index in frame.index)
    return found


def _crash(at: AppTest) -> list[str]:
    return [f"crashed: {error.message}" for error in at.exception]


def page_texts(params: dict[str, str]) -> Iterator[tuple[str, list[str], list[str]]]:
    """(where, texts, crashes) for every page and Trainer step, in Italian, with `params`.

    A page that crashes is reported and the walk goes on, so one broken page does not hide
    the texts of the others."""
    at = open_app_test(PAGES[0], lang="it", **params)
    for page in PAGES:
        at.switch_page(page.path).run()
        if page == PRESENT:
            for number in range(1, len(STEPS) + 1):
                yield f"{page.file} step {number}", shown_texts(at), _crash(at)
                if number < len(STEPS) and not at.exception:
                    at.button(key="present.next").click().run()
            continue
        yield page.file, shown_texts(at), _crash(at)
        if page == YOUR_DATA and not at.exception:
            at.button(key="data.sample").click().run()
            yield f"{page.file} with the sample", shown_texts(at), _crash(at)
        if page == EXPECTATIONS and not at.exception:
            survey = ("answers.csv", example_survey_csv().encode(), "text/csv")
            at.file_uploader(key="exp.survey.upload").set_value(survey).run()
            yield f"{page.file} with a survey", shown_texts(at), _crash(at)


def _report(problems: dict[str, list[str]]) -> str:
    return "\n".join(
        f"{where}: {problem}" for where, found in problems.items() for problem in found
    )


@pytest.mark.parametrize("name", ON_PAGES)
def test_every_page_and_step_in_italian(name: str) -> None:
    params = {path: url_value(value) for path, value in GRID[name].items()}
    problems: dict[str, list[str]] = {}
    for where, texts, crashes in page_texts(params):
        found = crashes + sorted({problem for text in texts for problem in wrong_forms(text)})
        if found:
            problems[where] = found
    assert not problems, _report(problems)


def _visible_html(html: str) -> str:
    """The handout's text and its charts' JSON, without tags, styles and the plotly library."""
    body = html.split("</head>", 1)[1]
    body = re.sub(r"<[^>]+>", "\n", body)
    return body.replace("&#x27;", "'").replace("&#39;", "'").replace("&quot;", '"')


@pytest.mark.parametrize("name", GRID)
def test_the_handout_in_italian(name: str) -> None:
    text = _visible_html(build_handout(scenario_of(name), "it"))
    assert wrong_forms(text) == []


def test_the_italian_texts_as_written() -> None:
    """Numbers typed into the Italian texts themselves ("al 85%" written by hand)."""
    problems = {key: wrong_forms(text) for key, text in catalog("it").items()}
    for source_id, card in sources().items():
        problems[f"sources.{source_id}"] = wrong_forms(json.dumps(card["it"], ensure_ascii=False))
    problems = {key: found for key, found in problems.items() if found}
    assert not problems, _report(problems)


_SPEC = re.compile(r"\{(\w+):([^{}]*)\}")


def test_format_specs_are_known_and_italian_only() -> None:
    """``{share:al}`` names a form `ui.italian.Spoken` knows (a typo would crash the page), and
    only the Italian texts use one: English reads "at 85%" whatever the number."""
    unknown = {}
    for key, text in catalog("it").items():
        for _name, spec in _SPEC.findall(text):
            try:
                format(Spoken("8×"), spec)
            except ValueError:
                unknown[key] = spec
    assert unknown == {}
    english = {key: text for key, text in catalog("en").items() if _SPEC.search(text)}
    assert english == {}
