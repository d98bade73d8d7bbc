"""The "Your data" page's pieces: the file in use, reading it, the column choices, the messages
about the file, and putting the measured figures into the scenario.

The file's bytes and everything read from them stay in the user's session (`ui.uploads`): the
sample and an uploaded export alike, each under its own id, until "Forget my file" (`on_forget`),
another file, or the end of the session.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from typing import Literal

import pandas as pd
import streamlit as st

from calculators.cohorts import PERIODS_PER_YEAR, Period
from calculators.reports.your_data import (
    MAX_WINDOWS,
    CohortReport,
    LifetimeValues,
    ScenarioFigures,
    analyse_transactions,
)
from calculators.scenario import FIELDS, FieldIssue, apply_values
from calculators.spreadsheets import SpreadsheetError, sheet_names, spreadsheet_kind
from calculators.tables import cell_text
from calculators.transactions import (
    DATE_FORMATS,
    MAX_FILE_MB,
    ColumnMapping,
    FileFormat,
    InvoiceFacts,
    ReadIssue,
    ReadSummary,
    TransactionFileError,
    read_transactions,
    sniff,
)
from ui import plain, state, uploads, widgets
from ui.fmt import Formatter
from ui.nav import OVERVIEW, ROOT
from ui.uploads import Upload

SAMPLE_FILE = ROOT / "assets" / "sample_transactions.csv"
SAMPLE_ID = "sample"
SLOT = "data"
ROLES = ("customer", "date", "amount")
SEPARATOR_NAMES = {";": "semicolon", ",": "comma", "\t": "tab", "|": "pipe"}
# The file types the uploader offers (the kind is recognised from the content, not the name;
# Streamlit refuses any other extension). A signed invoice is ``.xml.p7m``.
FILE_TYPES = ["csv", "txt", "tsv", "prn", "dat", "xlsx", "xlsm", "xls", "ods", "zip", "xml", "p7m"]
PERIODS: tuple[Period, ...] = ("year", "quarter", "month")
DECIMAL_NAMES = {",": "comma", ".": "point"}

UPLOAD = "data.upload"
SOURCE = "data.source"  # the file in use (`Source`): kept when leaving the page
MAPPING = "data.mapping"  # the user's column choices, kept when leaving the page
FIRST_NEW = "data.first_cohort_new"
FIRST_NEW_WIDGET = "data.first_cohort_new_widget"
NOTICE = "data.notice"
APPLIED = "data.applied"  # the figures of this file put into the scenario, for "Forget my file"
KEPT = "data.kept"  # the figures that stay in the scenario after forgetting their file
WINDOW = "data.window"  # N: years without a purchase before a customer counts as lost
WINDOW_WIDGET = "data.window_widget"
PERIOD = "data.period"  # cohorts by year, quarter or month
PERIOD_WIDGET = "data.period_widget"
SHEET = "data.sheet"  # a workbook's sheet chosen by the user
DATE_READING = "data.date_reading"  # the date format chosen when day and month are ambiguous
DECIMAL = "data.decimal_choice"  # the decimal mark chosen when "1.500" is ambiguous
SELLER = "data.seller"  # an archive of e-invoices: the seller whose sales are measured

Mapping = tuple[str | None, ...]  # the columns chosen for ROLES, None where none is chosen


@dataclass(frozen=True)
class Source:
    """The file the page analyses: an upload or the sample, with its bytes."""

    name: str
    file_id: str
    data: bytes

    @property
    def sample(self) -> bool:
        return self.file_id == SAMPLE_ID

    @property
    def upload(self) -> Upload:
        return Upload(SLOT, self.file_id)


@dataclass(frozen=True)
class Applied:
    """What "use these figures" did, said under the button until the next file.

    outcome: ``applied`` (`paths` went into the scenario), ``refused`` (the scenario refused a
    value: `issues`) or ``none_ticked``.
    """

    outcome: Literal["applied", "refused", "none_ticked"]
    paths: tuple[str, ...] = ()
    issues: tuple[FieldIssue, ...] = ()


def map_key(role: str) -> str:
    return f"data.map.{role}"


def use_key(path: str) -> str:
    return f"data.use.{path}"


def source() -> Source | None:
    """The file in use, if any."""
    return st.session_state.get(SOURCE)


def _drop_source() -> None:
    # Deleted, not set to None: Streamlit keeps the previous run's values until the next run
    # starts, and only a deletion drops them at once.
    st.session_state.pop(SOURCE, None)


def _drop_file_state() -> None:
    """Forget what the page made of the file in use: the column choices (back to the next
    file's guesses), the last notice and which figures went into the scenario."""
    st.session_state.pop(MAPPING, None)
    st.session_state.pop(NOTICE, None)
    for key in (SHEET, DATE_READING, DECIMAL, SELLER):
        st.session_state.pop(key, None)
    st.session_state[APPLIED] = ()
    for role in ROLES:
        st.session_state.pop(map_key(role), None)


def _use(name: str, file_id: str, data: bytes) -> None:
    """Make `data` the file analysed; the column choices go back to the new file's guesses."""
    _drop_source()
    st.session_state[SOURCE] = Source(name, file_id, data)
    _drop_file_state()


def on_upload() -> None:
    uploaded = uploads.uploaded(UPLOAD)
    if uploaded is not None:
        _use(uploaded.name, uploaded.file_id, uploaded.getvalue())
        return
    current = source()
    if current is not None and not current.sample:
        _drop_source()  # the user removed their file
        uploads.forget(SLOT)


def on_sample() -> None:
    # The sample replaces the user's file: that is forgotten too, uploader included.
    if has_own_file():
        _forget_own_file(confirm=False)
    _use(SAMPLE_FILE.name, SAMPLE_ID, SAMPLE_FILE.read_bytes())


def has_own_file() -> bool:
    """Whether the page holds a file of the user's (in use, or still in the uploader)."""
    current = source()
    return (current is not None and not current.sample) or uploads.uploaded(UPLOAD) is not None


def on_forget() -> None:
    """ "Forget my file": the file, everything read from it and the page's choices about it go
    at once; figures already put into the scenario stay there (they are the user's now)."""
    st.session_state[KEPT] = tuple(st.session_state.get(APPLIED) or ())
    _forget_own_file(confirm=True)
    _drop_source()
    _drop_file_state()


def _forget_own_file(*, confirm: bool) -> None:
    current = source()
    kept_ids = () if current is None or current.sample else (current.file_id,)
    uploads.forget_file(SLOT, UPLOAD, *kept_ids, confirm=confirm)


def kept_note() -> str:
    """After "Forget my file": which figures of the file stay in the scenario (said once)."""
    kept: tuple[str, ...] = st.session_state.pop(KEPT, ())
    if not kept:
        return ""
    return state.t(
        "data.upload.forgotten_kept", figures=", ".join(widgets.label(path) for path in kept)
    )


def on_map(role: str) -> None:
    st.session_state.setdefault(MAPPING, {})[role] = st.session_state[map_key(role)] or None


def on_first_new() -> None:
    st.session_state[FIRST_NEW] = st.session_state[FIRST_NEW_WIDGET]


def on_window() -> None:
    st.session_state[WINDOW] = int(st.session_state[WINDOW_WIDGET] or 1)


def on_period() -> None:
    chosen = st.session_state.get(PERIOD_WIDGET)
    st.session_state[PERIOD] = chosen if chosen in PERIODS else "year"


def period() -> Period:
    """How cohorts and retention are counted: by calendar year, quarter or month."""
    chosen = st.session_state.get(PERIOD, "year")
    return chosen if chosen in PERIODS else "year"


def window() -> int:
    """N, the periods a customer may go without buying and still count (1 to the period's
    `MAX_WINDOWS`)."""
    chosen = st.session_state.get(WINDOW, 1)
    limit = MAX_WINDOWS[period()]
    return chosen if isinstance(chosen, int) and 1 <= chosen <= limit else 1


def period_input() -> None:
    """Cohorts by year, quarter or month."""
    t = state.t
    st.session_state[PERIOD_WIDGET] = period()
    st.segmented_control(
        t("data.measure.period"),
        options=list(PERIODS),
        format_func={option: t(f"data.period.{option}") for option in PERIODS}.__getitem__,
        key=PERIOD_WIDGET,
        on_change=on_period,
        help=t("data.measure.period_help"),
    )


def window_input() -> None:
    """The choice of N, with what the measure is and when "1 period" misleads."""
    t = state.t
    chosen = window()
    unit = period()
    st.session_state[WINDOW_WIDGET] = chosen
    st.number_input(
        t(f"data.measure.window.{unit}"),
        min_value=1,
        max_value=MAX_WINDOWS[unit],
        step=1,
        key=WINDOW_WIDGET,
        on_change=on_window,
        help=t(f"data.measure.window_help.{unit}"),
    )
    if chosen == 1:
        st.markdown(t(f"data.measure.what_one.{unit}"))
    else:
        st.markdown(t(f"data.measure.what_window.{unit}", n=chosen))
    st.caption(t("data.measure.misleads"))


def sheet() -> str | None:
    """The workbook sheet the user chose, or None for the first with data."""
    chosen = st.session_state.get(SHEET)
    return chosen if isinstance(chosen, str) else None


def sheet_input(file_format: FileFormat) -> None:
    """A choice of sheet when the workbook has more than one."""
    _sheet_select(file_format.sheets, file_format.sheet)


def other_sheets(file: Source) -> None:
    """A workbook whose sheet could not be read: a choice of its other sheets (nothing for a
    text file, or a workbook that cannot be opened at all)."""

    def compute() -> tuple[str, ...]:
        if spreadsheet_kind(file.data) is None:
            return ()
        try:
            return sheet_names(file.data)
        except SpreadsheetError:
            return ()

    _sheet_select(file.upload.kept(("sheets",), compute), sheet())


def _sheet_select(sheets: Sequence[str], chosen: str | None) -> None:
    if len(sheets) < 2:
        return
    key = "data.sheet_widget"
    st.session_state[key] = chosen if chosen in sheets else None
    st.selectbox(
        state.t("data.map.sheet"),
        options=list(sheets),
        format_func=plain.text,
        key=key,
        on_change=lambda: st.session_state.__setitem__(SHEET, st.session_state[key]),
        help=state.t("data.map.sheet_help"),
    )


def date_reading() -> str | None:
    chosen = st.session_state.get(DATE_READING)
    return chosen if chosen in DATE_FORMATS else None


def decimal_choice() -> str | None:
    chosen = st.session_state.get(DECIMAL)
    return chosen if chosen in (",", ".") else None


def date_reading_input(summary: ReadSummary) -> None:
    """Day and month read either way in every date: say which reading is used, offer the other."""
    if not summary.date_alternatives or summary.date_format is None:
        return
    t = state.t
    options = [summary.date_format, *summary.date_alternatives]
    key = "data.date_reading_widget"
    st.session_state[key] = summary.date_format
    st.radio(
        t("data.summary.date_ambiguous", used=t(f"data.date_format.{summary.date_format}")),
        options=options,
        format_func={option: t(f"data.date_format.{option}") for option in options}.__getitem__,
        key=key,
        horizontal=True,
        on_change=lambda: st.session_state.__setitem__(DATE_READING, st.session_state[key]),
    )


def decimal_input(summary: ReadSummary, f: Formatter) -> None:
    """Amounts like 1.500 that nothing in the file settles: both readings' totals, and a choice."""
    if not (summary.decimal_ambiguous or decimal_choice()) or not summary.decimal_totals:
        return
    t = state.t
    totals = dict(summary.decimal_totals)
    key = "data.decimal_widget"
    # Nothing chosen until the user answers: no reading is presented as the right one.
    st.session_state[key] = None if decimal_pending(summary) else summary.decimal
    options = [".", ","] if "." in totals else list(totals)
    # Labels made in the run (in the page's language), not looked up later.
    labels = {
        mark: t(
            f"data.summary.decimal_reading.{DECIMAL_NAMES[mark]}",
            total=f.money(totals.get(mark, 0.0), 2),
        )
        for mark in options
    }
    st.radio(
        t("data.summary.decimal_ambiguous"),
        options=options,
        format_func=labels.__getitem__,
        key=key,
        on_change=lambda: st.session_state.__setitem__(DECIMAL, st.session_state[key]),
    )


def decimal_pending(summary: ReadSummary) -> bool:
    """Amounts like 1.500 that nothing settles, and the user has not said how to read them:
    no revenue figure is offered or shown as measured until they do."""
    return summary.has_amounts and summary.decimal_ambiguous


def format_text(summary: ReadSummary) -> str:
    """How the file was read: its kind, layout, and how dates and amounts are written."""
    t = state.t
    if summary.date_format is None:
        dates = t("data.date_format.typed")
    else:
        dates = t(f"data.date_format.{summary.date_format}")
    decimal = (
        t(f"data.decimal.{DECIMAL_NAMES[summary.decimal]}")
        if summary.has_amounts and summary.decimal in DECIMAL_NAMES
        else ""
    )
    if decimal_pending(summary):
        decimal = t("data.decimal.pending")
    if summary.invoices is not None:
        return t("data.summary.format_invoices")
    if summary.kind != "text":
        key = "data.summary.format_sheet" if decimal else "data.summary.format_sheet_no_amount"
        return t(
            key,
            kind=t(f"data.kind.{summary.kind}"),
            sheet=plain.quoted(summary.sheet),
            decimal=decimal,
            dates=dates,
        )
    if summary.layout == "separated":
        split = t(f"data.sep.{SEPARATOR_NAMES.get(summary.separator, 'other')}")
    else:
        split = t(f"data.layout.{summary.layout}")
    key = "data.summary.format" if decimal else "data.summary.format_no_amount"
    return t(key, encoding=summary.encoding, separator=split, decimal=decimal, dates=dates)


def value_comparison(values: LifetimeValues, retention: str, f: Formatter) -> str | None:
    """What holds for the owner's data: which lifetime value is higher, and by how much."""
    if values.higher is None or values.constant is None or values.sbg is None:
        return None
    difference = values.difference or 0.0
    return state.t(
        f"data.value.compare_{values.higher}",
        retention=retention,
        constant=f.money(values.constant, 2),
        sbg=f.money(values.sbg, 2),
        difference=f.money(abs(difference), 2),
        relative=f.optional(f.percent, None if values.relative is None else abs(values.relative)),
    )


def on_apply(values: dict[str, float]) -> None:
    """Put the ticked figures into the scenario, all or none, validated like typed values."""
    chosen = {path: v for path, v in values.items() if st.session_state.get(use_key(path))}
    if not chosen:
        st.session_state[NOTICE] = Applied("none_ticked")
        return
    _, issues = apply_values(state.scenario(), chosen)
    if issues:
        st.session_state[NOTICE] = Applied("refused", issues=tuple(issues))
        return
    for path, value in chosen.items():
        state.update_field(path, value)
    st.session_state[NOTICE] = Applied("applied", paths=tuple(chosen))
    applied = tuple(st.session_state.get(APPLIED) or ())
    st.session_state[APPLIED] = applied + tuple(p for p in chosen if p not in applied)


def sniffed(file: Source) -> tuple[FileFormat | None, list[ReadIssue]]:
    """How the file is written and its columns (a workbook's chosen sheet), or why it cannot
    be read."""
    chosen = sheet()

    def compute() -> tuple[FileFormat | None, list[ReadIssue]]:
        try:
            return sniff(file.data, sheet=chosen), []
        except TransactionFileError as error:
            return None, error.issues

    return file.upload.kept(("sniff", chosen), compute)


@dataclass(frozen=True)
class Reading:
    """How the user asked the file to be read and measured (each choice keys the result)."""

    mapping: Mapping
    first_new: bool = False
    window: int = 1
    period: Period = "year"
    date_format: str | None = None
    decimal: str | None = None
    seller: str | None = None


@dataclass(frozen=True)
class Analysis:
    """The file read and analysed (`summary`, `report`), or why not (`issues`); `invoices`:
    what an archive of e-invoices held, whether or not its sales could be read."""

    summary: ReadSummary | None
    report: CohortReport | None
    issues: tuple[ReadIssue, ...] = ()
    invoices: InvoiceFacts | None = None


def analysed(file: Source, file_format: FileFormat, reading: Reading) -> Analysis:
    """The file read as `reading` says and analysed, or why it cannot be (the transactions
    themselves are not kept, only the summary and the analysis)."""

    def compute() -> Analysis:
        try:
            found = read_transactions(
                file.data,
                ColumnMapping(*reading.mapping) if reading.mapping else None,
                sheet=file_format.sheet or None,
                date_format=reading.date_format,
                decimal=reading.decimal,
                file_format=file_format,
                seller=reading.seller,
            )
        except TransactionFileError as error:
            return Analysis(None, None, tuple(error.issues), error.invoices)
        report = analyse_transactions(
            found.frame,
            first_cohort_new=reading.first_new,
            window=reading.window,
            period=reading.period,
        )
        return Analysis(found.summary, report, (), found.summary.invoices)

    return file.upload.kept(("analysis", file_format.sheet, reading), compute)


def preview(file_format: FileFormat, rows: int) -> pd.DataFrame:
    """The file's first rows as text, as a CSV export would show them (a workbook's cells
    are typed, and one column may mix text and numbers)."""
    return file_format.preview.head(rows).map(cell_text)


def _column_label(labels: dict[str, str], blank: str, option: str) -> str:
    return labels.get(option, blank)


def chosen_mapping(file_format: FileFormat) -> Mapping:
    """One select box per role, showing the user's choice or the file's guess; the choice."""
    t = state.t
    mapping = {**file_format.guess.roles(), **(st.session_state.get(MAPPING) or {})}
    options = ["", *file_format.columns]
    labels = {c: plain.text(c) for c in file_format.columns}
    for column, role in zip(st.columns(len(ROLES)), ROLES, strict=True):
        # No amount column is a choice (visits, appointments); the others must be chosen.
        blank = t("data.map.no_amount") if role == "amount" else t("data.map.choose")
        key = map_key(role)
        chosen = mapping[role] if mapping[role] in file_format.columns else ""
        if st.session_state.get(key) != chosen:
            st.session_state[key] = chosen
        column.selectbox(
            t(f"data.map.{role}"),
            options=options,
            format_func=partial(_column_label, labels, blank),
            key=key,
            on_change=on_map,
            args=(role,),
        )
    return tuple(st.session_state[map_key(role)] or None for role in ROLES)


def first_cohort_new() -> bool:
    """Whether the user counts the first year's buyers as new customers."""
    return bool(st.session_state.get(FIRST_NEW, False))


def first_cohort_toggle(report: CohortReport) -> None:
    """ "The business started when the file starts": the first year's buyers were all new."""
    st.session_state[FIRST_NEW_WIDGET] = first_cohort_new()
    st.toggle(
        first_year_text("data.map.first_cohort_new", report),
        key=FIRST_NEW_WIDGET,
        on_change=on_first_new,
        help=first_year_text("data.map.first_cohort_help", report),
    )


def retention_by_period_text(report: CohortReport, *, pending: bool = False) -> str:
    """What the retention-by-period chart shows and, with amounts, the pooled revenue
    retention beside the customers' (or why there is none; `pending`: the amounts' decimal
    mark is not settled yet)."""
    t = state.t
    f = state.formatter()
    unit = report.period
    text = t(f"data.retention_period.how.{unit}")
    if not report.has_amounts:
        return f"{text} {t('data.retention_period.no_amounts')}"
    if pending:
        return f"{text} {t('data.retention_period.decimal_pending')}"
    span = report.revenue_retention_span
    if report.revenue_retention is None or span is None:
        return f"{text} {t('data.retention_period.no_base')}"
    start, end = (f.period(label) for label in span)
    return "{} {}".format(
        text,
        t(
            f"data.retention_period.revenue.{unit}",
            share=f.percent(report.revenue_retention),
            start=start,
            end=end,
        ),
    )


def first_year_text(key: str, report: CohortReport) -> str:
    """A text about the data's first year: its one year, or its first quarters or months
    (`CohortReport.mixed_span`, named as the locale writes them)."""
    f = state.formatter()
    start, end = (f.period(label) for label in report.mixed_span)
    if report.period == "year":
        return state.t(key, year=start)
    return state.t(f"{key}_period.{report.period}", start=start, end=end)


def issue_text(issue: ReadIssue, rows: int = 0) -> str:
    """The user's-language message for one problem with the file."""
    f = state.formatter()
    role = state.t(f"data.role.{issue.column}") if issue.kind == "missing_column" else ""
    examples = ", ".join(widgets.shown_text(example) for example in issue.examples) or "—"
    return state.t(
        f"data.issue.{issue.kind}",
        count=f.number(issue.count),
        rows=f.number(rows or issue.value or 0),
        examples=examples,
        column=widgets.shown_text(issue.column),
        role=role,
        line=f.number(issue.value or 0),
        size=f.number(issue.value or 0, 1),
        max=f.number(MAX_FILE_MB),
        total=f.money(issue.value or 0, 2),
    )


def show_failure(name: str, issues: Sequence[ReadIssue]) -> None:
    """The file could not be read: every reason, and that nothing changed."""
    t = state.t
    lines = "\n".join(f"- {issue_text(issue)}" for issue in issues)
    st.error(
        f"{t('data.upload.failed', name=widgets.shown_text(name))}\n\n{lines}\n\n"
        f"{t('data.upload.nothing_changed')}",
        icon="🚫",
    )


def figure_value(path: str, value: float | None, f: Formatter) -> str:
    """A measured figure (or the scenario's) as shown; "not measured" where the data has none."""
    if value is None:
        return state.t("data.figures.missing")
    return widgets.format_value(FIELDS[path], value, f)


def figure_how(name: str, figures: ScenarioFigures) -> str:
    """How a measured figure was computed: which years of the file it reads."""
    t = state.t
    window = figures.window
    if figures.period != "year":
        return _figure_how_periods(name, figures)
    if name == "retention" and figures.retention_years:
        start, end = figures.retention_years
        if window == 1:
            return t("data.figures.retention_how", start=start, end=end)
        return t("data.figures.retention_how_window", start=start, end=end, years=window)
    if name == "revenue_per_customer" and figures.revenue_year is not None:
        if window == 1:
            return t("data.figures.revenue_how", year=figures.revenue_year)
        return t("data.figures.revenue_how_window", year=figures.revenue_year, years=window)
    if name == "new_customers_per_year" and figures.new_customers_years:
        start, end = figures.new_customers_years
        key = "data.figures.new_how_one" if start == end else "data.figures.new_how"
        return t(key, start=start, end=end)
    if name == "active_customers":
        if window == 1 or figures.active_from is None:
            return t("data.figures.active_how", year=figures.last_year)
        return t("data.figures.active_how_window", start=figures.active_from, end=figures.last_year)
    return t("data.figures.not_enough")


def _figure_how_periods(name: str, figures: ScenarioFigures) -> str:
    """How a yearly figure was measured on quarters or months."""
    t = state.t
    f = state.formatter()
    unit = figures.period
    span = {
        "retention": figures.retention_span,
        "revenue_per_customer": figures.revenue_span,
        "new_customers_per_year": figures.new_customers_span,
        "active_customers": figures.active_span,
    }[name]
    if span is None:
        return t("data.figures.not_enough")
    start, end = (f.period(label) for label in span)
    power = PERIODS_PER_YEAR[unit]
    if name == "retention":
        return t(
            f"data.figures.retention_how_period.{unit}",
            start=start,
            end=end,
            rate=f.percent(figures.period_retention or 0),
            power=power,
            n=figures.window,
        )
    keys = {
        "revenue_per_customer": "revenue_how_period",
        "new_customers_per_year": "new_how_period",
        "active_customers": "active_how_period",
    }
    return t(f"data.figures.{keys[name]}.{unit}", start=start, end=end, power=power)


def applied_notice() -> None:
    """What the last "use these figures" did, if anything."""
    t = state.t
    notice: Applied | None = st.session_state.get(NOTICE)
    if notice is None:
        return
    if notice.outcome == "applied":
        shown = ", ".join(widgets.label(path) for path in notice.paths)
        st.success(t("data.figures.applied", figures=shown), icon="✅")
        st.page_link(OVERVIEW.path, label=t("common.open_page", page=t(OVERVIEW.title_key)))
    elif notice.outcome == "refused":
        widgets.issues_error(t("data.figures.refused"), notice.issues)
    else:
        st.warning(t("data.figures.none_ticked"), icon="⚠️")


# --- an archive of e-invoices ------------------------------------------------------------------


def seller() -> str | None:
    """The seller of an archive of e-invoices the user chose, or None for the one with most."""
    chosen = st.session_state.get(SELLER)
    return chosen if isinstance(chosen, str) else None


def invoices_box(facts: InvoiceFacts | None) -> None:
    """What an archive of e-invoices held: invoices and files read, the choice of seller,
    the files skipped and why, the currencies, and what happens to the tax codes."""
    t = state.t
    f = state.formatter()
    if facts is None:
        return
    # Every seller's invoices: the files read hold them all (each seller's are in the choice).
    invoices = sum(found.invoices for found in facts.sellers) or facts.bodies
    st.markdown(
        t(
            "data.invoices.read",
            invoices=f.number(invoices),
            files=f.number(facts.files),
            skipped=f.number(len(facts.skipped)),
        )
    )
    st.caption(t("data.invoices.signatures"))
    _seller_select(facts)
    if facts.currencies:
        st.info(
            t(
                "data.invoices.currencies",
                count=f.number(sum(count for _, count in facts.currencies)),
                currencies=", ".join(widgets.shown_text(code) for code, _ in facts.currencies),
            ),
            icon="💱",
        )
    if facts.skipped:
        with st.expander(t("data.invoices.skipped_title", count=f.number(len(facts.skipped)))):
            st.dataframe(
                pd.DataFrame(
                    {
                        t("data.invoices.skipped_file"): [
                            plain.text(skipped.file) for skipped in facts.skipped
                        ],
                        t("data.invoices.skipped_reason"): [
                            t(f"data.invoices.skip.{skipped.kind}") for skipped in facts.skipped
                        ],
                    }
                ),
                width="stretch",
                hide_index=True,
            )
    if facts.customer_labels:
        customers = sorted(facts.customer_labels.values(), key=str.casefold)
        with st.expander(t("data.invoices.customers_title", count=f.number(len(customers)))):
            st.dataframe(
                pd.DataFrame({t("data.invoices.customer"): [plain.text(c) for c in customers]}),
                width="stretch",
                hide_index=True,
            )
    st.caption(t("data.invoices.privacy"))


def _seller_select(facts: InvoiceFacts) -> None:
    """More than one seller in the archive: say so, and let the user choose whose sales."""
    if len(facts.sellers) < 2:
        return
    t = state.t
    f = state.formatter()
    st.info(t("data.invoices.sellers_many", count=f.number(len(facts.sellers))), icon="🏢")
    # Labels made in the run, names as plain text (they come from the file).
    labels = {
        found.id: t(
            "data.invoices.seller_option",
            name=plain.text(found.name),
            id=plain.text(found.id),
            count=f.number(found.invoices),
        )
        for found in facts.sellers
    }
    key = "data.seller_widget"
    current = facts.seller.id if facts.seller is not None else seller()
    st.session_state[key] = current if current in labels else None
    st.selectbox(
        t("data.invoices.seller"),
        options=list(labels),
        format_func=labels.__getitem__,
        key=key,
        on_change=lambda: st.session_state.__setitem__(SELLER, st.session_state[key]),
        help=t("data.invoices.seller_help"),
    )
