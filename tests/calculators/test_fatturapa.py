"""Reading FatturaPA archives (issue #18): rows, customers, amounts against the generator's input.

Every expected figure comes from the invoices as described (`tests.data.fatturapa`), never
from the XML or from the reader. Hostile files are refused or skipped; their CPU time is
printed (``pytest -s``), not asserted: benchmarks/fatturapa.py reports the figures.
"""

from __future__ import annotations

import datetime as dt
import io
import struct
import time
import zipfile
from collections.abc import Iterator
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calculators.fatturapa import (
    FatturaPAError,
    InvoiceArchive,
    is_fatturapa,
    read_invoices,
    short_id,
)
from tests.data import fatturapa as data
from tests.data.fatturapa import (
    COMPANY,
    FOREIGN,
    OTHER_SELLER,
    PERSON,
    SELLER,
    Body,
    InvoiceFile,
    Party,
    Signer,
)

DAY = dt.date(2024, 3, 15)


def one(document_type: str = "TD01", *amounts: str, day: dt.date = DAY, number: str = "1") -> Body:
    taxable = tuple((Decimal(22), Decimal(amount)) for amount in amounts or ("100.00",))
    return Body(date=day, number=number, taxable=taxable, document_type=document_type)


def invoice(buyer: Party, *bodies: Body, seller: Party = SELLER, sequence: int = 1) -> InvoiceFile:
    return InvoiceFile(seller=seller, buyer=buyer, bodies=bodies or (one(),), sequence=sequence)


def rows(found: InvoiceArchive) -> list[tuple[str, dt.date, Decimal, str]]:
    frame = found.frame
    return sorted(
        (str(customer), stamp.date(), Decimal(str(amount)).quantize(data.CENT), kind)
        for customer, stamp, amount, kind in zip(
            frame["customer_id"],
            frame["date"],
            frame["amount"],
            frame["document_type"],
            strict=True,
        )
    )


def expected(invoices: list[InvoiceFile]) -> list[tuple[str, dt.date, Decimal, str]]:
    return sorted(data.expected_rows(invoices))


@pytest.fixture(scope="module")
def signer() -> Iterator[Signer]:
    with Signer() as made:
        yield made


# The archive of the acceptance list: every kind of file, good and bad, in one zip.
TWO_BODIES = invoice(
    COMPANY,
    one("TD01", "250.00", "50.50", number="7"),
    one("TD01", "99.99", number="8"),
    sequence=2,
)
CREDIT_NOTE = invoice(COMPANY, one("TD04", "40.00", number="9"), sequence=3)
PRIVATE = invoice(PERSON, one("TD01", "120.00", day=dt.date(2023, 5, 2)), sequence=4)
FOREIGNER = invoice(FOREIGN, one("TD24", "1000.00", number="10"), sequence=5)
SIGNED_DER = invoice(PERSON, one("TD06", "300.00", number="11"), sequence=6)
SIGNED_BASE64 = invoice(COMPANY, one("TD05", "12.34", number="12"), sequence=7)
PLAIN = invoice(COMPANY, one("TD01", "100.00", number="13"), sequence=8)
GOOD = [PLAIN, TWO_BODIES, CREDIT_NOTE, PRIVATE, FOREIGNER, SIGNED_DER, SIGNED_BASE64]


def acceptance_zip(signer: Signer) -> bytes:
    nested = data.zip_with_entries([("inner.xml", data.invoice_xml(PLAIN))])
    return data.zip_with_entries(
        [
            ("IT01234567890_00008.xml", data.invoice_xml(PLAIN)),
            ("IT01234567890_00002.xml", data.invoice_xml(TWO_BODIES)),
            ("IT01234567890_00003.xml", data.invoice_xml(CREDIT_NOTE)),
            ("IT01234567890_00004.xml", data.invoice_xml(PRIVATE)),
            ("IT01234567890_00005.xml", data.invoice_xml(FOREIGNER)),
            ("IT01234567890_00006.xml.p7m", signer.sign(data.invoice_xml(SIGNED_DER))),
            (
                "IT01234567890_00007.xml.p7m",
                data.base64_p7m(signer.sign(data.invoice_xml(SIGNED_BASE64))),
            ),
            ("IT01234567890_00009.xml", data.corrupt_invoice(data.invoice_xml(PLAIN))),
            ("IT01234567890_00009_RC_001.xml", data.not_invoice_xml()),
            ("notes.xml", b"<?xml version='1.0'?><catalogue><item/></catalogue>"),
            ("../../etc/IT01234567890_00010.xml", data.invoice_xml(PLAIN)),
            ("/abs/IT01234567890_00011.xml", data.invoice_xml(PLAIN)),
            ("nested.zip", nested),
            ("bomb.xml", data.entity_bomb()),
            ("secret.xml", data.external_entity()),
            ("folder/", b""),
        ]
    )


def test_acceptance_archive_reads_every_invoice_and_lists_the_rest(signer: Signer) -> None:
    found = read_invoices(acceptance_zip(signer))
    assert rows(found) == expected(GOOD)
    assert {(skip.file, skip.kind) for skip in found.skipped} == {
        ("IT01234567890_00009.xml", "corrupt"),
        ("IT01234567890_00009_RC_001.xml", "sdi_message"),
        ("notes.xml", "not_invoice"),
        ("../../etc/IT01234567890_00010.xml", "unsafe_path"),
        ("/abs/IT01234567890_00011.xml", "unsafe_path"),
        ("nested.zip", "nested_zip"),
        ("bomb.xml", "unsafe_xml"),
        ("secret.xml", "unsafe_xml"),
    }
    assert found.files == len(GOOD)
    assert found.bodies == 8
    assert found.seller.id == "IT01234567890"
    assert found.seller.name == SELLER.name
    assert set(found.frame["file"]) >= {"IT01234567890_00006.xml.p7m"}


def test_credit_note_is_negative_and_the_customers_are_named(signer: Signer) -> None:
    found = read_invoices(acceptance_zip(signer))
    frame = found.frame
    credit = frame[frame["document_type"] == "TD04"]
    assert credit["amount"].tolist() == [-40.0]
    assert found.customer_labels == {
        "IT11122233344": "Alfa <Costruzioni> S.r.l. (IT…3344)",
        "VRDMRA80A01H501U": "Mario Verdi (…501U)",
        "DE123456789": "Müller GmbH (DE…6789)",
    }
    names = dict(zip(frame["customer_id"], frame["customer_name"], strict=True))
    assert names["VRDMRA80A01H501U"] == "Mario Verdi"
    assert frame["date"].dtype.kind == "M" and frame["amount"].dtype == float


def test_two_bodies_make_two_rows_with_the_sum_of_their_taxable_amounts() -> None:
    found = read_invoices(data.invoice_xml(TWO_BODIES), name="two.xml")
    assert sorted(found.frame["amount"].tolist()) == [99.99, 300.5]
    assert set(found.frame["file"]) == {"two.xml"}


@pytest.mark.parametrize("pem", [False, True])
def test_signed_files_read_alone_der_and_base64(signer: Signer, pem: bool) -> None:
    der = signer.sign(data.invoice_xml(SIGNED_DER))
    assert der[:1] == b"\x30"
    for content in (der, data.base64_p7m(der, pem=pem)):
        assert is_fatturapa(content)
        assert rows(read_invoices(content)) == expected([SIGNED_DER])


def test_credit_note_written_with_negative_amounts_is_not_negated_twice() -> None:
    negative = invoice(COMPANY, one("TD04", "-40.00", "-2.50"))
    found = read_invoices(data.invoice_xml(negative))
    assert found.frame["amount"].tolist() == [-42.5]


def test_documents_that_are_not_sales_are_left_out_and_counted() -> None:
    files = [
        invoice(COMPANY, one("TD01", "10.00", number="1"), sequence=1),
        invoice(COMPANY, one("TD17", "500.00", number="2"), sequence=2),
        invoice(COMPANY, one("TD27", "20.00", number="3"), sequence=3),
        invoice(COMPANY, one("TD27", "30.00", number="4"), sequence=4),
        invoice(COMPANY, one("TD02", "5.00", number="5"), sequence=5),
    ]
    found = read_invoices(data.archive(files))
    assert found.frame["amount"].tolist() == [10.0, 5.0]
    assert found.excluded == (("TD17", 1), ("TD27", 2))


def test_the_same_invoice_as_xml_and_p7m_counts_once(signer: Signer) -> None:
    xml = data.invoice_xml(PLAIN)
    found = read_invoices(data.zip_with_entries([("a.xml", xml), ("a.xml.p7m", signer.sign(xml))]))
    assert len(found.frame) == 1 and found.duplicates == 1


def test_several_sellers_the_busiest_by_default_and_any_on_request() -> None:
    files = [invoice(COMPANY, one(number=str(n)), sequence=n) for n in range(3)]
    files += [
        invoice(SELLER, one("TD01", "7.00", number="x"), seller=OTHER_SELLER, sequence=9),
    ]
    archive = data.archive(files)
    found = read_invoices(archive)
    assert [(seller.id, seller.invoices) for seller in found.sellers] == [
        ("IT01234567890", 3),
        ("IT09876543210", 1),
    ]
    assert found.seller.id == "IT01234567890" and len(found.frame) == 3
    other = read_invoices(archive, seller="IT 09876543210")
    assert other.frame["customer_id"].tolist() == ["IT01234567890"]
    assert other.frame["amount"].tolist() == [7.0]
    with pytest.raises(FatturaPAError) as error:
        read_invoices(archive, seller="IT00000000001")
    assert [issue.kind for issue in error.value.issues] == ["unknown_seller"]
    assert len(error.value.sellers) == 2


def test_foreign_private_customer_with_a_placeholder_id_is_told_apart_by_name() -> None:
    first = Party(name="Hans Muller", vat="99999999999", country="DE")
    second = Party(name="Eva Braun", vat="99999999999", country="AT")
    found = read_invoices(data.archive([invoice(first, sequence=1), invoice(second, sequence=2)]))
    assert sorted(found.frame["customer_id"]) == ["AT-EVA BRAUN", "DE-HANS MULLER"]


def test_invoice_with_every_element_namespaced_and_a_default_prefix_is_read() -> None:
    plain = InvoiceFile(SELLER, COMPANY, (one(),), prefix="")
    assert rows(read_invoices(data.invoice_xml(plain))) == expected([plain])
    qualified = data.invoice_xml(plain)  # xmlns="..." qualifies every element
    assert b' xmlns="' in qualified


def test_utf16_invoice_with_a_dtd_is_refused_as_unsafe() -> None:
    text = data.entity_bomb().decode().replace('<?xml version="1.0"?>', "")
    utf16 = '<?xml version="1.0" encoding="UTF-16"?>'.encode("utf-16") + text.encode("utf-16-le")
    with pytest.raises(FatturaPAError) as error:
        read_invoices(utf16, name="bomb16.xml")
    assert [(skip.file, skip.kind) for skip in error.value.skipped] == [
        ("bomb16.xml", "unsafe_xml")
    ]


def test_declared_single_byte_encoding_is_checked_by_expat() -> None:
    latin = data.invoice_xml(PLAIN).replace(b'encoding="UTF-8"', b'encoding="ISO-8859-1"')
    assert rows(read_invoices(latin)) == expected([PLAIN])
    ebcdic_bomb = b'<?xml version="1.0" encoding="cp037"?>' + data.entity_bomb().split(b"?>", 1)[
        1
    ].decode().encode("cp037")
    with pytest.raises(FatturaPAError) as error:
        read_invoices(ebcdic_bomb)
    assert error.value.skipped[0].kind in ("unsafe_xml", "corrupt")


# --- hostile archives -------------------------------------------------------------------------


def timed(action: object) -> tuple[object, float]:
    start = time.process_time()
    try:
        result = action()  # type: ignore[operator]
    except FatturaPAError as error:
        result = error
    return result, time.process_time() - start


def test_zip_bomb_is_refused_from_its_directory() -> None:
    bomb = data.zip_bomb(1024)
    assert len(bomb) < 2 * 1024 * 1024
    error, seconds = timed(lambda: read_invoices(bomb))
    print(f"zip bomb ({len(bomb) / 1e6:.1f} MB → 1 GB): {seconds * 1000:.1f} ms")
    assert isinstance(error, FatturaPAError)
    assert [issue.kind for issue in error.issues] == ["archive_too_large"]


def lying(archive: bytes, name: bytes, size: int) -> bytes:
    """`archive` with the sizes of entry `name` declared as `size` in both headers."""
    patched = bytearray(archive)
    local = patched.find(b"PK\x03\x04")
    struct.pack_into("<I", patched, local + 22, size)
    central = patched.find(b"PK\x01\x02")
    assert patched[central + 46 : central + 46 + len(name)] == name
    struct.pack_into("<I", patched, central + 24, size)
    return bytes(patched)


def test_entry_holding_more_than_it_declares_is_corrupt_not_inflated() -> None:
    archive = data.zip_with_entries([("big.xml", b"<a>" + b" " * 50_000_000 + b"</a>")])
    archive = lying(archive, b"big.xml", 1000)
    error, seconds = timed(lambda: read_invoices(archive))
    print(f"entry declaring 1 KB, holding 50 MB: {seconds * 1000:.1f} ms")
    assert isinstance(error, FatturaPAError)
    assert [(skip.file, skip.kind) for skip in error.skipped] == [("big.xml", "corrupt")]


def test_entity_bomb_is_refused_fast() -> None:
    error, seconds = timed(lambda: read_invoices(data.entity_bomb(), name="lol.xml"))
    print(f"billion laughs: {seconds * 1000:.1f} ms")
    assert isinstance(error, FatturaPAError)
    assert [(skip.file, skip.kind) for skip in error.skipped] == [("lol.xml", "unsafe_xml")]


def test_xml_of_tiny_elements_over_the_work_bound_is_refused() -> None:
    tiny = b"<p:FatturaElettronica xmlns:p='x'>" + b"<a/>" * 2_000_000 + b"</p:FatturaElettronica>"
    archive = data.zip_with_entries([("tiny.xml", tiny)])
    error, seconds = timed(lambda: read_invoices(archive))
    print(f"8 MB of <a/> in {len(archive) / 1e3:.0f} KB: {seconds * 1000:.1f} ms")
    assert isinstance(error, FatturaPAError)
    assert [issue.kind for issue in error.issues] == ["too_much_markup"]


def test_encrypted_and_oversized_entries_are_skipped() -> None:
    archive = bytearray(
        data.zip_with_entries([("secret.xml", data.invoice_xml(PLAIN)), ("ok.xml", b"x")])
    )
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        position = archive.find(signature)
        archive[position + offset] |= 0x1  # the "encrypted" flag of the first entry
    with pytest.raises(FatturaPAError) as error:
        read_invoices(bytes(archive))
    assert {(skip.file, skip.kind) for skip in error.value.skipped} == {
        ("secret.xml", "encrypted"),
        ("ok.xml", "not_invoice"),
    }
    big = b"<p:FatturaElettronica xmlns:p='x'>" + b" " * (9 * 1024 * 1024)
    with pytest.raises(FatturaPAError) as error:
        read_invoices(data.zip_with_entries([("big.xml", big)]))
    assert [skip.kind for skip in error.value.skipped] == ["too_large"]


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (b"", "empty"),
        (b"PK\x03\x04 not really a zip", "archive_bad"),
        (b"x" * 2000, "too_large"),
    ],
)
def test_unusable_uploads_raise_one_issue(content: bytes, kind: str) -> None:
    with pytest.raises(FatturaPAError) as error:
        read_invoices(content, max_bytes=1000)
    assert [issue.kind for issue in error.value.issues] == [kind]


def test_upload_without_any_invoice_lists_why() -> None:
    with pytest.raises(FatturaPAError) as error:
        read_invoices(data.corrupt_invoice(data.invoice_xml(PLAIN)), name="cut.xml")
    assert [issue.kind for issue in error.value.issues] == ["no_invoices"]
    assert [(skip.file, skip.kind) for skip in error.value.skipped] == [("cut.xml", "corrupt")]


# --- recognising ------------------------------------------------------------------------------


def test_invoices_and_archives_are_recognised_from_their_content(signer: Signer) -> None:
    xml = data.invoice_xml(PLAIN)
    der = signer.sign(xml)
    assert is_fatturapa(xml)
    assert is_fatturapa(b"\xef\xbb\xbf" + xml)
    assert is_fatturapa(der)
    assert is_fatturapa(data.base64_p7m(der))
    assert is_fatturapa(data.base64_p7m(der, pem=True))
    assert is_fatturapa(data.zip_with_entries([("x.bin.xml", xml)]))
    assert is_fatturapa(data.zip_with_entries([("readme.txt", b"hi"), ("a.xml.p7m", der)]))
    assert is_fatturapa(acceptance_zip(signer))
    assert is_fatturapa(data.zip_with_entries([("README", b"hi"), ("0001", der)]))


@pytest.mark.parametrize(
    "content",
    [
        b"Cliente;Data;Importo\nRossi;31/01/2023;10\n",
        b"<?xml version='1.0'?><catalogue/>",
        data.not_invoice_xml(),
        b"\x30\x82\x01\x00" + b"\x00" * 300,
        b"MIIB" + b"A" * 300,
        data.zip_with_entries(
            [("xl/workbook.xml", b"<workbook/>"), ("[Content_Types].xml", b"<T/>")]
        ),
        b"",
    ],
)
def test_other_files_are_not_recognised(content: bytes) -> None:
    assert not is_fatturapa(content)


def test_short_id_hides_most_of_a_tax_code() -> None:
    assert short_id("VRDMRA80A01H501U") == "…501U"
    assert short_id("DE123456789") == "DE…6789"


# --- the generator checked by a38 -------------------------------------------------------------


def test_generated_invoices_pass_a38_validation() -> None:
    pytest.importorskip("a38")
    for made in [*GOOD, *data.Population(customers=20).invoices(40)]:
        assert data.a38_errors(data.invoice_xml(made)) == []


# --- properties -------------------------------------------------------------------------------


@settings(max_examples=25, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), count=st.integers(1, 60))
def test_any_archive_of_generated_invoices_totals_its_inputs(seed: int, count: int) -> None:
    files = data.Population(seed=seed, customers=30).invoices(count)
    found = read_invoices(data.archive(files))
    want = expected(files)
    assert rows(found) == want
    total = sum((amount for _, _, amount, _ in want), Decimal(0))
    assert Decimal(str(round(float(found.frame["amount"].sum()), 2))) == total
    assert found.frame["customer_id"].nunique() == len({row[0] for row in want})


def test_stored_zip_is_read_like_a_deflated_one() -> None:
    files = data.Population(customers=5).invoices(10)
    entries = [(data.file_name(made), data.invoice_xml(made)) for made in files]
    stored = read_invoices(data.zip_with_entries(entries, stored=True))
    assert rows(stored) == expected(files)
    assert zipfile.is_zipfile(io.BytesIO(data.archive(files)))


def test_bodies_in_another_currency_are_counted_and_unreadable_ones_left_out() -> None:
    dollars = Body(date=DAY, number="2", taxable=((Decimal(0), Decimal("10.00")),), currency="USD")
    good = invoice(COMPANY, one(number="1"), dollars)
    bad_date = data.invoice_xml(invoice(PERSON, one(number="3"), sequence=2)).replace(
        b"<Data>2024-03-15</Data>", b"<Data>15/03/2024</Data>"
    )
    found = read_invoices(
        data.zip_with_entries([("good.xml", data.invoice_xml(good)), ("bad.xml", bad_date)])
    )
    assert rows(found) == expected([good])
    assert found.currencies == (("USD", 1),)
    assert found.bad_bodies == 1 and found.bodies == 3
