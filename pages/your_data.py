"""Your data: measure retention from the owner's own sales export and put it into the scenario."""

import hashlib
from typing import Any

import streamlit as st

from calculators.cohorts import (
    FIGURE_PATHS,
    CohortReport,
    ScenarioFigures,
    analyse_transactions,
    lifetime_values,
)
from calculators.scenario import FIELDS, apply_values
from calculators.transactions import (
    MAX_FILE_MB,
    ColumnMapping,
    FileFormat,
    ReadIssue,
    ReadSummary,
    TransactionFileError,
    read_transactions,
    sniff,
)
from ui import cards, state, widgets
from ui.charts import your_data as charts
from ui.charts.base import plotly_config
from ui.fmt import Formatter
from ui.nav import OVERVIEW, ROOT

SAMPLE_FILE = ROOT / "assets" / "sample_transactions.csv"
FILE_TYPES = ["csv", "txt", "tsv"]
ROLES = ("customer", "date", "amount")
SEPARATOR_NAMES = {";": "semicolon", ",": "comma", "\t": "tab", "|": "pipe"}
DECIMAL_NAMES = {",": "comma", ".": "point"}
# Parsed files and their analyses, by content: a few per server, shared by sessions that
# upload the same bytes; small results only (the transactions themselves are not kept).
CACHE_ENTRIES = 8
PREVIEW_ROWS = 5

UPLOAD = "data.upload"
SOURCE = "data.source"  # {"name", "digest", "data", "sample"}: kept when leaving the page
MAPPING = "data.mapping"  # the user's column choices, kept when leaving the page
FIRST_NEW = "data.first_cohort_new"
FIRST_NEW_WIDGET = "data.first_cohort_new_widget"
NOTICE = "data.notice"


def _map_key(role: str) -> str:
    return f"data.map.{role}"


def _use_key(path: str) -> str:
    return f"data.use.{path}"


def _use(name: str, data: bytes, *, sample: bool) -> None:
    """Make `data` the file analysed; the column choices go back to the new file's guesses."""
    st.session_state[SOURCE] = {
        "name": name,
        "digest": hashlib.sha256(data).hexdigest(),
        "data": data,
        "sample": sample,
    }
    st.session_state.pop(MAPPING, None)
    st.session_state[NOTICE] = None
    for role in ROLES:
        st.session_state.pop(_map_key(role), None)


def _on_upload() -> None:
    uploaded = st.session_state.get(UPLOAD)
    if uploaded is not None:
        _use(uploaded.name, uploaded.getvalue(), sample=False)
    elif not (st.session_state.get(SOURCE) or {}).get("sample"):
        st.session_state[SOURCE] = None  # the user removed their file


def _on_sample() -> None:
    _use(SAMPLE_FILE.name, SAMPLE_FILE.read_bytes(), sample=True)


def _on_map(role: str) -> None:
    st.session_state.setdefault(MAPPING, {})[role] = st.session_state[_map_key(role)] or None


def _on_first_new() -> None:
    st.session_state[FIRST_NEW] = st.session_state[FIRST_NEW_WIDGET]


def _on_apply(values: dict[str, float]) -> None:
    """Put the ticked figures into the scenario, all or none, validated like typed values."""
    chosen = {path: v for path, v in values.items() if st.session_state.get(_use_key(path))}
    if not chosen:
        st.session_state[NOTICE] = ("none", [])
        return
    _, issues = apply_values(state.scenario(), chosen)
    if issues:
        st.session_state[NOTICE] = ("refused", issues)
        return
    for path, value in chosen.items():
        state.update_field(path, value)
    st.session_state[NOTICE] = ("applied", list(chosen))


@st.cache_data(max_entries=CACHE_ENTRIES, show_spinner=False)
def _sniffed(digest: str, _data: bytes) -> tuple[FileFormat | None, list[ReadIssue]]:
    try:
        return sniff(_data), []
    except TransactionFileError as error:
        return None, error.issues


@st.cache_data(max_entries=CACHE_ENTRIES, show_spinner=False)
def _analysed(
    digest: str, mapping: tuple[str | None, ...], first_new: bool, _data: bytes
) -> tuple[ReadSummary | None, CohortReport | None, list[ReadIssue]]:
    try:
        found = read_transactions(_data, ColumnMapping(*mapping))
    except TransactionFileError as error:
        return None, None, error.issues
    return found.summary, analyse_transactions(found.frame, first_cohort_new=first_new), []


@st.cache_resource(max_entries=CACHE_ENTRIES, show_spinner=False)
def _figures(
    digest: str,
    mapping: tuple[str | None, ...],
    first_new: bool,
    lang: str,
    currency: str,
    _report: CohortReport,
) -> dict[str, Any]:
    # Building five plotly figures costs more than the rest of a rerun; they depend only on
    # the analysis (the first three arguments) and the formatting. st.plotly_chart only reads
    # a figure (to_dict), so sessions can share them.
    return charts.page_figures(_report, Formatter(lang, currency))


def _examples(issue: ReadIssue) -> str:
    return ", ".join(widgets.shown_text(example) for example in issue.examples) or "—"


def issue_text(issue: ReadIssue, rows: int = 0) -> str:
    """The user's-language message for one problem with the file."""
    f = state.formatter()
    role = state.t(f"data.role.{issue.column}") if issue.kind == "missing_column" else ""
    return state.t(
        f"data.issue.{issue.kind}",
        count=f.number(issue.count),
        rows=f.number(rows or issue.value or 0),
        examples=_examples(issue),
        column=widgets.shown_text(issue.column),
        role=role,
        line=f.number(issue.value or 0),
        size=f.number(issue.value or 0, 1),
        max=f.number(MAX_FILE_MB),
        total=f.money(issue.value or 0, 2),
    )


def _show_failure(name: str, issues: list[ReadIssue]) -> None:
    lines = "\n".join(f"- {issue_text(issue)}" for issue in issues)
    st.error(
        f"{t('data.upload.failed', name=widgets.shown_text(name))}\n\n{lines}\n\n"
        f"{t('data.upload.nothing_changed')}",
        icon="🚫",
    )


def _figure_value(path: str, value: float | None) -> str:
    if value is None:
        return t("data.figures.missing")
    return widgets.format_value(FIELDS[path], value, f)


def _figure_how(name: str, figures: ScenarioFigures) -> str:
    if name == "retention" and figures.retention_years:
        start, end = figures.retention_years
        return t("data.figures.retention_how", start=start, end=end)
    if name == "revenue_per_customer":
        return t("data.figures.revenue_how", year=figures.last_year)
    if name == "new_customers_per_year" and figures.new_customers_years:
        start, end = figures.new_customers_years
        key = "data.figures.new_how_one" if start == end else "data.figures.new_how"
        return t(key, start=start, end=end)
    if name == "active_customers":
        return t("data.figures.active_how", year=figures.last_year)
    return t("data.figures.not_enough")


def _notice() -> None:
    notice = st.session_state.get(NOTICE)
    if not notice:
        return
    kind, payload = notice
    if kind == "applied":
        shown = ", ".join(widgets.label(path) for path in payload)
        st.success(t("data.figures.applied", figures=shown), icon="✅")
        st.page_link(OVERVIEW.path, label=t("common.open_page", page=t(OVERVIEW.title_key)))
    elif kind == "refused":
        lines = "\n".join(f"- {widgets.issue_message(issue)}" for issue in payload)
        st.error(f"{t('data.figures.refused')}\n\n{lines}", icon="🚫")
    else:
        st.warning(t("data.figures.none_ticked"), icon="⚠️")


state.require_app()
t = state.t
f = state.formatter()
st.title(t("data.title"))
st.markdown(t("data.intro"))

# 1. The file.
with st.container(border=True):
    st.subheader(t("data.upload.title"))
    upload_column, sample_column = st.columns([3, 1], vertical_alignment="center")
    upload_column.file_uploader(
        t("data.upload.label"),
        type=FILE_TYPES,
        key=UPLOAD,
        on_change=_on_upload,
        help=t("data.upload.help", max=f.number(MAX_FILE_MB)),
    )
    sample_column.button(
        t("data.upload.sample"),
        key="data.sample",
        on_click=_on_sample,
        icon="🧪",
        help=t("data.upload.sample_help"),
        width="stretch",
    )
    st.caption(t("data.upload.csv_only"))
    st.caption(t("data.upload.privacy"))
    source = st.session_state.get(SOURCE)
    if not source:
        st.info(t("data.upload.none"), icon="ℹ️")
        st.stop()
    shown_name = t("data.upload.sample_name") if source["sample"] else source["name"]
    st.caption(t("data.upload.showing", name=widgets.shown_text(shown_name)))
    file_format, problems = _sniffed(source["digest"], source["data"])
    if file_format is None:
        _show_failure(source["name"], problems)
        st.stop()

# 2. Which column is which.
with st.container(border=True):
    st.subheader(t("data.map.title"))
    st.caption(t("data.map.caption"))
    mapping = {**file_format.guess.roles(), **(st.session_state.get(MAPPING) or {})}
    options = ["", *file_format.columns]
    column_labels = {"": t("data.map.choose"), **{c: c for c in file_format.columns}}
    for column, role in zip(st.columns(3), ROLES, strict=True):
        key = _map_key(role)
        chosen = mapping[role] if mapping[role] in file_format.columns else ""
        if st.session_state.get(key) != chosen:
            st.session_state[key] = chosen
        column.selectbox(
            t(f"data.map.{role}"),
            options=options,
            format_func=column_labels.__getitem__,
            key=key,
            on_change=_on_map,
            args=(role,),
        )
    with st.expander(t("data.map.preview")):
        st.dataframe(file_format.preview.head(PREVIEW_ROWS), width="stretch", hide_index=True)

    chosen_mapping = tuple(st.session_state[_map_key(role)] or None for role in ROLES)
    first_new = bool(st.session_state.get(FIRST_NEW, False))
    with st.spinner(t("data.reading"), show_time=True):
        summary, report, problems = _analysed(
            source["digest"], chosen_mapping, first_new, source["data"]
        )
    if summary is None or report is None:
        _show_failure(source["name"], problems)
        st.stop()
    first_year = report.years[0]
    st.session_state[FIRST_NEW_WIDGET] = first_new
    st.toggle(
        t("data.map.first_cohort_new", year=first_year),
        key=FIRST_NEW_WIDGET,
        on_change=_on_first_new,
        help=t("data.map.first_cohort_help", year=first_year),
    )

# 3. What was read.
st.header(t("data.summary.title"))
cols = st.columns([1, 1, 2, 1])  # the period needs room for two months
cols[0].metric(t("data.summary.rows"), f.number(summary.rows))
cols[1].metric(t("data.summary.customers"), f.number(summary.customers))
cols[2].metric(
    t("data.summary.period"),
    t(
        "data.summary.period_value",
        start=f.month(summary.first_date),
        end=f.month(summary.last_date),
    ),
    help=t(
        "data.summary.period_value",
        start=f.day(summary.first_date),
        end=f.day(summary.last_date),
    ),
)
cols[3].metric(t("data.summary.skipped"), f.number(summary.skipped_rows))
st.caption(
    t(
        "data.summary.format",
        encoding=summary.encoding,
        separator=t(f"data.sep.{SEPARATOR_NAMES[summary.separator]}"),
        decimal=t(f"data.decimal.{DECIMAL_NAMES[summary.decimal]}"),
        dates=t(f"data.date_format.{summary.date_format}"),
    )
)
for issue in summary.skipped:
    st.warning(issue_text(issue, summary.rows), icon="⚠️")
if summary.refunds is not None:
    st.info(issue_text(summary.refunds), icon="↩️")
if report.incomplete_year is not None:
    key = (
        "data.summary.incomplete_left_out"
        if report.left_out_rows
        else "data.summary.incomplete_kept"
    )
    st.info(
        t(
            key,
            year=report.incomplete_year,
            date=f.day(summary.last_date),
            rows=f.number(report.left_out_rows),
        ),
        icon="📅",
    )
if len(report.years) < 2:
    st.warning(t("data.summary.one_year", year=first_year), icon="⚠️")

# 4. The measured figures, into the scenario on request.
st.header(t("data.figures.title"))
figures = report.figures
business = state.scenario().business
with st.container(border=True):
    st.markdown(t("data.figures.intro"))
    cols = st.columns(len(FIGURE_PATHS))
    for column, (name, path) in zip(cols, FIGURE_PATHS.items(), strict=True):
        value = getattr(figures, name)
        with column:
            widgets.headline(
                widgets.label(path),
                _figure_value(path, value),
                _figure_how(name, figures),
            )
            st.caption(
                t(
                    "data.figures.now",
                    value=_figure_value(path, getattr(business, path.removeprefix("business."))),
                )
            )
            st.checkbox(
                t("data.figures.use"),
                value=value is not None,
                key=_use_key(path),
                disabled=value is None,
            )
    st.caption(t("data.figures.currency", currency=business.currency))
    st.button(
        t("data.figures.apply"),
        key="data.apply",
        type="primary",
        icon="📥",
        on_click=_on_apply,
        args=(figures.values(),),
        disabled=not figures.values(),
    )
    _notice()

# 5. Cohorts.
st.header(t("data.cohorts.title"))
st.caption(t("data.cohorts.how"))
figures_by_name = _figures(source["digest"], chosen_mapping, first_new, f.lang, f.currency, report)
st.plotly_chart(
    figures_by_name["heatmap"],
    width="stretch",
    key="data_heatmap",
    config=plotly_config(t("data.files.heatmap")),
)
st.plotly_chart(
    figures_by_name["customers"],
    width="stretch",
    key="data_customers",
    config=plotly_config(t("data.files.customers")),
)

# 6. Retention by tenure: measured, fitted, constant.
st.header(t("data.tenure.title"))
cohort_list = ", ".join(str(year) for year in report.tenure_cohorts)
st.caption(t("data.tenure.how", cohorts=cohort_list))
if not report.first_cohort_included:
    st.caption(t("data.tenure.first_left_out", year=first_year))
if report.fitted:
    st.caption(
        t(
            "data.tenure.params",
            alpha=f.number(report.alpha, 2),
            beta=f.number(report.beta, 2),
            first=f.percent(report.tenure["fitted"].iloc[0]),
            year=len(report.tenure),
            last=f.percent(report.tenure["fitted"].iloc[-1]),
        )
    )
else:
    st.info(t("data.tenure.no_fit"), icon="ℹ️")
left, right = st.columns(2)
with left:
    st.plotly_chart(
        figures_by_name["tenure"],
        width="stretch",
        key="data_tenure",
        config=plotly_config(t("data.files.tenure")),
    )
with right:
    st.plotly_chart(
        figures_by_name["survival"],
        width="stretch",
        key="data_survival",
        config=plotly_config(t("data.files.survival")),
    )

# 7. Revenue per customer and what a new customer is worth.
st.header(t("data.value.title"))
st.plotly_chart(
    figures_by_name["revenue"],
    width="stretch",
    key="data_revenue",
    config=plotly_config(t("data.files.revenue")),
)
values = lifetime_values(report, business.gross_margin, business.discount_rate)
cols = st.columns(2)
with cols[0]:
    widgets.headline(
        t(
            "data.value.constant",
            retention=_figure_value("business.retention", figures.retention),
        ),
        f.money(values.constant) if values.constant is not None else t("common.not_applicable"),
        t(
            "data.value.constant_how",
            margin=f.money(values.margin),
            revenue=_figure_value("business.revenue_per_customer", figures.revenue_per_customer),
            gross=f.percent(business.gross_margin),
            discount=f.percent(business.discount_rate),
        ),
    )
with cols[1]:
    widgets.headline(
        t("data.value.sbg"),
        f.money(values.sbg) if values.sbg is not None else t("common.not_applicable"),
        t("data.value.sbg_how", discount=f.percent(business.discount_rate)),
    )
st.caption(t("data.value.note"))
cards.source_card("sbg")
