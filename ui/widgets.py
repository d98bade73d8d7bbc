"""Inputs bound to scenario fields, headline numbers, and messages about bad values.

An input shows the field in its display unit (percentages x100), writes a valid value into the
scenario, and keeps a bad one on screen with a message under it while the scenario keeps the last
good value: nothing the user built is lost.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import plotly.graph_objects as go
import streamlit as st

from calculators.scenario import (
    FIELDS,
    MAX_SCENARIO_FILE_BYTES,
    FieldIssue,
    FieldSpec,
    is_finite_number,
)
from ui import cache, plain, state
from ui.charts.base import plotly_config
from ui.fmt import Formatter
from ui.i18n import has_key
from ui.nav import PageInfo
from ui.uploads import Upload

if TYPE_CHECKING:
    # pandas takes ~0.3 s to import: it is imported in the functions that build a table, so
    # that the Overview, every session's first page, which builds none, opens without it
    # (docs/architecture.md, "Imports").
    import pandas as pd

SCALED_UNITS = ("percent", "pp")
DIFFERENCE_SHADE = "#FEF3C7"


def widget_key(path: str) -> str:
    return f"input.{path}"


def to_display(spec: FieldSpec, value: Any) -> Any:
    """The model value as the input shows it (0.8 → 80.0 for a percentage)."""
    if spec.unit in SCALED_UNITS and value is not None:
        return round(value * 100, 9)
    if spec.kind == "float" and value is not None:
        return float(value)
    return value


def from_display(spec: FieldSpec, shown: Any) -> Any:
    """The input's value in model units (80 → 0.8 for a percentage)."""
    if spec.unit in SCALED_UNITS and isinstance(shown, int | float):
        return shown / 100
    return shown


def label(path: str) -> str:
    return state.t(f"field.{path}.label")


def format_value(spec: FieldSpec, value: Any, f: Formatter) -> str:
    """A field's value as the user reads it: 80%, €250, 1,000, a choice's label."""
    if value is None:
        return "—"
    if spec.kind == "choice":
        return state.t(f"choice.{spec.path}.{value}")
    if spec.kind == "text":
        return plain.text(value)
    if spec.unit == "pp":
        return f.points(value)
    if spec.unit in SCALED_UNITS:
        return f.percent(value)
    if spec.unit == "money":
        return f.money(value, 0 if value == int(value) else 2)
    if spec.unit == "ratio":
        return f.ratio(value)
    return f.number(value, 0 if spec.kind == "int" or value == int(value) else 2)


# The older name of `plain.quoted`, still called by the Your data and Expectations modules.
shown_text = plain.quoted


def issue_message(
    issue: FieldIssue,
    spec: FieldSpec | None = None,
    label_text: str | None = None,
    choice_text: Callable[[str], str] | None = None,
) -> str:
    """The user's-language message for one bad value, naming the field and what is allowed.

    A scenario field's by default; another form's field (a classroom answer) passes its `spec`,
    its `label_text` and how its choices read (`choice_text`).
    """
    f = state.formatter()
    if issue.kind.startswith("file_"):
        shown = "—" if issue.value is None else plain.quoted(issue.value)
        return state.t(f"issue.{issue.kind}", value=shown, max=f.number(MAX_SCENARIO_FILE_BYTES))
    spec = spec or FIELDS.get(issue.path)
    if spec is None:
        return state.t("issue.unknown", path=plain.quoted(issue.path))
    if is_finite_number(issue.value):
        shown = format_value(spec, issue.value, f)
    else:
        shown = plain.quoted(issue.value)
    values = {
        "label": label_text or label(issue.path),
        "value": shown,
        "low": format_value(spec, issue.low, f),
        "high": format_value(spec, issue.high, f),
        "choices": ", ".join(map(choice_text or str, issue.choices)),
        "max_length": spec.max_length or 0,
    }
    if issue.kind == "number" and (issue.value is None or str(issue.value).strip() == ""):
        return state.t("issue.blank", **values)
    return state.t(f"issue.{issue.kind}", **values)


def _on_change(path: str) -> None:
    spec = FIELDS[path]
    state.update_field(path, from_display(spec, st.session_state[widget_key(path)]))


def _bound_widget(path: str) -> dict[str, Any]:
    """Sync the widget of `path` with the scenario; the arguments every bound widget takes.

    The widget shows the scenario's value unless the user's last entry was bad (then their
    entry stays on screen, with its message); changes go through `_on_change`.
    """
    spec = FIELDS[path]
    key = widget_key(path)
    current = to_display(spec, _value_of(path))
    if state.field_issue(path) is None and st.session_state.get(key) != current:
        st.session_state[key] = current
    help_key = f"field.{path}.help"
    help_text = state.t(help_key) if has_key(help_key) else None
    return {
        "label": label(path),
        "key": key,
        "help": help_text,
        "on_change": _on_change,
        "args": (path,),
    }


def _issue_under(path: str, where: Any) -> None:
    issue = state.field_issue(path)
    if issue is not None:
        where.error(issue_message(issue), icon="⚠️")


def field_slider(path: str, *, container: Any = None, label_text: str | None = None) -> None:
    """A slider for the numeric scenario field `path`, from its lower to its upper bound.

    Same binding as `field_input`: a slider cannot leave the range, but a value the link or a
    file carried may still be reported under it. `label_text` replaces the field's label on
    screen where a heading already names the section (messages keep the full label).
    """
    where = container or st
    spec = FIELDS[path]
    number = int if spec.kind == "int" else float  # Streamlit wants one type for all bounds
    common = _bound_widget(path)
    if label_text is not None:
        common["label"] = label_text
    where.slider(
        min_value=number(to_display(spec, spec.low)),
        max_value=number(to_display(spec, spec.high)),
        **_step_and_format(spec),
        **common,
    )
    _issue_under(path, where)


def field_input(path: str, *, container: Any = None) -> None:
    """One input for the scenario field `path`, with its message when the value is bad."""
    where = container or st
    spec = FIELDS[path]
    common = _bound_widget(path)
    if spec.kind == "choice":
        labels = {option: state.t(f"choice.{path}.{option}") for option in spec.choices}
        where.selectbox(options=spec.choices, format_func=labels.__getitem__, **common)
    elif spec.kind == "text":
        where.text_input(max_chars=spec.max_length, **common)
    else:
        where.number_input(**_step_and_format(spec), **common)
    _issue_under(path, where)


def format_measure(unit: str, value: float, f: Formatter) -> str:
    """A result in its unit (money, ratio, years, count); "n/a" where it does not exist (NaN)."""
    if value != value:
        return state.t("common.not_applicable")
    if unit == "money":
        return f.money(value)
    if unit == "ratio":
        return f.ratio(value)
    if unit == "years":
        return state.t("acq.saas.years", years=f.number(int(value)))
    return f.number(value)


def table_height(rows: int) -> int:
    """Pixels for a st.dataframe that shows `rows` rows and its header without scrolling."""
    return 35 * (rows + 1) + 3


def highlight_differences(row: Any) -> list[str]:
    """Pandas Styler row function: shade the cells that differ from the row's first cell."""
    first = row.iloc[0]
    return ["" if value == first else f"background-color: {DIFFERENCE_SHADE}" for value in row]


def comparison_table(table: pd.DataFrame) -> None:
    """A table of texts, one column per scenario, cells that differ from the first one shaded."""
    st.dataframe(
        table.rename_axis(None).style.apply(highlight_differences, axis=1),
        width="stretch",
        height=table_height(len(table)),
    )


def issues_error(title: str, issues: Sequence[FieldIssue]) -> None:
    """A red box: `title`, then one line per bad value (a scenario file that was refused)."""
    lines = "\n".join(f"- {issue_message(issue)}" for issue in issues)
    st.error(f"{title}\n\n{lines}", icon="🚫")


def _step_and_format(spec: FieldSpec) -> dict[str, Any]:
    """A numeric input's step (in display units) and printf format: whole numbers for counts."""
    step = spec.step or 1
    if spec.kind == "int":
        return {"step": int(step), "format": "%d"}
    return {"step": float(step), "format": _float_format(step)}


def _float_format(step: float) -> str:
    # Two decimals for any fractional step, so 6.25 (a relative uplift) is not shown as 6.3.
    return "%.2f" if step < 1 else "%.0f"


def _value_of(path: str) -> Any:
    node: Any = state.scenario()
    for part in path.split("."):
        node = getattr(node, part)
    return node


def section_fields(section: str) -> tuple[str, ...]:
    """Every field of one section of the scenario, in the model's order.

    >>> section_fields("retention_program")[:2]
    ('retention_program.cost_per_customer', 'retention_program.retention_uplift')
    """
    return tuple(path for path in FIELDS if path.split(".")[0] == section)


def field_inputs(paths: Sequence[str], columns: int = 3) -> None:
    """Several field inputs laid out in `columns` columns, in order."""
    cols = st.columns(columns)
    for index, path in enumerate(paths):
        field_input(path, container=cols[index % columns])


def chart(
    prefix: str,
    name: str,
    build: Callable[[], go.Figure],
    inputs: Hashable,
    *,
    upload: Upload | None = None,
) -> None:
    """Draw a page's chart `name`, built once per `inputs` (which must include the Formatter).

    Every chart of the app is drawn here (see `ui.cache`). Its element key is
    ``{prefix}_{name}_chart`` and its PNG download is named by the i18n key
    ``{prefix}.files.{name}``. A chart of an uploaded file names its `upload`: the figure is then
    kept with the file's results in the session.
    """
    figure = cache.figure((prefix, name, inputs), build, upload=upload)
    st.plotly_chart(
        figure,
        width="stretch",
        key=f"{prefix}_{name}_chart",
        config=plotly_config(state.t(f"{prefix}.files.{name}")),
    )


def page_intro(prefix: str) -> None:
    """The start of a page: through app.py if Streamlit ran it alone, then its title and intro
    (the texts ``{prefix}.title`` and ``{prefix}.intro``)."""
    state.require_app()
    st.title(state.t(f"{prefix}.title"))
    st.markdown(state.t(f"{prefix}.intro"))


def change_delta(fraction: float | None, f: Formatter) -> str | None:
    """A headline's delta: the signed relative change, or none where it does not exist."""
    return None if fraction is None or fraction != fraction else f.signed_percent(fraction)


def headline(
    label_text: str,
    value: str,
    how: str,
    *,
    delta: str | None = None,
    link: PageInfo | None = None,
) -> None:
    """A big number with its one-line "how this is computed" under it, and a link to its page."""
    st.metric(label_text, value, delta=delta, delta_color="off")
    st.caption(f"{state.t('common.how')} {how}")
    if link is not None:
        st.page_link(link.path, label=state.t("common.open_page", page=state.t(link.title_key)))


@dataclass(frozen=True)
class Headline:
    """One headline number as `headline` draws it: texts already in the user's language."""

    label: str
    value: str
    how: str
    delta: str | None = None
    link: PageInfo | None = None


def headline_row(
    items: Sequence[Headline], per_row: int | None = None, *, columns: Sequence[Any] = ()
) -> None:
    """Headline numbers side by side, `per_row` to a row (all in one row by default), or one in
    each of the `columns` given."""
    if columns:
        rows = [(columns, items)]
    else:
        per_row = per_row or len(items)
        starts = range(0, len(items), per_row)
        rows = [(st.columns(per_row), items[start : start + per_row]) for start in starts]
    for row_columns, row_items in rows:
        for column, item in zip(row_columns, row_items, strict=False):
            with column:
                headline(item.label, item.value, item.how, delta=item.delta, link=item.link)


def link_issues_notice() -> None:
    """Once per session: which values of the opening link were not used, and why."""
    issues = state.link_issues()
    if not issues:
        return
    lines = "\n".join(f"- {issue_message(issue)}" for issue in issues)
    st.warning(f"{state.t('issue.from_link')}\n\n{lines}", icon="🔗")
    st.button(
        state.t("common.dismiss"), key="dismiss_link_issues", on_click=state.dismiss_link_issues
    )
