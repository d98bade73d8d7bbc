"""FatturaPA e-invoices for the tests and benchmarks, as bytes, deterministic.

    /work/venv/bin/python tests/data/fatturapa.py OUT.zip [--invoices 20000]

Invoices are described as data (`Party`, `Body`, `InvoiceFile`) and written as FatturaPA 1.2
XML (``FPR12``, the format between private parties) by `invoice_xml`, following the structure
of the Agenzia delle Entrate schema (``Schema_del_file_xml_FatturaPA_v1.2.2.xsd``) and the
rules of its "Specifiche tecniche" that the reader relies on: the header holds
``DatiTrasmissione`` (``IdTrasmittente``, ``ProgressivoInvio``, ``FormatoTrasmissione``,
``CodiceDestinatario``), the ``CedentePrestatore`` (``IdFiscaleIVA``, ``Anagrafica``,
``RegimeFiscale``, ``Sede``) and the ``CessionarioCommittente`` (``IdFiscaleIVA`` and/or
``CodiceFiscale``, ``Denominazione`` or ``Nome`` + ``Cognome``, ``Sede``); each body holds
``DatiGenerali/DatiGeneraliDocumento`` (``TipoDocumento``, ``Divisa``, ``Data``, ``Numero``)
and ``DatiBeniServizi`` with one ``DettaglioLinee`` and one ``DatiRiepilogo`` (``AliquotaIVA``,
``ImponibileImporto``, ``Imposta``, ``EsigibilitaIVA``) per VAT rate. Amounts have two decimals
(``Amount2DecimalType``); a foreign buyer has ``CodiceDestinatario`` ``XXXXXXX`` and CAP
``00000``; a private one ``0000000`` and a 16-character ``CodiceFiscale``. `a38_errors` checks
a file with a38's own model (its field validation included).

Signed files (``.xml.p7m``) are made by ``openssl cms -sign -nodetach -outform DER`` with a
throwaway self-signed certificate made in a temporary folder (`Signer`), and in base64 as some
software saves them (`base64_p7m`). Hostile files, built in memory: a zip bomb (`zip_bomb`), a
zip naming ``../`` paths (`zip_with_entries`), a nested zip, a "billion laughs" entity bomb
(`entity_bomb`), a corrupt invoice (`corrupt_invoice`) and an XML that is no invoice.

Expected results are computed from the descriptions (`expected_rows`), never from the XML.
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import io
import random
import shutil
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from xml.sax.saxutils import escape

NAMESPACE = "http://ivaservizi.agenziaentrate.gov.it/docs/xsd/fatture/v1.2"
SIGNATURE_NAMESPACE = "http://www.w3.org/2000/09/xmldsig#"
OPENSSL = shutil.which("openssl") or "/usr/bin/openssl"
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Party:
    """A seller or a buyer: a company (VAT number, name) or a private person (tax code)."""

    name: str = ""  # Denominazione
    vat: str | None = None  # IdCodice of IdFiscaleIVA
    country: str = "IT"  # IdPaese of IdFiscaleIVA, and the Sede's Nazione
    tax_code: str | None = None  # CodiceFiscale
    first_name: str = ""  # Nome, for a person without Denominazione
    last_name: str = ""  # Cognome

    @property
    def expected_id(self) -> str:
        """The customer id the reader should give: country + VAT number, else the tax code."""
        if self.vat is not None:
            return f"{self.country}{self.vat}"
        assert self.tax_code is not None
        return self.tax_code

    @property
    def expected_name(self) -> str:
        return self.name or f"{self.first_name} {self.last_name}"


@dataclass(frozen=True)
class Body:
    """One document (FatturaElettronicaBody): type, date, number, taxable amount by VAT rate."""

    date: dt.date
    number: str
    taxable: tuple[tuple[Decimal, Decimal], ...]  # (VAT rate %, ImponibileImporto)
    document_type: str = "TD01"
    currency: str = "EUR"


@dataclass(frozen=True)
class InvoiceFile:
    """One FatturaPA file: a seller, a buyer, one or more bodies (a "lotto" of invoices)."""

    seller: Party
    buyer: Party
    bodies: tuple[Body, ...]
    name: str = ""
    sequence: int = 1  # ProgressivoInvio
    prefix: str = "p"  # the namespace prefix of the root element ("" for a default namespace)


# --- writing ----------------------------------------------------------------------------------


def _amount(value: Decimal) -> str:
    return str(value.quantize(CENT))


def _tag(name: str, value: str) -> str:
    return f"<{name}>{escape(value)}</{name}>"


def _address(country: str) -> str:
    postcode = "00100" if country == "IT" else "00000"
    province = _tag("Provincia", "RM") if country == "IT" else ""
    return (
        "<Sede>"
        + _tag("Indirizzo", "Via Roma 1")
        + _tag("CAP", postcode)
        + _tag("Comune", "Roma" if country == "IT" else "Berlin")
        + province
        + _tag("Nazione", country)
        + "</Sede>"
    )


def _registry(party: Party) -> str:
    if party.name:
        return "<Anagrafica>" + _tag("Denominazione", party.name) + "</Anagrafica>"
    return (
        "<Anagrafica>"
        + _tag("Nome", party.first_name)
        + _tag("Cognome", party.last_name)
        + "</Anagrafica>"
    )


def _fiscal_ids(party: Party) -> str:
    text = ""
    if party.vat is not None:
        text += (
            "<IdFiscaleIVA>"
            + _tag("IdPaese", party.country)
            + _tag("IdCodice", party.vat)
            + "</IdFiscaleIVA>"
        )
    if party.tax_code is not None:
        text += _tag("CodiceFiscale", party.tax_code)
    return text


def _body(body: Body) -> str:
    """One body: a ``DettaglioLinee`` per taxable amount, a ``DatiRiepilogo`` per VAT rate."""
    lines = []
    by_rate: dict[Decimal, Decimal] = {}
    for number, (rate, taxable) in enumerate(body.taxable, start=1):
        nature = "" if rate else _tag("Natura", "N2.2")  # a 0% rate needs its reason
        lines.append(
            "<DettaglioLinee>"
            + _tag("NumeroLinea", str(number))
            + _tag("Descrizione", f"Servizio {number}")
            + _tag("PrezzoUnitario", _amount(taxable))
            + _tag("PrezzoTotale", _amount(taxable))
            + _tag("AliquotaIVA", _amount(rate))
            + nature
            + "</DettaglioLinee>"
        )
        by_rate[rate] = by_rate.get(rate, Decimal(0)) + taxable
    summaries = []
    for rate, taxable in by_rate.items():
        nature = "" if rate else _tag("Natura", "N2.2")
        tax = (taxable * rate / 100).quantize(CENT)
        summaries.append(
            "<DatiRiepilogo>"
            + _tag("AliquotaIVA", _amount(rate))
            + nature
            + _tag("ImponibileImporto", _amount(taxable))
            + _tag("Imposta", _amount(tax))
            + (_tag("EsigibilitaIVA", "I") if rate else "")
            + "</DatiRiepilogo>"
        )
    return (
        "<FatturaElettronicaBody><DatiGenerali><DatiGeneraliDocumento>"
        + _tag("TipoDocumento", body.document_type)
        + _tag("Divisa", body.currency)
        + _tag("Data", body.date.isoformat())
        + _tag("Numero", body.number)
        + "</DatiGeneraliDocumento></DatiGenerali><DatiBeniServizi>"
        + "".join(lines)
        + "".join(summaries)
        + "</DatiBeniServizi></FatturaElettronicaBody>"
    )


def invoice_xml(invoice: InvoiceFile) -> bytes:
    """The file as FatturaPA 1.2 XML (FPR12), UTF-8."""
    buyer = invoice.buyer
    if buyer.country != "IT":
        recipient = "XXXXXXX"
    elif buyer.vat is None:
        recipient = "0000000"
    else:
        recipient = "ABC1234"
    seller = invoice.seller
    root = f"{invoice.prefix}:FatturaElettronica" if invoice.prefix else "FatturaElettronica"
    namespace = f"xmlns:{invoice.prefix}" if invoice.prefix else "xmlns"
    text = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<{root} versione="FPR12" {namespace}="{NAMESPACE}" xmlns:ds="{SIGNATURE_NAMESPACE}">'
        "<FatturaElettronicaHeader><DatiTrasmissione><IdTrasmittente>"
        + _tag("IdPaese", "IT")
        + _tag("IdCodice", seller.vat or "00000000000")
        + "</IdTrasmittente>"
        + _tag("ProgressivoInvio", f"{invoice.sequence:05d}")
        + _tag("FormatoTrasmissione", "FPR12")
        + _tag("CodiceDestinatario", recipient)
        + "</DatiTrasmissione><CedentePrestatore><DatiAnagrafici>"
        + _fiscal_ids(seller)
        + _registry(seller)
        + _tag("RegimeFiscale", "RF01")
        + "</DatiAnagrafici>"
        + _address(seller.country)
        + "</CedentePrestatore><CessionarioCommittente><DatiAnagrafici>"
        + _fiscal_ids(buyer)
        + _registry(buyer)
        + "</DatiAnagrafici>"
        + _address(buyer.country)
        + "</CessionarioCommittente></FatturaElettronicaHeader>"
        + "".join(_body(body) for body in invoice.bodies)
        + f"</{root}>\n"
    )
    return text.encode("utf-8")


def a38_errors(xml: bytes) -> list[str]:
    """What a38's model finds wrong in the file (parsed with defusedxml), as text.

    Rule 00426 is left out: a38 asks for a ``PECDestinatario`` whenever ``CodiceDestinatario``
    is ``0000000``, the rule of specification 1.2 that later ones relaxed (an invoice to a
    private consumer has neither a PEC nor a code; the SdI delivers it to their tax drawer).
    """
    from a38.fattura import auto_from_etree  # type: ignore[import-untyped]
    from a38.validation import Validation  # type: ignore[import-untyped]
    from defusedxml import ElementTree  # type: ignore[import-untyped]

    invoice = auto_from_etree(ElementTree.fromstring(xml))
    validation = Validation()
    invoice.validate(validation)
    return [str(error) for error in validation.errors if error.code != "00426"]


# --- signed files -----------------------------------------------------------------------------


class Signer:
    """Signs files as ``.p7m`` (CAdES-like CMS, DER) with a throwaway self-signed certificate.

    Use as a context manager: the key and certificate live in a temporary folder removed at
    the end. The signatures are real but prove nothing (the reader does not verify them).
    """

    def __enter__(self) -> Signer:
        self._folder = tempfile.TemporaryDirectory(prefix="fatturapa-signer-")
        self.folder = Path(self._folder.name)
        subprocess.run(
            [
                OPENSSL,
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-subj",
                "/CN=test",
                "-days",
                "1",
                "-keyout",
                "key.pem",
                "-out",
                "cert.pem",
            ],
            cwd=self.folder,
            check=True,
            capture_output=True,
        )
        return self

    def __exit__(self, *exc: object) -> None:
        self._folder.cleanup()

    def sign(self, content: bytes) -> bytes:
        """`content` wrapped in a CMS SignedData envelope, DER (``openssl cms -sign -nodetach``)."""
        result = subprocess.run(
            [
                OPENSSL,
                "cms",
                "-sign",
                "-nodetach",
                "-binary",
                "-outform",
                "DER",
                "-signer",
                "cert.pem",
                "-inkey",
                "key.pem",
            ],
            cwd=self.folder,
            input=content,
            check=True,
            capture_output=True,
        )
        return result.stdout


def base64_p7m(der: bytes, *, pem: bool = False) -> bytes:
    """A DER envelope as base64 text, in 64-character lines (with PEM armour when `pem`)."""
    text = base64.b64encode(der).decode("ascii")
    lines = [text[start : start + 64] for start in range(0, len(text), 64)]
    if pem:
        lines = ["-----BEGIN PKCS7-----", *lines, "-----END PKCS7-----"]
    return ("\r\n".join(lines) + "\r\n").encode("ascii")


# --- archives and hostile files ---------------------------------------------------------------


def file_name(invoice: InvoiceFile, suffix: str = ".xml") -> str:
    """The name the SdI gives a file: sender's country and id, ``_``, a progressive code."""
    return invoice.name or f"IT{invoice.seller.vat}_{invoice.sequence:05d}{suffix}"


def zip_with_entries(entries: list[tuple[str, bytes]], *, stored: bool = False) -> bytes:
    """A zip holding `entries` (name, content), deflated unless `stored`."""
    buffer = io.BytesIO()
    method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, content in entries:
            archive.writestr(name, content)
    return buffer.getvalue()


def zip_bomb(expanded_mb: int = 1024) -> bytes:
    """A zip with one entry declaring and holding `expanded_mb` MB of spaces (≈1 MB per GB).

    Streamed into the zip in 1 MB pieces: the test never holds the expanded content.
    """
    buffer = io.BytesIO()
    piece = b" " * (1024 * 1024)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        info = zipfile.ZipInfo("IT01234567890_bomb.xml", date_time=(2024, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        with archive.open(info, "w", force_zip64=True) as entry:
            entry.write(b"<?xml version='1.0'?><p:FatturaElettronica xmlns:p='x'>")
            for _ in range(expanded_mb):
                entry.write(piece)
    return buffer.getvalue()


def entity_bomb(levels: int = 10) -> bytes:
    """A "billion laughs" XML whose root is a FatturaElettronica: 10^levels ``lol``s if expanded."""
    entities = ['<!ENTITY lol0 "lol">']
    for level in range(1, levels):
        refs = f"&lol{level - 1};" * 10
        entities.append(f'<!ENTITY lol{level} "{refs}">')
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE p:FatturaElettronica [\n'
        + "\n".join(entities)
        + f'\n]>\n<p:FatturaElettronica versione="FPR12" xmlns:p="{NAMESPACE}">'
        f"&lol{levels - 1};</p:FatturaElettronica>\n"
    ).encode()


def external_entity() -> bytes:
    """An XML invoice root that asks for a local file through an external entity."""
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE p:FatturaElettronica [\n'
        '<!ENTITY secret SYSTEM "file:///etc/passwd">\n]>\n'
        f'<p:FatturaElettronica versione="FPR12" xmlns:p="{NAMESPACE}">'
        "&secret;</p:FatturaElettronica>\n"
    ).encode()


def corrupt_invoice(xml: bytes) -> bytes:
    """An invoice cut in the middle (a truncated download)."""
    return xml[: len(xml) // 2]


def not_invoice_xml() -> bytes:
    """A well-formed XML file that is no invoice (an SdI receipt has another root)."""
    return (
        b'<?xml version="1.0" encoding="UTF-8"?>\n'
        b'<ns2:RicevutaConsegna xmlns:ns2="http://ivaservizi.agenziaentrate.gov.it/docs/xsd/'
        b'fatture/messaggi/v1.0" versione="1.0"><IdentificativoSdI>1</IdentificativoSdI>'
        b"</ns2:RicevutaConsegna>\n"
    )


# --- populations ------------------------------------------------------------------------------

SELLER = Party(name="Studio Rossi & Figli S.r.l.", vat="01234567890")
OTHER_SELLER = Party(name="Bianchi Forniture S.p.A.", vat="09876543210")
COMPANY = Party(name="Alfa <Costruzioni> S.r.l.", vat="11122233344")
PERSON = Party(first_name="Mario", last_name="Verdi", tax_code="VRDMRA80A01H501U")
FOREIGN = Party(name="Müller GmbH", vat="123456789", country="DE")


@dataclass
class Population:
    """Invoices drawn at random, reproducibly: `invoices(n)` files from `customers` buyers."""

    seed: int = 7
    customers: int = 500
    sellers: tuple[Party, ...] = (SELLER,)
    buyers: list[Party] = field(default_factory=list)

    def __post_init__(self) -> None:
        rng = random.Random(self.seed)
        for number in range(self.customers):
            kind = rng.random()
            if kind < 0.6:
                self.buyers.append(
                    Party(name=f"Cliente {number} S.r.l.", vat=f"{number + 1000:011d}")
                )
            elif kind < 0.9:
                code = f"PRSN{number:06d}A01H501Z"[:16]
                self.buyers.append(
                    Party(first_name=f"Nome{number}", last_name="Cognome", tax_code=code)
                )
            else:
                self.buyers.append(
                    Party(name=f"Kunde {number} GmbH", vat=f"{number + 1000:09d}", country="DE")
                )

    def invoices(self, count: int) -> list[InvoiceFile]:
        """`count` files, 1 in 20 a credit note, 1 in 50 with two bodies, dates 2019-2024."""
        rng = random.Random(self.seed + count)
        start = dt.date(2019, 1, 1)
        files = []
        for number in range(1, count + 1):
            bodies = []
            for part in range(2 if number % 50 == 0 else 1):
                rates = rng.sample([Decimal(22), Decimal(10), Decimal(4), Decimal(0)], 1 + part)
                taxable = tuple((rate, Decimal(rng.randint(100, 500_000)) / 100) for rate in rates)
                bodies.append(
                    Body(
                        date=start + dt.timedelta(days=rng.randrange(6 * 365)),
                        number=f"{number}/{part}",
                        taxable=taxable,
                        document_type="TD04" if number % 20 == 0 else "TD01",
                    )
                )
            files.append(
                InvoiceFile(
                    seller=self.sellers[number % len(self.sellers)],
                    buyer=rng.choice(self.buyers),
                    bodies=tuple(bodies),
                    sequence=number,
                )
            )
        return files


def archive(invoices: list[InvoiceFile]) -> bytes:
    """A zip of the files as XML, named as the SdI names them."""
    return zip_with_entries([(file_name(invoice), invoice_xml(invoice)) for invoice in invoices])


def expected_rows(invoices: list[InvoiceFile]) -> list[tuple[str, dt.date, Decimal, str]]:
    """(customer id, date, amount, document type) of every body, computed from the description.

    The amount is the sum of the taxable amounts, negative for a credit note (TD04).
    """
    rows = []
    for invoice in invoices:
        for body in invoice.bodies:
            total = sum((taxable for _, taxable in body.taxable), Decimal(0))
            if body.document_type == "TD04":
                total = -abs(total)
            rows.append((invoice.buyer.expected_id, body.date, total, body.document_type))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path)
    parser.add_argument("--invoices", type=int, default=20_000)
    arguments = parser.parse_args()
    arguments.output.write_bytes(archive(Population().invoices(arguments.invoices)))


if __name__ == "__main__":
    main()
