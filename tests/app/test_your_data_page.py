"""Your data page in both languages: the sample, the column mapping, the figures put into the
scenario, and every kind of bad file (message shown, scenario untouched)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from calculators.reports.your_data import analyse_transactions
from calculators.scenario import default_scenario
from calculators.transactions import MAX_FILE_BYTES, ColumnMapping, read_transactions
from tests.app.conftest import assert_no_raw_keys, chart_specs, metric_values, texts, upload
from ui.fmt import Formatter
from ui.i18n import translate
from ui.nav import OVERVIEW, YOUR_DATA

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = (ROOT / "assets" / "sample_transactions.csv").read_bytes()
UPLOAD = "data.upload"
USE = "data.use.business."
FIGURES = ("retention", "revenue_per_customer", "new_customers_per_year", "active_customers")


@pytest.fixture(scope="module")
def sample_figures():
    return analyse_transactions(read_transactions(SAMPLE).frame).figures


def with_sample(open_app, lang: str):
    at = open_app(YOUR_DATA, lang=lang)
    at.button(key="data.sample").click().run()
    assert not at.exception, at.exception
    return at


def scenario_of(at):
    return at.session_state["scenario"]


def shown(at) -> str:
    """All text on screen, notices included."""
    return "\n".join([texts(at), *(element.value for element in (*at.info, *at.success))])


# --- the page and the sample ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "prompt"),
    [("en", "Upload your sales export"), ("it", "Carica l'esportazione delle tue vendite")],
)
def test_without_a_file_the_page_asks_for_one(open_app, lang: str, prompt: str) -> None:
    at = open_app(YOUR_DATA, lang=lang)
    assert prompt in at.info[0].value
    assert chart_specs(at) == []
    assert_no_raw_keys(at)


@pytest.mark.parametrize("lang", ["en", "it"])
def test_the_sample_is_read_and_analysed(open_app, lang: str) -> None:
    at = with_sample(open_app, lang)
    metrics = metric_values(at)
    if lang == "en":
        assert metrics["Rows read"] == "3,026"
        assert metrics["Customers"] == "317"
        assert metrics["Period"] == "Jan 2019 → Jun 2025"
        assert metrics["Annual retention (%)"] == "78.8%"
        assert metrics["Revenue per customer per year"] == "€344.44"
        assert "Read as cp1252 text, separated by semicolons (;), decimal comma" in shown(at)
        assert "2025 is not over in the file" in shown(at)
        refunds = "Rows with a negative amount: 4, -€118.58 in all."
    else:
        assert metrics["Righe lette"] == "3.026"
        assert metrics["Periodo"] == "gen 2019 → giu 2025"
        assert metrics["Fidelizzazione annua (%)"] == "78,8%"
        assert metrics["Fatturato per cliente all'anno"] == "344,44\u00a0€"
        assert "Letto come testo cp1252, separato da punto e virgola (;)" in shown(at)
        refunds = "Righe con importo negativo: 4, -118,58\u00a0€ in tutto."
    assert any(info.value.startswith(refunds) for info in at.info)
    assert len(chart_specs(at)) == 6
    heatmap = chart_specs(at)[0]
    x_title = heatmap["layout"]["xaxis"]["title"]["text"]
    assert x_title == (
        "Years since the first purchase" if lang == "en" else "Anni dal primo acquisto"
    )
    assert heatmap["data"][0]["text"][0][0] == "100%"
    assert scenario_of(at) == default_scenario()  # reading changes nothing by itself
    assert_no_raw_keys(at)


def pooled_revenue_retention(frame, last_year: int) -> tuple[float, int]:
    """Net revenue of each year's buyers the next year ÷ theirs that year, pooled over the last
    three year pairs up to `last_year`, with pandas alone; and the first year of those pairs."""
    years = frame["date"].dt.year
    kept = base = 0.0
    pairs = range(last_year - 2, last_year + 1)
    for year in pairs:
        buyers = set(frame.loc[(years == year - 1) & (frame["amount"] >= 0), "customer_id"])
        theirs = frame[frame["customer_id"].isin(buyers)]
        kept += theirs.loc[years[theirs.index] == year, "amount"].sum()
        base += theirs.loc[years[theirs.index] == year - 1, "amount"].sum()
    return kept / base, pairs[0] - 1


@pytest.mark.parametrize("lang", ["en", "it"])
def test_revenue_retention_is_shown_beside_customer_retention(open_app, lang: str) -> None:
    at = with_sample(open_app, lang)
    frame = read_transactions(SAMPLE).frame
    share, start = pooled_revenue_retention(frame, 2024)  # 2025 is not over in the file
    f = Formatter(lang)
    if lang == "en":
        sentence = (
            f"From {start} to 2024, taken together, each year's buyers spent, the year after, "
            f"{f.percent(share)} of what they had spent that year."
        )
    else:
        sentence = (
            f"Nel complesso, dal {start} al 2024, i clienti di ogni anno hanno speso, l'anno dopo, "
            f"il {f.percent(share)} di quanto avevano speso in quell'anno."
        )
    assert sentence in texts(at)
    chart = next(
        spec
        for spec in chart_specs(at)
        if spec["layout"]["title"]["text"] == translate(lang, "data.chart.retention.title")
    )
    names = [trace["name"] for trace in chart["data"]]
    assert names == [
        translate(lang, "data.chart.retention.retention"),
        translate(lang, "data.chart.retention.revenue_retention"),
    ]
    by_year = frame.groupby(frame["date"].dt.year)
    assert chart["data"][0]["x"][0] == str(min(by_year.groups))


# --- privacy and "Forget my file" -------------------------------------------------------------

PRIVACY = {
    "en": (
        "Privacy: your file is sent to the server that runs this app (on Streamlit Community "
        "Cloud, Streamlit's servers in the United States) and read there, in memory, for your "
        "session only."
    ),
    "it": (
        "Riservatezza: il file viene inviato al server su cui gira questa app (su Streamlit "
        "Community Cloud, i server di Streamlit negli Stati Uniti) ed elaborato lì, in memoria, "
        "solo per la tua sessione."
    ),
}


@pytest.mark.parametrize("lang", ["en", "it"])
def test_the_upload_says_where_the_file_goes_and_how_long_it_stays(open_app, lang: str) -> None:
    at = open_app(YOUR_DATA, lang=lang)
    note = next(c.value for c in at.caption if c.value.startswith(PRIVACY[lang][:12]))
    assert note.startswith(PRIVACY[lang])
    how_long = "2 minutes longer in case you reconnect" if lang == "en" else "ancora per 2 minuti"
    assert how_long in note
    assert not [b for b in at.button if b.key == "data.upload.forget"]  # nothing to forget yet


@pytest.mark.parametrize(
    ("seconds", "duration"), [(60, "1 minute longer"), (90, "2 minutes"), (600, "10 minutes")]
)
def test_the_privacy_note_reads_how_long_streamlit_keeps_a_closed_session(
    open_app, seconds: int, duration: str
) -> None:
    from streamlit import config

    before = config.get_option("server.disconnectedSessionTTL")
    config.set_option("server.disconnectedSessionTTL", seconds)
    try:
        at = open_app(YOUR_DATA, lang="en")
    finally:
        config.set_option("server.disconnectedSessionTTL", before)
    assert any(duration in c.value for c in at.caption if c.value.startswith("Privacy:"))


def test_forget_my_file_clears_the_file_and_keeps_the_users_choices(open_app) -> None:
    at = upload(open_app(YOUR_DATA, lang="it"), UPLOAD, "vendite.csv", SAMPLE)
    at.number_input(key="data.window_widget").set_value(2).run()
    at.selectbox(key="data.map.customer").set_value("Cliente").run()
    assert at.button(key="data.upload.forget").label == "Dimentica il file"

    at.button(key="data.upload.forget").click().run()
    assert not at.exception
    assert at.success[0].value == (
        "Fatto: il file e tutto ciò che se ne è ricavato non sono più in questa sessione."
    )
    assert "Carica l'esportazione delle tue vendite" in at.info[0].value
    assert chart_specs(at) == [] and not at.metric
    assert not [b for b in at.button if b.key == "data.upload.forget"]
    assert scenario_of(at) == default_scenario()

    # The next file starts from its own column guesses, with the user's window kept.
    upload(at, UPLOAD + ".1", "vendite.csv", SAMPLE)
    assert at.selectbox(key="data.map.customer").value == "Codice cliente"
    assert at.number_input(key="data.window_widget").value == 2
    assert not at.success  # the confirmation is said once


def test_the_sample_has_nothing_to_forget(open_app) -> None:
    at = with_sample(open_app, "en")
    assert not [b for b in at.button if b.key == "data.upload.forget"]


def test_the_guessed_columns_are_shown_and_can_be_corrected(open_app) -> None:
    at = with_sample(open_app, "en")
    assert at.selectbox(key="data.map.customer").value == "Codice cliente"
    assert at.selectbox(key="data.map.date").value == "Data documento"
    assert at.selectbox(key="data.map.amount").value == "Totale €"
    # Customer names instead of codes: namesakes merge, so there are fewer customers.
    at.selectbox(key="data.map.customer").set_value("Cliente").run()
    mapping = ColumnMapping("Cliente", "Data documento", "Totale €")
    expected = read_transactions(SAMPLE, mapping).summary.customers
    assert expected < 317
    assert metric_values(at)["Customers"] == str(expected)
    at.selectbox(key="data.map.customer").set_value("Codice cliente").run()
    assert metric_values(at)["Customers"] == "317"


def test_the_first_year_option_brings_its_cohort_into_the_tenure_figures(open_app) -> None:
    at = with_sample(open_app, "en")
    assert "The 2019 cohort is left out here" in shown(at)
    at.toggle(key="data.first_cohort_new_widget").set_value(True).run()
    assert "The 2019 cohort is left out here" not in shown(at)
    assert "(cohorts 2019, 2020, 2021, 2022, 2023, 2024)" in shown(at)


# --- when a customer counts as lost: the window ----------------------------------------------


@pytest.mark.parametrize(
    ("lang", "what", "misleads"),
    [
        ("en", "bought again in the next calendar year", "occasional buyers"),
        ("it", "ha comprato di nuovo nell'anno solare successivo", "compra saltuariamente"),
    ],
)
def test_the_page_says_what_retention_measures_and_when_it_misleads(
    open_app, lang: str, what: str, misleads: str
) -> None:
    at = with_sample(open_app, lang)
    assert at.number_input(key="data.window_widget").value == 1
    assert what in shown(at)
    assert misleads in shown(at)


@pytest.mark.parametrize("lang", ["en", "it"])
def test_a_two_year_window_changes_the_figures_and_what_is_applied(open_app, lang: str) -> None:
    at = with_sample(open_app, lang)
    at.number_input(key="data.window_widget").set_value(2).run()
    assert not at.exception
    two = analyse_transactions(read_transactions(SAMPLE).frame, window=2)
    f = Formatter(lang)
    label = "Annual retention (%)" if lang == "en" else "Fidelizzazione annua (%)"
    assert metric_values(at)[label] == f.percent(two.figures.retention) != f.percent(0.788)
    assert ("bought again within 2 years" if lang == "en" else "entro 2 anni") in shown(at)
    assert (
        "within 2 years, and is lost for good"
        if lang == "en"
        else "entro 2 anni, e si considera perso"
    ) in shown(at)
    heatmap = chart_specs(at)[0]["layout"]["title"]["text"]
    assert ("within 2 years" if lang == "en" else "entro 2 anni") in heatmap
    at.button(key="data.apply").click().run()
    business = scenario_of(at).business
    assert business.retention == two.figures.retention == 0.804
    assert business.active_customers == two.figures.active_customers
    assert business.revenue_per_customer == two.figures.revenue_per_customer
    # The choice is kept while the page reruns.
    assert at.number_input(key="data.window_widget").value == 2


@pytest.mark.parametrize(
    ("lang", "sentence"),
    [
        (
            "en",
            "On your data the constant 78.8% gives the higher value: €353.88 against €285.97 "
            "with the fitted curve, €67.91 (23.7%) more.",
        ),
        (
            "it",
            "Sui tuoi dati la fidelizzazione costante del 78,8% dà il valore più alto: "
            "353,88\u00a0€ contro 285,97\u00a0€ con la curva stimata, 67,91\u00a0€ (23,7%) in più.",
        ),
    ],
)
def test_the_page_says_which_lifetime_value_is_higher_on_the_owners_data(
    open_app, lang: str, sentence: str
) -> None:
    # Margin 344.44 × 30% = 103.33; constant: 103.33 / (1.08 − 0.788) = 353.88; sBG 285.97;
    # 353.88 − 285.97 = 67.91, 67.91 / 285.97 = 23.7%.
    at = with_sample(open_app, lang)
    assert sentence in shown(at)


@pytest.mark.parametrize(
    ("lang", "general"),
    [
        ("en", "Which way it goes depends on the data"),
        ("it", "La direzione dipende dai dati"),
    ],
)
def test_the_sbg_card_says_the_direction_depends_on_the_data(open_app, lang, general) -> None:
    at = with_sample(open_app, lang)
    page = "\n".join([shown(at), *(e.value for e in at.markdown)])
    assert general in page
    assert "understates the value of cohorts" not in page


# --- into the scenario -------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "it"])
def test_applied_figures_change_the_overview(open_app, lang: str, sample_figures) -> None:
    at = with_sample(open_app, lang)
    at.button(key="data.apply").click().run()
    assert not at.exception
    business = scenario_of(at).business
    assert business.retention == sample_figures.retention == 0.788
    assert business.revenue_per_customer == sample_figures.revenue_per_customer
    assert business.new_customers_per_year == sample_figures.new_customers_per_year
    assert business.active_customers == sample_figures.active_customers
    assert at.success[0].value.startswith("Done:" if lang == "en" else "Fatto:")

    at.switch_page(OVERVIEW.path).run()
    f = Formatter(lang)
    lost = sample_figures.active_customers * (1 - sample_figures.retention)
    label = "Customers lost per year" if lang == "en" else "Clienti persi all'anno"
    replace = translate(lang, "overview.replacement.label")
    metrics = metric_values(at)
    assert metrics[label] == f.number(lost) != "200"
    assert metrics[replace] == f.money(lost * 250)
    retention = "Annual retention (%)" if lang == "en" else "Fidelizzazione annua (%)"
    assert at.number_input(key="input.business.retention").value == pytest.approx(78.8)
    assert retention in [n.label for n in at.number_input]


def test_only_the_ticked_figures_are_applied(open_app) -> None:
    at = with_sample(open_app, "en")
    for name in FIGURES[1:]:
        at.checkbox(key=USE + name).uncheck()
    at.button(key="data.apply").click().run()
    business = scenario_of(at).business
    assert business.retention == 0.788
    assert business.active_customers == 1000 and business.revenue_per_customer == 1000
    assert "now uses the measured Annual retention (%)." in at.success[0].value


def test_nothing_ticked_applies_nothing(open_app) -> None:
    at = with_sample(open_app, "en")
    for name in FIGURES:
        at.checkbox(key=USE + name).uncheck()
    at.button(key="data.apply").click().run()
    assert "Tick at least one figure" in at.warning[-1].value
    assert scenario_of(at) == default_scenario()


def test_a_measured_retention_of_100_percent_is_refused_and_nothing_is_applied(open_app) -> None:
    rows = "".join(
        f"{c};15/0{m}/{y};10\n" for y in (2021, 2022, 2023) for m in (3, 9) for c in "ABC"
    )
    rows += "A;20/12/2023;5\n"
    csv = ("cliente;data;importo\n" + rows).encode()
    at = upload(open_app(YOUR_DATA, lang="en"), UPLOAD, "loyal.csv", csv)
    assert metric_values(at)["Annual retention (%)"] == "100%"
    at.button(key="data.apply").click().run()
    error = at.error[-1].value
    assert "could not be used, so your scenario was not changed" in error
    assert "Annual retention (%): 100% is out of range. Enter a value between 0% and 99%." in error
    assert scenario_of(at) == default_scenario()  # not even the valid figures


def test_the_data_stays_when_coming_back_to_the_page(open_app) -> None:
    at = with_sample(open_app, "en")
    at.selectbox(key="data.map.customer").set_value("Cliente").run()
    customers = metric_values(at)["Customers"]
    at.switch_page(OVERVIEW.path).run()
    at.switch_page(YOUR_DATA.path).run()
    assert metric_values(at)["Customers"] == customers
    assert at.selectbox(key="data.map.customer").value == "Cliente"


# --- bad files -------------------------------------------------------------------------------

GOOD_HEAD = "cliente;data;importo\n"
BAD_FILES = [
    ("empty.csv", b"", "The file is empty."),
    ("picture.csv", b"\x89PNG\r\n\x1a\n" + bytes(200), "This is not a table"),
    ("binary.csv", bytes(range(256)) * 8, "This is not a table"),
    ("sales.xlsx.csv", b"PK\x03\x04" + bytes(200), "This is a zip or Office file"),
    ("huge.csv", b"a" * (MAX_FILE_BYTES + 1), "The file is 50.1 MB; the limit is 50 MB."),
    ("list.csv", b"names\nA\nB\n", "Only one column was found."),
    ("header.csv", GOOD_HEAD.encode(), "The file has a header row but no sales under it."),
    (
        "broken.csv",
        (GOOD_HEAD + "A;01/02/2024;1\nB;01/02/2024;2;3;4\n").encode(),
        "Line 3 has more fields than the header.",
    ),
    (
        "columns.csv",
        b"cliente;note\nA;x\nB;y\n",
        "No column was recognised for the date: choose it above",
    ),
    (
        "dates.csv",
        (GOOD_HEAD + "A;ieri;1\nB;oggi;2\nC;domani;3\nD;01/02/2024;4\n").encode(),
        "column `data` that could not be read: 3 of 4, for example `ieri`, `oggi`, `domani`.",
    ),
]


@pytest.mark.parametrize(("name", "data", "message"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_a_bad_file_says_what_to_fix_and_keeps_the_scenario(
    open_app, name: str, data: bytes, message: str
) -> None:
    at = open_app(YOUR_DATA, lang="en", **{"business.retention": "0.9"})
    before = scenario_of(at)
    upload(at, UPLOAD, name, data)
    error = at.error[0].value
    assert f"`{name}` could not be used:" in error
    assert message in error
    assert "Your scenario was not changed." in error
    assert scenario_of(at) == before and before.business.retention == 0.9
    assert chart_specs(at) == []


def test_bad_file_messages_are_translated(open_app) -> None:
    png = b"\x89PNG\r\n\x1a\n" + bytes(50)
    at = upload(open_app(YOUR_DATA, lang="it"), UPLOAD, "foto.csv", png)
    error = at.error[0].value
    assert "Non è stato possibile usare `foto.csv`:" in error
    assert "Questo file non è una tabella" in error
    assert "Il tuo scenario non è stato modificato." in error


def test_a_wrong_or_missing_column_choice_says_what_to_fix(open_app) -> None:
    at = with_sample(open_app, "en")
    at.selectbox(key="data.map.amount").set_value("N. documento").run()
    error = at.error[0].value
    assert "Amounts in column `N. documento` that are not numbers: 3,026 of 3,026" in error
    assert "for example `2019/0001`, `2019/0002`, `2019/0003`." in error
    at.selectbox(key="data.map.amount").set_value("Codice cliente").run()
    assert "The column `Codice cliente` is chosen twice" in at.error[0].value
    # No amount column: read as visits, customers measured, no revenue figure or chart.
    at.selectbox(key="data.map.amount").set_value("").run()
    assert not at.error
    assert "read without an amount column" in shown(at)
    assert "The file has no amounts" in shown(at)
    assert "Without amounts in the file, only customers kept are shown." in shown(at)
    specs = chart_specs(at)
    assert len(specs) == 5  # no revenue chart; customers kept alone by period
    kept = next(s for s in specs if s["layout"]["title"]["text"].startswith("Retention from"))
    assert [trace["name"] for trace in kept["data"]] == ["Customers kept"]
    assert scenario_of(at) == default_scenario()
    at.selectbox(key="data.map.amount").set_value("Totale €").run()
    assert not at.error and len(chart_specs(at)) == 6


def test_rows_that_cannot_be_used_are_reported_and_the_rest_analysed(open_app) -> None:
    rows = "".join(f"C{i};1{i}/03/2023;10,50\nC{i};1{i}/04/2024;20\n" for i in range(8))
    rows += (
        "X;31/02/2024;5\nY;presto;5\nC1;13/04/2024;n.d.\nC2;12/04/2024;20\nC3;05/05/2024;-7,25\n"
    )
    at = upload(open_app(YOUR_DATA, lang="en"), UPLOAD, "messy.csv", (GOOD_HEAD + rows).encode())
    text = shown(at)
    assert (
        "Rows skipped, date missing or unreadable: 2, for example `31/02/2024`, `presto`." in text
    )
    assert "Rows skipped, amount missing or not a number: 1, for example `n.d.`." in text
    assert (
        "Rows that repeat an earlier row exactly (every column the same): 1, counted once." in text
    )
    assert "Rows with a negative amount: 1, -€7.25 in all. They are read as refunds" in text
    assert metric_values(at)["Rows skipped"] == "4"
    assert len(chart_specs(at)) == 6
    assert scenario_of(at) == default_scenario()


def test_an_english_export_reads_like_the_italian_sample(open_app) -> None:
    english = (ROOT / "tests" / "data" / "sample_transactions_en.csv").read_bytes()
    at = upload(open_app(YOUR_DATA, lang="en"), UPLOAD, "sales.csv", english)
    metrics = metric_values(at)
    assert (metrics["Rows read"], metrics["Customers"]) == ("3,026", "317")
    assert metrics["Annual retention (%)"] == "78.8%"
    assert "dates month/day/year (12/31/2024)" in shown(at)


def test_a_workbook_is_read_and_its_cohorts_counted_by_quarter(open_app) -> None:
    from tests.data.spreadsheets import sales_rows, xlsx_sales

    at = upload(open_app(YOUR_DATA, lang="en"), UPLOAD, "vendite.xlsx", xlsx_sales(40))
    assert not at.error
    text = shown(at)
    assert "Read from the Excel workbook, sheet `Vendite`; dates as dates in the workbook." in text
    written = sales_rows(40)
    customers = {customer for customer, _, _ in written}
    assert metric_values(at)["Customers"] == str(len(customers))
    assert metric_values(at)["Rows read"] == "41"  # 40 sales and the total row
    at.segmented_control(key="data.period_widget").set_value("quarter").run()
    assert not at.error
    assert "customers who first bought in that quarter" in shown(at)
    titles = [spec["layout"]["xaxis"]["title"]["text"] for spec in chart_specs(at)[:1]]
    assert titles == ["Quarters since the first purchase"]
    assert_no_raw_keys(at)


@pytest.mark.parametrize(
    ("lang", "quarter", "month"), [("en", "Q{q} {y}", "{m:%b} {y}"), ("it", "T{q} {y}", None)]
)
def test_quarters_and_months_are_named_as_the_language_writes_them(
    open_app, lang: str, quarter: str, month: str | None
) -> None:
    import datetime as dt

    at = with_sample(open_app, lang)
    frame = read_transactions(SAMPLE).frame
    first = frame["date"].min()
    at.segmented_control(key="data.period_widget").set_value("quarter").run()
    assert not at.error
    rows = chart_specs(at)[0]["data"][0]["y"]  # the heatmap's cohorts
    assert rows[0] == quarter.format(q=(first.month - 1) // 3 + 1, y=first.year)
    assert not [row for row in rows if "-Q" in row]
    at.segmented_control(key="data.period_widget").set_value("month").run()
    rows = chart_specs(at)[0]["data"][0]["y"]
    italian_months = [
        "gen",
        "feb",
        "mar",
        "apr",
        "mag",
        "giu",
        "lug",
        "ago",
        "set",
        "ott",
        "nov",
        "dic",
    ]
    expected = (
        month.format(m=dt.date(first.year, first.month, 1), y=first.year)
        if month
        else f"{italian_months[first.month - 1]} {first.year}"
    )
    assert rows[0] == expected
    # The first year's twelve months mix in customers from before the file: left out of tenure.
    last = first + pd.DateOffset(months=11)
    left_out = "Le coorti dei primi dodici mesi" if lang == "it" else "The cohorts from"
    assert any(c.value.startswith(left_out) and str(last.year) in c.value for c in at.caption)
    assert_no_raw_keys(at)


def test_a_visit_log_in_italian_measures_customers_without_revenue(open_app) -> None:
    from tests.data.text_exports import visit_log

    export = visit_log()
    at = upload(open_app(YOUR_DATA, lang="it"), UPLOAD, "visite.csv", export.data)
    assert not at.error
    assert "senza colonna dell'importo" in shown(at)
    assert metric_values(at)["Clienti"] == str(len({sale.customer for sale in export.sales}))
    assert_no_raw_keys(at)
