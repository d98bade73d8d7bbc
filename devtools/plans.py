"""What each of many concurrent sessions does and must see, and how a run is checked.

Session k = 1, 2, … (English for even k, Italian for odd k) does six steps, waiting for each
run to finish, as a person would:

0. opens the app at ``/?lang=..``: Overview with the defaults;
1. types active customers 1000 + 37·k on Overview;
2. types retention 60 + (k mod 20) % on Overview;
3. goes to Acquisition vs retention (the menu link: a rerun with that page's hash and, as the
   frontend does on a page switch, no query string and none of the old page's inputs);
4. types acquisition cost 100 + 7·k there;
5. goes back to Overview.

None of these values is a default (1000, 80 %, 250), so every step changes something.

After every step the run is checked against the numbers the calculators give for the session's
own inputs, formatted as the page formats them: the metrics "Customers lost per year" and "Cost
of replacing them, per year" (Overview) and "Replacing the customers lost" (Acquisition), the
values the inputs show, and the scenario values in its URL. A value that is wrong is cross-talk
when it is one that another session, and never this one, should see; any other wrong value,
a missing metric, a Python exception or error box on the page, a timeout or a dropped
connection is an error.

For the hostile-upload phase (issues #14 and #17) one more session uploads, one after another,
the `HOSTILE_FILES`: scenario files, sales exports and survey files built to make a reader slow
(64 KB of brackets, nested anchors, a million columns, a quote never closed, millions of short
rows), and the hostile workbooks of ``tests/data/spreadsheets.py`` (zip bombs, far cells, a
million formatted empty rows, repetitions an .ods expands, patched .xls files, foreign files)
as sales exports, each through the uploader of its page, as a user picking the file would.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urlencode

from calculators.reports.acquisition import acquisition_report
from calculators.reports.overview import overview_report
from calculators.scenario import FIELDS, Scenario, apply_values, default_scenario, flatten
from devtools.protocol import ABSENT, Observed, Run, Watch, input_text
from tests.data.spreadsheets import hostile_workbooks
from ui import expectations, scenario_tools, your_data
from ui.fmt import Formatter
from ui.i18n import LANGS, translate
from ui.state import LANG_PARAM, url_value
from ui.widgets import from_display, to_display, widget_key

OVERVIEW = ""  # the default page's URL path
ACQUISITION = "acquisition_vs_retention"
LOCALES = {"en": "en-US", "it": "it-IT"}

# What a session reads back. Metrics by their i18n key (the label is looked up per language).
LOST = "overview.lost.label"
REPLACEMENT_OVERVIEW = "overview.replacement.label"
REPLACEMENT_ACQUISITION = "acq.year.replacement"
METRICS = {OVERVIEW: (LOST, REPLACEMENT_OVERVIEW), ACQUISITION: (REPLACEMENT_ACQUISITION,)}
CUSTOMERS = "business.active_customers"
RETENTION = "business.retention"
ACQUISITION_COST = "business.acquisition_cost"
FIELDS_SHOWN = {
    OVERVIEW: (CUSTOMERS, RETENTION, ACQUISITION_COST),
    ACQUISITION: (RETENTION, ACQUISITION_COST),
}
URL_FIELDS = (CUSTOMERS, RETENTION, ACQUISITION_COST)

# Session k's own inputs (k = 1, 2, …): the customer count and the acquisition cost differ for
# every k, retention repeats every 20 sessions; none equals its default (1000, 80 %, 250).
BASE_CUSTOMERS, CUSTOMERS_STEP = 1000, 37
BASE_RETENTION_PERCENT, RETENTION_CYCLE = 60, 20
BASE_ACQUISITION_COST, ACQUISITION_COST_STEP = 100, 7


def _watch() -> Watch:
    """Metrics as ``"<lang>:<i18n key>"`` (their labels in both languages), inputs by field."""
    keys = [key for page_keys in METRICS.values() for key in page_keys]
    return Watch(
        metrics={translate(lang, key): f"{lang}:{key}" for lang in LANGS for key in keys},
        inputs={widget_key(path): path for path in FIELDS},
        url_params=(*URL_FIELDS, LANG_PARAM),
    )


WATCH = _watch()


@dataclass(frozen=True)
class Step:
    """One thing a session does, and what it must see once the run it causes has finished."""

    name: str
    page: str  # the page shown after the step (URL path)
    field: str | None  # the input typed into, None for opening or changing page
    typed: float | None  # the value typed, as the input shows it (percent for retention)
    expected: Mapping[Observed, str]
    timed: Observed | None  # the result whose arrival times the step


@dataclass(frozen=True)
class Plan:
    index: int
    lang: str
    steps: tuple[Step, ...]

    @property
    def query(self) -> str:
        """The query string of the link the session opens."""
        return urlencode({LANG_PARAM: self.lang})

    @property
    def locale(self) -> str:
        return LOCALES[self.lang]

    def values(self) -> set[tuple[Observed, str]]:
        return {(seen, value) for step in self.steps for seen, value in step.expected.items()}


@dataclass
class SessionOutcome:
    index: int
    steps_done: int = 0
    checks_passed: int = 0
    errors: list[str] = field(default_factory=list)
    cross_talk: list[str] = field(default_factory=list)
    input_to_result_s: list[float] = field(default_factory=list)
    page_switch_s: list[float] = field(default_factory=list)
    first_page_s: list[float] = field(default_factory=list)


def session_inputs(index: int) -> dict[str, float]:
    """Session `index`'s own values (index ≥ 1), as typed into the inputs (retention in %)."""
    return {
        CUSTOMERS: BASE_CUSTOMERS + CUSTOMERS_STEP * index,
        RETENTION: BASE_RETENTION_PERCENT + index % RETENTION_CYCLE,
        ACQUISITION_COST: BASE_ACQUISITION_COST + ACQUISITION_COST_STEP * index,
    }


def session_lang(index: int) -> str:
    return ("en", "it")[index % 2]


def _typed(scenario: Scenario, path: str, shown: float) -> Scenario:
    """The scenario after typing `shown` into the input of `path`, converted as the app does."""
    new, issues = apply_values(scenario, {path: from_display(FIELDS[path], shown)})
    if issues:
        raise ValueError(f"session input {path}={shown} rejected: {issues[0].kind}")
    return new


def expected_on(page: str, scenario: Scenario, lang: str) -> dict[Observed, str]:
    """The checked results, input values and URL values of `page` showing `scenario` in `lang`."""
    f = Formatter(lang, scenario.business.currency)
    seen: dict[Observed, str] = {}
    if page == OVERVIEW:
        report = overview_report(scenario)
        seen["metric", f"{lang}:{LOST}"] = f.number(report.customers_lost)
        seen["metric", f"{lang}:{REPLACEMENT_OVERVIEW}"] = f.money(report.replacement_cost)
    else:
        churn = acquisition_report(scenario).churn
        seen["metric", f"{lang}:{REPLACEMENT_ACQUISITION}"] = f.money(churn.replacement_cost)
    values = flatten(scenario)
    defaults = flatten(default_scenario())
    for path in FIELDS_SHOWN[page]:
        seen["input", path] = input_text(to_display(FIELDS[path], values[path]))
    for path in URL_FIELDS:
        changed = values[path] != defaults[path]
        seen["url", path] = url_value(values[path]) if changed else ABSENT
    seen["url", LANG_PARAM] = lang
    return seen


def session_plan(index: int) -> Plan:
    """The steps of session `index` and what each must show, from the calculators."""
    lang = session_lang(index)
    typed = session_inputs(index)
    scenario = default_scenario()
    steps = [Step("open", OVERVIEW, None, None, expected_on(OVERVIEW, scenario, lang), None)]
    lost = ("metric", f"{lang}:{LOST}")
    replacement = ("metric", f"{lang}:{REPLACEMENT_ACQUISITION}")
    for name, page, path, timed in (
        ("customers", OVERVIEW, CUSTOMERS, lost),
        ("retention", OVERVIEW, RETENTION, lost),
        ("to acquisition", ACQUISITION, None, None),
        ("acquisition cost", ACQUISITION, ACQUISITION_COST, replacement),
        ("to overview", OVERVIEW, None, None),
    ):
        if path is not None:
            scenario = _typed(scenario, path, typed[path])
        value = None if path is None else typed[path]
        steps.append(Step(name, page, path, value, expected_on(page, scenario, lang), timed))
    return Plan(index, lang, tuple(steps))


def foreign_values(plans: list[Plan]) -> dict[int, dict[Observed, set[str]]]:
    """For each session: the values other sessions should see and it never should."""
    own = {plan.index: plan.values() for plan in plans}
    everyone: dict[Observed, set[str]] = defaultdict(set)
    for values in own.values():
        for seen, value in values:
            everyone[seen].add(value)
    return {
        index: {
            seen: {value for value in values if (seen, value) not in own[index]}
            for seen, values in everyone.items()
        }
        for index in own
    }


def check_run(
    run: Run, step: Step, foreign: Mapping[Observed, set[str]], outcome: SessionOutcome
) -> None:
    """Compare what a run showed with the step's expectations; record errors and cross-talk."""
    where = f"session {outcome.index} step {step.name!r}"
    outcome.errors.extend(f"{where}: {problem}" for problem in run.problems)
    for seen, value, _ in run.observed:
        if value in foreign.get(seen, ()):
            outcome.cross_talk.append(f"{where}: {seen[0]} {seen[1]} showed {value!r}")
    for seen, want in step.expected.items():
        shown = [value for key, value, _ in run.observed if key == seen]
        if not shown:
            outcome.errors.append(f"{where}: {seen[0]} {seen[1]} not shown")
        elif all(value == want for value in shown):
            outcome.checks_passed += 1
        else:
            wrong = [value for value in shown if value != want and value not in foreign[seen]]
            if wrong:
                outcome.errors.append(f"{where}: {seen[0]} {seen[1]} {wrong!r}, want {want!r}")
    if step.timed is not None:
        # Timed to the arrival of the result, if the run showed only the right value for it.
        arrivals = [(value, t) for key, value, t in run.observed if key == step.timed]
        if arrivals and all(value == step.expected[step.timed] for value, _ in arrivals):
            outcome.input_to_result_s.append(arrivals[0][1])


# --- a session that uploads hostile files (issue #17) ---------------------------------------------

# The app's file uploaders, by the name a session gives them.
SCENARIO_FILE = "scenario file"
SALES_EXPORT = "sales export"
SURVEY_FILE = "survey file"
UPLOADERS = {
    scenario_tools.UPLOAD_WIDGET: SCENARIO_FILE,  # in the sidebar of every page
    your_data.UPLOAD: SALES_EXPORT,
    expectations.SURVEY_UPLOAD: SURVEY_FILE,
}
YOUR_DATA = "your_data"
EXPECTATIONS = "expectations_gap"
UPLOAD_LANG = "en"
UPLOAD_QUERY = urlencode({LANG_PARAM: UPLOAD_LANG})
UPLOAD_WATCH = Watch(metrics={}, inputs={}, url_params=(), uploaders=UPLOADERS)
SCENARIO_BYTES = 64 * 1024  # the app's cap for scenario files
MB = 1024 * 1024


@dataclass(frozen=True)
class HostileFile:
    """A file built to make a reader slow, the page whose uploader takes it, and what it is."""

    name: str
    page: str
    uploader: str
    description: str
    build: Callable[[], bytes]


def _valid_rows_then(tail: bytes, size: int) -> bytes:
    """Valid sales rows past the part the reader guesses the format from, then `tail`."""
    head = b"cliente;data;importo\n" + b"C1234;31/01/2024;123,45\n" * 5000
    return head + tail * max(1, (size - len(head)) // len(tail))


def _nested_anchors() -> bytes:
    lines = ["a0: &a0 [x]", *(f"a{n}: &a{n} [*a{n - 1}, [*a{n - 1}]]" for n in range(1, 3000))]
    return "\n".join(lines).encode()[:SCENARIO_BYTES]


HOSTILE_FILES: tuple[HostileFile, ...] = (
    HostileFile(
        "brackets.yaml", OVERVIEW, SCENARIO_FILE, "64 KB of [", lambda: b"[" * SCENARIO_BYTES
    ),
    HostileFile("anchors.yaml", OVERVIEW, SCENARIO_FILE, "nested anchors", _nested_anchors),
    HostileFile(
        "columns.csv",
        YOUR_DATA,
        SALES_EXPORT,
        "10 MB, a million columns",
        lambda: b"c;" * (5 * MB) + b"\n",
    ),
    HostileFile(
        "quotes.csv",
        YOUR_DATA,
        SALES_EXPORT,
        "10 MB, a quote never closed",
        lambda: _valid_rows_then(b'"', 10 * MB),
    ),
    HostileFile(
        "one-field.csv",
        YOUR_DATA,
        SALES_EXPORT,
        "10 MB, 5 million one-field rows",
        lambda: _valid_rows_then(b"x\n", 10 * MB),
    ),
    HostileFile(
        "no-dates.csv",
        YOUR_DATA,
        SALES_EXPORT,
        "10 MB, 500,000 rows, no date readable",
        lambda: _valid_rows_then(b"C1234;someday;123,45\n", 10 * MB),
    ),
    HostileFile(
        "survey-columns.csv",
        EXPECTATIONS,
        SURVEY_FILE,
        "4.9 MB, a million columns",
        lambda: b"c," * (2 * MB) + b"\n",
    ),
    HostileFile(
        "survey-rows.csv",
        EXPECTATIONS,
        SURVEY_FILE,
        "4.9 MB, 2.5 million one-cell rows",
        lambda: b"nps\n" + b"7\n" * int(2.45 * MB),
    ),
    *(
        HostileFile(workbook.name, YOUR_DATA, SALES_EXPORT, workbook.description, workbook.build)
        for workbook in hostile_workbooks()
    ),
)
