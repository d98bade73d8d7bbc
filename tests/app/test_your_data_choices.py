"""Your data page: the three choices the page offers about how a file is read (issue #14), in
English and Italian.

- **Sheet**: a workbook with several sheets reads the first one with data and lets the user
  pick another (`ui.your_data.sheet_input`).
- **Date reading**: when day and month are 12 or less in every date, the dates are read day
  first, the page says so and offers month first (`date_reading_input`).
- **Decimal mark**: ``"1.500"``-like amounts that nothing in the file settles: both readings'
  totals are shown and the user is asked (`decimal_input`).

Every file is written here, and every expected figure is computed here from the rows written
(plain Python: `datetime.strptime`, sums, sets), never by the code under test; only the
formatting is the page's (`ui.fmt.Formatter`), so that the strings compare.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Sequence

import pytest
from streamlit.testing.v1 import AppTest

from calculators.scenario import default_scenario
from tests.app.conftest import assert_no_raw_keys, metric_values, texts, upload
from ui import state
from ui.fmt import Formatter
from ui.nav import YOUR_DATA

UPLOAD = "data.upload"
SHEET_WIDGET = "data.sheet_widget"
DATE_WIDGET = "data.date_reading_widget"
DECIMAL_WIDGET = "data.decimal_widget"
LANGS = ["en", "it"]
OpenApp = Callable[..., AppTest]

LABELS = {
    "en": {
        "rows": "Rows read",
        "customers": "Customers",
        "period": "Period",
        "revenue": "Revenue per customer per year",
    },
    "it": {
        "rows": "Righe lette",
        "customers": "Clienti",
        "period": "Periodo",
        "revenue": "Fatturato per cliente all'anno",
    },
}

Row = tuple[str, dt.date, float]


def shown(at: AppTest) -> str:
    """All text on screen, notices included."""
    return "\n".join([texts(at), *(element.value for element in (*at.info, *at.success))])


def choose(at: AppTest, key: str, value: str, lang: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Pick `value` in the radio `key` and rerun.

    AppTest finds the option to send by calling the radio's `format_func` in the test thread,
    outside the script run, where `ui.state.lang` cannot see the session and falls back to
    `ui.state.FALLBACK` (English): the option labels of an Italian page would not match. The
    test thread is told the page's language; the app itself runs unchanged.
    """
    with monkeypatch.context() as patch:
        patch.setattr(state, "FALLBACK", lang)
        at.radio(key=key).set_value(value).run()
    assert not at.exception, at.exception


def period_text(f: Formatter, days: Sequence[dt.date]) -> tuple[str, str]:
    """The Period metric and its help for these days: first → last month, first → last day."""
    first, last = min(days), max(days)
    return f"{f.month(first)} → {f.month(last)}", f"{f.day(first)} → {f.day(last)}"


def summary_of(at: AppTest, lang: str) -> tuple[str, str, str, str]:
    """Rows read, customers, period and the period's help, as shown."""
    labels = LABELS[lang]
    metrics = {metric.label: metric for metric in at.metric}
    period = metrics[labels["period"]]
    return (
        metrics[labels["rows"]].value,
        metrics[labels["customers"]].value,
        period.value,
        period.help,
    )


def expected_summary(lang: str, rows: Sequence[Row]) -> tuple[str, str, str, str]:
    f = Formatter(lang)
    period, help_text = period_text(f, [day for _, day, _ in rows])
    return f.number(len(rows)), f.number(len({c for c, _, _ in rows})), period, help_text


# --- 1. Which sheet of a workbook ---------------------------------------------------------------

HEADER = ("Codice cliente", "Data documento", "Importo")
# The sales sheet: 6 rows, 4 customers, February 2023 to December 2024.
VENDITE: list[Row] = [
    ("C01", dt.date(2023, 2, 3), 120.0),
    ("C02", dt.date(2023, 5, 10), 80.5),
    ("C03", dt.date(2023, 9, 1), 42.0),
    ("C01", dt.date(2024, 1, 15), 60.0),
    ("C04", dt.date(2024, 6, 30), 99.75),
    ("C02", dt.date(2024, 12, 12), 15.25),
]
# Another year's sheet with other customers: 5 rows, 3 customers, 2023 only.
YEAR_2023: list[Row] = [
    ("R1", dt.date(2023, 1, 9), 10.0),
    ("R2", dt.date(2023, 3, 3), 20.0),
    ("R3", dt.date(2023, 4, 4), 5.0),
    ("R3", dt.date(2023, 7, 7), 30.0),
    ("R1", dt.date(2023, 11, 20), 40.0),
]
NOTE_LINES = ("Esportato dal gestionale", "Importi in euro, IVA inclusa")


def xlsx(first: str, first_lines: Sequence[str]) -> bytes:
    """A workbook: sheet `first` holding `first_lines` in column A (none: empty), then
    ``Vendite`` and ``2023`` with their sales as typed cells (dates and numbers)."""
    from openpyxl import Workbook

    book = Workbook()
    cover = book.active
    assert cover is not None
    cover.title = first
    for line in first_lines:
        cover.append([line])
    for name, rows in (("Vendite", VENDITE), ("2023", YEAR_2023)):
        sheet = book.create_sheet(name)
        sheet.append(list(HEADER))
        for customer, day, amount in rows:
            sheet.append([customer, day, amount])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def ods(first: str) -> bytes:
    """The same workbook as an OpenDocument spreadsheet (odfpy), its first sheet empty."""
    pytest.importorskip("odf")
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableColumn, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()

    def cell(value: object) -> TableCell:
        if isinstance(value, str):
            made = TableCell(valuetype="string")
        elif isinstance(value, dt.date):
            made = TableCell(valuetype="date", datevalue=value.isoformat())
        else:
            made = TableCell(valuetype="float", value=repr(value))
        made.addElement(P(text=str(value)))
        return made

    cover = Table(name=first)
    cover.addElement(TableColumn())
    cover.addElement(TableRow())
    document.spreadsheet.addElement(cover)
    for name, rows in (("Vendite", VENDITE), ("2023", YEAR_2023)):
        table = Table(name=name)
        table.addElement(TableColumn(numbercolumnsrepeated=3))
        for values in (HEADER, *rows):
            row = TableRow()
            for value in values:
                row.addElement(cell(value))
            table.addElement(row)
        document.spreadsheet.addElement(table)
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()


def preview_customers(at: AppTest) -> list[str]:
    """The customer column of the "first rows of the file" table."""
    return [str(value) for value in at.dataframe[0].value[HEADER[0]]]


def assert_sheet_read(at: AppTest, lang: str, name: str, rows: list[Row]) -> None:
    assert not at.error, [e.value for e in at.error]
    assert at.selectbox(key=SHEET_WIDGET).value == name
    assert summary_of(at, lang) == expected_summary(lang, rows)
    sheet_word = "sheet" if lang == "en" else "foglio"
    assert f"{sheet_word} `{name}`;" in shown(at)
    assert preview_customers(at) == [customer for customer, _, _ in rows[:5]]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(
    ("first", "lines"),
    [("Copertina", ()), ("Note", NOTE_LINES[:1])],
    ids=["empty-first-sheet", "one-line-note-first"],
)
def test_a_workbook_reads_its_first_sheet_with_data_and_another_can_be_chosen(
    open_app: OpenApp, lang: str, first: str, lines: tuple[str, ...]
) -> None:
    at = upload(open_app(YOUR_DATA, lang=lang), UPLOAD, "vendite.xlsx", xlsx(first, lines))
    select = at.selectbox(key=SHEET_WIDGET)
    assert select.label == ("Sheet" if lang == "en" else "Foglio")
    assert select.options == [first, "Vendite", "2023"]
    # The first sheet holds nothing (or one line): the sales sheet is read.
    assert_sheet_read(at, lang, "Vendite", VENDITE)
    assert ("single calendar year" if lang == "en" else "un solo anno solare") not in shown(at)

    select.set_value("2023").run()
    assert not at.exception, at.exception
    assert_sheet_read(at, lang, "2023", YEAR_2023)
    assert summary_of(at, lang) != expected_summary(lang, VENDITE)
    years = {day.year for _, day, _ in YEAR_2023}
    assert years == {2023}
    one_year = (
        "The file covers a single calendar year (2023)"
        if lang == "en"
        else "Il file copre un solo anno solare (2023)"
    )
    assert any(w.value.startswith(one_year) for w in at.warning)

    # And back: the sales sheet's figures again, computed the same way.
    at.selectbox(key=SHEET_WIDGET).set_value("Vendite").run()
    assert not at.exception, at.exception
    assert_sheet_read(at, lang, "Vendite", VENDITE)
    assert_no_raw_keys(at)


def test_an_opendocument_workbook_offers_its_sheets_too(open_app: OpenApp) -> None:
    at = upload(open_app(YOUR_DATA, lang="en"), UPLOAD, "vendite.ods", ods("Copertina"))
    assert at.selectbox(key=SHEET_WIDGET).options == ["Copertina", "Vendite", "2023"]
    assert_sheet_read(at, "en", "Vendite", VENDITE)
    at.selectbox(key=SHEET_WIDGET).set_value("2023").run()
    assert not at.exception, at.exception
    assert_sheet_read(at, "en", "2023", YEAR_2023)


def test_a_notes_sheet_first_still_lets_the_sales_sheet_be_chosen(open_app: OpenApp) -> None:
    at = upload(open_app(YOUR_DATA, lang="en"), UPLOAD, "vendite.xlsx", xlsx("Note", NOTE_LINES))
    assert SHEET_WIDGET in [select.key for select in at.selectbox], [e.value for e in at.error]
    at.selectbox(key=SHEET_WIDGET).set_value("Vendite").run()
    assert_sheet_read(at, "en", "Vendite", VENDITE)


# --- 2. Day first or month first ----------------------------------------------------------------

# Every day and month 12 or less; the first and last sale fall in other months either way.
DATE_TEXTS = [
    ("A", "02/01/2023", "10,50"),
    ("B", "05/03/2023", "20,00"),
    ("C", "11/06/2023", "7,25"),
    ("A", "03/04/2024", "12,00"),
    ("B", "12/10/2024", "30,00"),
    ("D", "01/09/2024", "5,50"),
]
DATE_CSV = ("cliente;data;importo\n" + "".join(f"{c};{d};{a}\n" for c, d, a in DATE_TEXTS)).encode()
READINGS = {
    "dmy_slash": ("%d/%m/%Y", "day/month/year (31/12/2024)", "giorno/mese/anno (31/12/2024)"),
    "mdy_slash": ("%m/%d/%Y", "month/day/year (12/31/2024)", "mese/giorno/anno (12/31/2024)"),
}


def date_rows(reading: str) -> list[Row]:
    pattern = READINGS[reading][0]
    return [
        (c, dt.datetime.strptime(d, pattern).date(), float(a.replace(",", ".")))
        for c, d, a in DATE_TEXTS
    ]


def reading_name(lang: str, reading: str) -> str:
    return READINGS[reading][1 if lang == "en" else 2]


def assert_dates_read(at: AppTest, lang: str, reading: str) -> None:
    other = "mdy_slash" if reading == "dmy_slash" else "dmy_slash"
    radio = at.radio(key=DATE_WIDGET)
    assert radio.value == reading
    assert radio.options == [reading_name(lang, reading), reading_name(lang, other)]
    used = (
        f"so the file does not say which comes first. Read as {reading_name(lang, reading)}; "
        "if that is wrong, choose the other reading:"
        if lang == "en"
        else f"quindi il file non dice quale viene prima. Lette come "
        f"{reading_name(lang, reading)}; se è sbagliato, scegli l'altra lettura:"
    )
    assert used in radio.label
    dates = "dates" if lang == "en" else "date"
    assert f"{dates} {reading_name(lang, reading)}." in shown(at)
    assert summary_of(at, lang) == expected_summary(lang, date_rows(reading))


@pytest.mark.parametrize("lang", LANGS)
def test_ambiguous_dates_are_read_day_first_and_can_be_read_month_first(
    open_app: OpenApp, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    day_first, month_first = date_rows("dmy_slash"), date_rows("mdy_slash")
    # The two readings disagree on the months of the first and the last sale.
    f = Formatter(lang)
    assert (
        period_text(f, [d for _, d, _ in day_first])[0]
        != (period_text(f, [d for _, d, _ in month_first])[0])
    )
    at = upload(open_app(YOUR_DATA, lang=lang), UPLOAD, "vendite.csv", DATE_CSV)
    assert not at.error
    intro = (
        "Day and month are both 12 or less in every date"
        if lang == "en"
        else "In tutte le date sia il giorno sia il mese sono al massimo 12"
    )
    assert at.radio(key=DATE_WIDGET).label.startswith(intro)
    assert_dates_read(at, lang, "dmy_slash")
    # English: "Jan 2023 → Oct 2024", from 02/01/2023 and 12/10/2024 read day first.
    if lang == "en":
        assert summary_of(at, lang)[2:] == ("Jan 2023 → Oct 2024", "Jan 2, 2023 → Oct 12, 2024")

    choose(at, DATE_WIDGET, "mdy_slash", lang, monkeypatch)
    assert_dates_read(at, lang, "mdy_slash")
    if lang == "en":
        assert summary_of(at, lang)[2:] == ("Feb 2023 → Dec 2024", "Feb 1, 2023 → Dec 10, 2024")

    choose(at, DATE_WIDGET, "dmy_slash", lang, monkeypatch)
    assert_dates_read(at, lang, "dmy_slash")
    assert_no_raw_keys(at)


def test_dates_that_settle_day_first_ask_nothing(open_app: OpenApp) -> None:
    csv = DATE_CSV + b"E;13/05/2024;1,00\n"  # a 13th: day first for sure
    at = upload(open_app(YOUR_DATA, lang="en"), UPLOAD, "vendite.csv", csv)
    assert DATE_WIDGET not in [radio.key for radio in at.radio]
    assert "Day and month are both 12 or less" not in shown(at)
    assert "dates day/month/year (31/12/2024)." in shown(at)


@pytest.mark.parametrize("lang", LANGS)
def test_the_page_names_the_decimal_comma_a_file_was_read_with(
    open_app: OpenApp, lang: str
) -> None:
    at = upload(open_app(YOUR_DATA, lang=lang), UPLOAD, "vendite.csv", DATE_CSV)
    # 10,50 + 20,00 + 7,25 + 12,00 + 30,00 + 5,50 read with the comma: 85.25, as on screen.
    assert sum(amount for _, _, amount in date_rows("dmy_slash")) == 85.25
    comma = "decimal comma (1.234,56)" if lang == "en" else "decimali con la virgola (1.234,56)"
    assert comma in shown(at)


# --- 3. 1.500: one and a half, or fifteen hundred? ---------------------------------------------

# Comma-separated, ISO dates (no hint either way), quoted amounts with a point before three
# digits, or none: nothing settles the decimal mark.
DECIMAL_TEXTS = [
    ("A", "2023-01-10", "1.500"),
    ("B", "2023-03-05", "2.250"),
    ("C", "2023-06-20", "750"),
    ("D", "2023-08-08", "1.250"),
    ("A", "2024-02-01", "1.500"),
    ("B", "2024-05-06", "2.250"),
    ("C", "2024-12-15", "3.000"),  # December: 2024 counts as a full year
]
DECIMAL_CSV = (
    "cliente,data,importo\n" + "".join(f'{c},{d},"{a}"\n' for c, d, a in DECIMAL_TEXTS)
).encode()


def amount(text: str, decimal: str) -> float:
    """``"1.500"`` with `decimal` as the decimal mark (the other mark groups thousands)."""
    if decimal == ",":
        return float(text.replace(".", "").replace(",", "."))
    return float(text.replace(",", ""))


def decimal_total(decimal: str) -> float:
    return sum(amount(a, decimal) for _, _, a in DECIMAL_TEXTS)


def revenue_per_customer(decimal: str) -> float:
    """The last year's revenue ÷ its customers (the page's "revenue per customer per year")."""
    last = max(dt.date.fromisoformat(d).year for _, d, _ in DECIMAL_TEXTS)
    rows = [(c, a) for c, d, a in DECIMAL_TEXTS if dt.date.fromisoformat(d).year == last]
    return sum(amount(a, decimal) for _, a in rows) / len({c for c, _ in rows})


def money_figure(f: Formatter, value: float) -> str:
    """A money figure as the page shows it: whole units when whole, else cents."""
    return f.money(value, 0 if value == int(value) else 2)


def revenue_shown(at: AppTest, lang: str) -> str:
    return metric_values(at)[LABELS[lang]["revenue"]]


QUESTION = {
    "en": (
        "The amounts are written like 1.500, and nothing in the file says whether the point "
        "separates thousands or decimals. Which reading is right?"
    ),
    "it": (
        "Gli importi sono scritti come 1.500 e nel file nulla dice se il punto separa le "
        "migliaia o i decimali. Quale lettura è giusta?"
    ),
}
OPTIONS = {
    "en": ("1.500 is one and a half (total {})", "1.500 is one thousand five hundred (total {})"),
    "it": ("1.500 è uno e mezzo (totale {})", "1.500 è millecinquecento (totale {})"),
}


def test_the_expected_decimal_figures_differ() -> None:
    # The hand check of the figures below: 1,500 + 2,250 + 750 + 1,250 + 1,500 + 2,250 + 3,000
    # = 12,500 as thousands; 1.5 + 2.25 + 750 + 1.25 + 1.5 + 2.25 + 3 = 761.75 as decimals.
    assert decimal_total(",") == 12_500 and decimal_total(".") == 761.75
    # 2024: A, B, C bought 1,500 + 2,250 + 3,000 = 6,750 → 2,250 each; or 6.75 → 2.25.
    assert revenue_per_customer(",") == 2250 and revenue_per_customer(".") == 2.25


@pytest.mark.parametrize("lang", LANGS)
def test_ambiguous_amounts_show_both_totals_and_each_reading_gives_its_figures(
    open_app: OpenApp, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    f = Formatter(lang)
    at = upload(open_app(YOUR_DATA, lang=lang), UPLOAD, "vendite.csv", DECIMAL_CSV)
    assert not at.error
    radio = at.radio(key=DECIMAL_WIDGET)
    assert radio.label == QUESTION[lang]
    point, comma = OPTIONS[lang]
    assert radio.options == [
        point.format(f.money(decimal_total("."), 2)),
        comma.format(f.money(decimal_total(","), 2)),
    ]
    if lang == "en":
        assert radio.options == [
            "1.500 is one and a half (total €761.75)",
            "1.500 is one thousand five hundred (total €12,500.00)",
        ]
    else:
        assert radio.options[1] == "1.500 è millecinquecento (totale 12.500,00\u00a0€)"
    # Before any answer no reading is chosen, no revenue figure is shown as measured, and the
    # caption says the mark is still to be confirmed.
    assert radio.value is None
    assert revenue_shown(at, lang) == ("to be confirmed" if lang == "en" else "da confermare")
    pending = (
        "decimal point or comma (to be confirmed below)"
        if lang == "en"
        else "decimali con il punto o la virgola (da confermare qui sotto)"
    )
    assert pending in shown(at)

    choose(at, DECIMAL_WIDGET, ",", lang, monkeypatch)
    assert revenue_shown(at, lang) == money_figure(f, revenue_per_customer(","))
    if lang == "en":
        assert revenue_shown(at, lang) == "€2,250"
    comma_used = (
        "decimal comma (1.234,56)" if lang == "en" else "decimali con la virgola (1.234,56)"
    )
    assert comma_used in shown(at)

    choose(at, DECIMAL_WIDGET, ".", lang, monkeypatch)
    assert revenue_shown(at, lang) == money_figure(f, revenue_per_customer("."))
    if lang == "en":
        assert revenue_shown(at, lang) == "€2.25"
    point_used = "decimal point (1,234.56)" if lang == "en" else "decimali con il punto (1,234.56)"
    assert point_used in shown(at)
    at.button(key="data.apply").click().run()
    assert not at.exception, at.exception
    assert state_revenue(at) == revenue_per_customer(".")
    assert_no_raw_keys(at)


@pytest.mark.parametrize("lang", LANGS)
def test_the_decimal_answer_can_be_changed_back(
    open_app: OpenApp, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    f = Formatter(lang)
    at = upload(open_app(YOUR_DATA, lang=lang), UPLOAD, "vendite.csv", DECIMAL_CSV)
    options = at.radio(key=DECIMAL_WIDGET).options
    choose(at, DECIMAL_WIDGET, ".", lang, monkeypatch)
    assert DECIMAL_WIDGET in [radio.key for radio in at.radio]
    assert at.radio(key=DECIMAL_WIDGET).value == "."
    assert at.radio(key=DECIMAL_WIDGET).options == options  # the same totals, both still asked
    choose(at, DECIMAL_WIDGET, ",", lang, monkeypatch)
    assert at.radio(key=DECIMAL_WIDGET).value == ","
    assert revenue_shown(at, lang) == money_figure(f, revenue_per_customer(","))


def state_revenue(at: AppTest) -> float:
    return float(at.session_state["scenario"].business.revenue_per_customer)


def test_a_guessed_revenue_does_not_go_into_the_scenario_before_the_question_is_answered(
    open_app: OpenApp,
) -> None:
    at = upload(open_app(YOUR_DATA, lang="en"), UPLOAD, "vendite.csv", DECIMAL_CSV)
    assert at.radio(key=DECIMAL_WIDGET).label == QUESTION["en"]
    apply = [button for button in at.button if button.key == "data.apply"]
    if apply:
        apply[0].click().run()
        assert not at.exception, at.exception
    assert state_revenue(at) == default_scenario().business.revenue_per_customer


def test_amounts_with_cents_ask_nothing(open_app: OpenApp) -> None:
    csv = DECIMAL_CSV + b'E,2024-12-20,"12.50"\n'  # two decimals: the point is the decimal mark
    at = upload(open_app(YOUR_DATA, lang="en"), UPLOAD, "vendite.csv", csv)
    assert DECIMAL_WIDGET not in [radio.key for radio in at.radio]
    assert QUESTION["en"] not in shown(at)
    assert "decimal point (1,234.56)" in shown(at)
