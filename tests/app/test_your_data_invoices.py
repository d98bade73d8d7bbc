"""Your data page with an archive of FatturaPA e-invoices (issue #18), in both languages: what
was read, the figures measured (checked against an independent count from the invoices as the
generator describes them), the choice of seller, the files skipped, a hostile zip, and
"Forget my file"."""

from __future__ import annotations

import pandas as pd
import pytest

from calculators.reports.your_data import RECENT_YEARS
from calculators.scenario import default_scenario
from tests.app.conftest import assert_no_raw_keys, chart_specs, metric_values, texts, upload
from tests.calculators.test_cohort_periods import Independent
from tests.data import fatturapa as data
from ui.fmt import Formatter
from ui.i18n import translate
from ui.nav import OVERVIEW, YOUR_DATA

UPLOAD = "data.upload"
FILES = data.Population(customers=60).invoices(300)
ARCHIVE = data.archive(FILES)
TWO_SELLERS = data.Population(customers=40, sellers=(data.SELLER, data.OTHER_SELLER)).invoices(200)


def described(files: list[data.InvoiceFile]) -> pd.DataFrame:
    """The sales as the generator describes them (never read back from the XML)."""
    rows = data.expected_rows(files)
    return pd.DataFrame(
        {
            "customer_id": [row[0] for row in rows],
            "date": pd.to_datetime([row[1] for row in rows]),
            "amount": [float(row[2]) for row in rows],
        }
    )


def annual_retention(frame: pd.DataFrame) -> float:
    """Customers of one year still buying the next, pooled over the last `RECENT_YEARS` pairs."""
    years = Independent(frame, "year")
    before = kept = 0
    for period in list(range(1, years.span))[-RECENT_YEARS:]:
        customers = [c for c in years.bought if years.is_customer(c, period - 1, 1)]
        before += len(customers)
        kept += sum(years.is_customer(c, period, 1) for c in customers)
    return round(kept / before, 3)


def shown(at) -> str:
    return "\n".join([texts(at), *(element.value for element in (*at.info, *at.success))])


def labels(lang: str) -> tuple[str, str, str]:
    """The metrics' labels: rows read, customers, annual retention."""
    retention = {"en": "Annual retention (%)", "it": "Fidelizzazione annua (%)"}[lang]
    return (
        translate(lang, "data.summary.rows"),
        translate(lang, "data.summary.customers"),
        retention,
    )


@pytest.mark.parametrize("lang", ["en", "it"])
def test_an_archive_of_invoices_is_read_and_measured(open_app, lang: str) -> None:
    at = upload(open_app(YOUR_DATA, lang=lang), UPLOAD, "fatture.zip", ARCHIVE)
    assert not at.error
    expected = described(FILES)
    f = Formatter(lang)
    metrics = metric_values(at)
    rows, customers, retention = labels(lang)
    assert metrics[rows] == f.number(len(expected))
    assert metrics[customers] == f.number(expected["customer_id"].nunique())
    assert metrics[retention] == f.percent(annual_retention(expected))
    text = shown(at)
    assert translate(lang, "data.invoices.signatures") in text
    assert translate(lang, "data.invoices.privacy") in text
    assert translate(lang, "data.summary.format_invoices") in text
    invoices = len(expected)
    assert (
        translate(
            lang,
            "data.invoices.read",
            invoices=f.number(invoices),
            files=f.number(len(FILES)),
            skipped="0",
        )
        in text
    )
    assert not [s for s in at.selectbox if s.key and s.key.startswith("data.map.")]
    # Customers by name beside a shortened id: a tax code never shown whole.
    buyers = {file.buyer.expected_id: file.buyer for file in FILES}
    title = translate(lang, "data.invoices.customers_title", count=f.number(len(buyers)))
    listed = next(e for e in at.expander if e.label == title).dataframe[0].value.iloc[:, 0]
    person = next(b for b in buyers.values() if b.tax_code is not None)
    shown_person = [c for c in listed if c.startswith(f"{person.expected_name} (")]
    assert shown_person == [f"{person.expected_name} (…{person.tax_code[-4:]})"]
    assert not any(b.tax_code in c for b in buyers.values() if b.tax_code for c in listed)
    assert chart_specs(at), "no cohort chart"
    assert_no_raw_keys(at)


def test_the_measured_retention_goes_into_the_scenario(open_app) -> None:
    at = upload(open_app(YOUR_DATA, lang="en"), UPLOAD, "fatture.zip", ARCHIVE)
    at.button(key="data.apply").click().run()
    assert not at.exception
    expected = annual_retention(described(FILES))
    assert at.session_state["scenario"].business.retention == expected
    at.switch_page(OVERVIEW.path).run()
    assert at.number_input(key="input.business.retention").value == pytest.approx(100 * expected)


@pytest.mark.parametrize("lang", ["en", "it"])
def test_two_sellers_are_named_and_the_choice_changes_the_figures(open_app, lang: str) -> None:
    at = upload(open_app(YOUR_DATA, lang=lang), UPLOAD, "fatture.zip", data.archive(TWO_SELLERS))
    assert not at.error
    f = Formatter(lang)
    _, customers, retention = labels(lang)
    choice = at.selectbox(key="data.seller_widget")
    assert choice.label == translate(lang, "data.invoices.seller")
    assert set(choice.options) >= {
        translate(
            lang,
            "data.invoices.seller_option",
            name=party.name,
            id=party.expected_id,
            count=f.number(sum(len(i.bodies) for i in TWO_SELLERS if i.seller == party)),
        )
        for party in (data.SELLER, data.OTHER_SELLER)
    }
    assert translate(lang, "data.invoices.sellers_many", count="2") in shown(at)
    every = translate(
        lang,
        "data.invoices.read",
        invoices=f.number(len(data.expected_rows(TWO_SELLERS))),
        files=f.number(len(TWO_SELLERS)),
        skipped="0",
    )
    assert every in shown(at)  # every seller's invoices, not only the chosen one's
    for party in (data.OTHER_SELLER, data.SELLER):
        choice = at.selectbox(key="data.seller_widget")
        choice.select_index(
            next(i for i, option in enumerate(choice.options) if option.startswith(party.name))
        ).run()
        assert not at.exception and not at.error
        own = described([i for i in TWO_SELLERS if i.seller == party])
        metrics = metric_values(at)
        assert metrics[customers] == f.number(own["customer_id"].nunique())
        assert metrics[retention] == f.percent(annual_retention(own))


@pytest.mark.parametrize("lang", ["en", "it"])
def test_files_that_are_no_invoices_are_listed_and_the_rest_read(open_app, lang: str) -> None:
    good = FILES[:40]
    entries = [(data.file_name(i), data.invoice_xml(i)) for i in good]
    entries += [
        ("IT01234567890_rotta.xml", data.corrupt_invoice(data.invoice_xml(FILES[50]))),
        ("../../etc/evil.xml", data.invoice_xml(FILES[51])),
    ]
    at = upload(
        open_app(YOUR_DATA, lang=lang), UPLOAD, "fatture.zip", data.zip_with_entries(entries)
    )
    assert not at.error
    title = translate(lang, "data.invoices.skipped_title", count="2")
    expander = next(e for e in at.expander if e.label == title)
    table = expander.dataframe[0].value
    listed = dict(zip(*(table[column] for column in table.columns), strict=True))
    assert listed == {
        "IT01234567890_rotta.xml": translate(lang, "data.invoices.skip.corrupt"),
        "../../etc/evil.xml": translate(lang, "data.invoices.skip.unsafe_path"),
    }
    _, customers, _ = labels(lang)
    own = described(good)
    assert metric_values(at)[customers] == Formatter(lang).number(own["customer_id"].nunique())


@pytest.mark.parametrize("lang", ["en", "it"])
def test_a_zip_bomb_is_refused_and_the_scenario_kept(open_app, lang: str) -> None:
    at = upload(open_app(YOUR_DATA, lang=lang), UPLOAD, "fatture.zip", data.zip_bomb(64))
    message = at.error[0].value
    assert translate(lang, "data.upload.nothing_changed") in message
    start = translate(lang, "data.issue.invoices_archive_too_large", size="X").split("X")[0]
    assert start in message
    assert not at.metric and chart_specs(at) == []
    assert at.session_state["scenario"] == default_scenario()


def test_forget_my_file_removes_the_invoices(open_app) -> None:
    at = upload(open_app(YOUR_DATA, lang="it"), UPLOAD, "fatture.zip", ARCHIVE)
    assert at.metric
    at.button(key="data.upload.forget").click().run()
    assert not at.exception
    assert at.success[0].value.startswith("Fatto: il file e tutto ciò")
    assert not at.metric and chart_specs(at) == []
    assert "uploads" not in at.session_state or "data" not in at.session_state["uploads"]
    assert "data.source" not in at.session_state


def test_a_single_signed_invoice_is_read(open_app) -> None:
    invoice = FILES[49]  # a file with two bodies
    with data.Signer() as signer:
        signed = signer.sign(data.invoice_xml(invoice))
    at = upload(open_app(YOUR_DATA, lang="en"), UPLOAD, data.file_name(invoice, ".xml.p7m"), signed)
    assert not at.exception
    text = shown(at)
    assert "The signatures of .p7m files are not verified" in text
    assert "Invoices read: 2. Files read: 1; skipped: 0." in text


@pytest.mark.parametrize("lang", ["en", "it"])
def test_an_archive_with_no_readable_invoice_says_why_file_by_file(open_app, lang: str) -> None:
    entries = [
        ("IT01234567890_00001.xml", data.corrupt_invoice(data.invoice_xml(FILES[0]))),
        ("IT01234567890_00001_RC_001.xml", data.not_invoice_xml()),
    ]
    at = upload(
        open_app(YOUR_DATA, lang=lang), UPLOAD, "fatture.zip", data.zip_with_entries(entries)
    )
    assert translate(lang, "data.issue.invoices_none") in at.error[0].value
    table = at.expander[0].dataframe[0].value
    listed = dict(zip(*(table[column] for column in table.columns), strict=True))
    assert listed == {
        "IT01234567890_00001.xml": translate(lang, "data.invoices.skip.corrupt"),
        "IT01234567890_00001_RC_001.xml": translate(lang, "data.invoices.skip.sdi_message"),
    }
    assert not at.metric
    assert_no_raw_keys(at)


def test_a_seller_without_sales_is_named_and_another_can_be_chosen(open_app) -> None:
    # The seller with most documents issued only VAT integrations (TD17): no sales to measure.
    integrations = [
        data.InvoiceFile(
            seller=data.OTHER_SELLER,
            buyer=data.COMPANY,
            bodies=(data.Body(body.date, f"I{n}", body.taxable, "TD17"),),
            sequence=1000 + n,
        )
        for n, file in enumerate(FILES[:60])
        for body in file.bodies[:1]
    ]
    sales = FILES[:30]
    archive = data.archive([*integrations, *sales])
    at = upload(open_app(YOUR_DATA, lang="en"), UPLOAD, "fatture.zip", archive)
    assert "None of the documents issued by `IT09876543210` is a sale" in at.error[0].value
    assert not at.metric
    choice = at.selectbox(key="data.seller_widget")
    choice.select_index(
        next(i for i, o in enumerate(choice.options) if o.startswith(data.SELLER.name))
    ).run()
    assert not at.exception and not at.error
    own = described(sales)
    assert metric_values(at)["Customers"] == str(own["customer_id"].nunique())
