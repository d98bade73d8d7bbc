"""Reading an archive of FatturaPA e-invoices as transactions: one row per invoice body.

Every Italian business has issued its invoices as FatturaPA XML through the Sistema di
Interscambio (SdI) since 2019, and can download them all at once as a zip of ``.xml`` and
signed ``.xml.p7m`` files. `read_invoices` turns such an archive (or one file) into the
transactions `calculators.cohorts` analyses: customer, date, amount.

What is read (FatturaPA 1.2, ``FPR12`` and ``FPA12``):

- customer: the buyer (``CessionarioCommittente``) by VAT number, ``IdPaese`` + ``IdCodice``
  of ``IdFiscaleIVA`` (``IT01234567890``, ``DE123456789``), else by tax code
  (``CodiceFiscale``, private customers). An id made only of 0s or 9s is the placeholder some
  software writes for a foreign private customer: the name then tells customers apart
  (``DE-HANS MULLER``). Name: ``Denominazione``, else ``Nome Cognome``.
- date: the document's ``Data`` (``DatiGeneraliDocumento``).
- amount: the taxable amount, VAT excluded: the sum of the body's ``ImponibileImporto``
  (one per VAT rate and nature in ``DatiRiepilogo``, the non-taxable natures N1-N7
  included), in the document's currency (``Divisa``; bodies not in euro are counted in
  `InvoiceArchive.currencies`). A sale's amount keeps the sign written (a TD01 with a
  negative total stays negative); a credit note's is -abs(sum).
- seller: the ``CedentePrestatore`` (``IdPaese`` + ``IdCodice``). An archive downloaded from
  the Agenzia's portal may hold invoices received as well as issued: the seller with the most
  invoices is used unless one is chosen, and every seller is listed.

Document types (``TipoDocumento``, table 2.1.1.1 of the Agenzia delle Entrate's "Specifiche
tecniche" 1.8/1.9) and what each is here:

====  ==========================================================  =============================
type  document                                                    counted as
====  ==========================================================  =============================
TD01  fattura                                                     sale (+)
TD02  acconto/anticipo su fattura                                 sale (+): an advance invoiced
TD03  acconto/anticipo su parcella                                sale (+)
TD04  nota di credito                                             refund: -abs(sum), whatever
                                                                  sign the software wrote
TD05  nota di debito                                              sale (+)
TD06  parcella                                                    sale (+)
TD24  fattura differita (art. 21 c. 4 lett. a: goods with DDT)    sale (+)
TD25  fattura differita (art. 21 c. 4 lett. b: triangulations)    sale (+)
TD16  integrazione fattura reverse charge interno                 not a sale: the buyer
TD17  integrazione/autofattura acquisto servizi dall'estero       integrates VAT on its own
TD18  integrazione acquisto beni intracomunitari                  purchase (the "seller" in the
TD19  integrazione/autofattura beni ex art. 17 c. 2               file is its supplier)
TD20  autofattura per regolarizzazione/integrazione               not a sale: a buyer's
                                                                  self-invoice for a purchase
TD21  autofattura per splafonamento                               not a sale: VAT on purchases
                                                                  over the exporter's plafond
TD22  estrazione beni da deposito IVA                             not a sale: the extractor
TD23  estrazione beni da deposito IVA con versamento IVA          pays the VAT on goods it owns
TD26  cessione beni ammortizzabili / passaggi interni             not counted: an asset sold or
                                                                  moved between activities,
                                                                  not a customer's purchase
TD27  autoconsumo / cessioni gratuite senza rivalsa               not a sale: nothing is paid
TD28  acquisti da San Marino con IVA (fattura cartacea)           not a sale: a purchase
TD29  comunicazione per omessa/irregolare fatturazione (2025)     not a sale: a purchase
====  ==========================================================  =============================

Types TD07-TD09 are the simplified invoice (``FatturaElettronicaSemplificata``, ``FSM10``), a
format of its own: such files are listed as ``unsupported``. Bodies of the types not counted,
and of unknown types, are listed by type in `InvoiceArchive.excluded`.

Safety (an upload is untrusted; nothing is written to disk, signatures are **not** verified):

- zip: the end-of-directory record is read before `zipfile` parses the directory (at most
  `MAX_ZIP_ENTRIES` entries); the declared sizes together may expand to at most
  `MAX_EXPANSION_RATIO` times the upload plus `EXPANSION_FLOOR_BYTES`, never more than
  `MAX_EXPANDED_BYTES` (as `calculators.spreadsheets`), each entry to `MAX_ENTRY_BYTES`;
  an entry is inflated here, in memory, up to its declared size only, and its CRC checked.
  Entries with absolute or ``..`` paths, nested archives, encrypted entries and methods
  other than stored and deflated are skipped and listed; so is anything that is not a
  readable invoice, never fatal for the other files.
- XML: a document with a ``<!DOCTYPE`` is refused before anything in it is expanded (the
  defusedxml rule ``forbid_dtd``: no entity, no external reference can exist without a
  DTD). In an ASCII-compatible encoding the bytes prove there is none; in any other, expat
  checks at C speed (`_refuse_dtd`). The tree is then built by the C parser. defusedxml's
  own parser was measured at 2.4 s for the 20,000 invoices of benchmarks/fatturapa.py and
  0.31 s per MB of small elements (its callbacks are Python), over the 0.2 s per MB bound;
  the C parser takes 0.9 s and 0.18 s. The invoice lines, which nothing here reads, are cut
  before parsing (`_without_lines`). The elements (start tags) of every file are counted
  before it is parsed, and an upload holding more than `ELEMENTS_PER_MB` per MB is refused:
  no shape of XML costs more than 0.2 s of CPU per MB (benchmarks/fatturapa.py: 0.12 to
  0.14 s per MB for real archives, at most 0.15 s for the hostile files).
- ``.p7m``: a CMS ``SignedData`` (CAdES) envelope, DER or base64 (with or without PEM armour),
  opened with asn1crypto; the signed content is the invoice.
- Buyers' tax codes are personal data: kept in the returned frame only, never logged.

>>> from calculators.fatturapa import document_sign
>>> document_sign("TD01"), document_sign("TD04"), document_sign("TD17")
(1, -1, 0)
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import io
import math
import re
import struct
import zipfile
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Literal
from xml.etree import ElementTree
from xml.parsers import expat

import numpy as np
import pandas as pd
from asn1crypto import cms  # type: ignore[import-untyped]

from calculators.issues import InputError

__all__ = [
    "DOCUMENT_TYPES",
    "ELEMENTS_PER_MB",
    "EXPANSION_FLOOR_BYTES",
    "MAX_ENTRY_BYTES",
    "MAX_EXPANDED_BYTES",
    "MAX_EXPANSION_RATIO",
    "MAX_FILE_BYTES",
    "MAX_ZIP_ENTRIES",
    "ArchiveIssue",
    "ArchiveIssueKind",
    "FatturaPAError",
    "InvoiceArchive",
    "Seller",
    "SkipKind",
    "SkippedFile",
    "document_sign",
    "is_fatturapa",
    "read_invoices",
    "short_id",
]

MB = 1024 * 1024
# The app's upload limit: `server.maxUploadSize = 50` (MB) in .streamlit/config.toml.
MAX_FILE_BYTES = 50 * MB
# Entries in a zip: a year of a shop's invoices is a few thousand files; the portal's bulk
# download holds at most a few thousand per request. The central directory is refused above
# MAX_CENTRAL_DIRECTORY_BYTES before `zipfile` parses it (50,000 names of 40 characters: 4 MB).
MAX_ZIP_ENTRIES = 50_000
MAX_CENTRAL_DIRECTORY_BYTES = 8 * MB
# One file: the SdI accepts invoices up to 5 MB (attachments included); a base64 .p7m of one
# is a third larger, plus the signature.
MAX_ENTRY_BYTES = 8 * MB
# What a zip's entries may expand to together (the rule of calculators.spreadsheets): at most
# MAX_EXPANSION_RATIO times the upload plus the floor, never more than MAX_EXPANDED_BYTES.
# Invoices expand 2 to 6 times (tests/data/fatturapa.py: 2.3); zip bombs about 1,000 times.
MAX_EXPANSION_RATIO = 30
EXPANSION_FLOOR_BYTES = 16 * MB
MAX_EXPANDED_BYTES = 512 * MB
# Elements (start tags, ``<`` not followed by ``/``) the XML of an upload may hold per MB of
# it (an upload under 1 MB counts as 1 MB), lines cut by `_without_lines` counting one each.
# The C parser builds an element in 0.5 to 0.8 µs whatever its size (its worst case, a file
# of ``<a/>``: 0.18 s per MB of XML), so this bounds the parsing to 0.2 s per MB of upload
# whatever the shape (benchmarks/fatturapa.py: 1 MB of ``<a/>`` in 0.17 s). Invoices as the
# SdI carries them hold 70,000 per MB of zip with a line each, 235,000 with 30 lines of which
# 95,000 remain once the lines are cut.
ELEMENTS_PER_MB = 200_000

DocumentSign = Literal[1, -1, 0]
# TipoDocumento → sign of the amount (0: not a sale to the buyer; see the module docstring).
DOCUMENT_TYPES: dict[str, DocumentSign] = {
    "TD01": 1,
    "TD02": 1,
    "TD03": 1,
    "TD04": -1,
    "TD05": 1,
    "TD06": 1,
    "TD24": 1,
    "TD25": 1,
    **dict.fromkeys(
        (
            "TD16",
            "TD17",
            "TD18",
            "TD19",
            "TD20",
            "TD21",
            "TD22",
            "TD23",
            "TD26",
            "TD27",
            "TD28",
            "TD29",
        ),
        0,
    ),
}

SkipKind = Literal[
    "corrupt",
    "not_invoice",
    "sdi_message",
    "unsupported",
    "too_large",
    "unsafe_path",
    "nested_zip",
    "encrypted",
    "unsafe_xml",
]
ArchiveIssueKind = Literal[
    "too_large",
    "empty",
    "archive_bad",
    "archive_too_large",
    "too_many_files",
    "too_much_markup",
    "no_invoices",
    "no_sales",
    "unknown_seller",
]

_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_ARCHIVE_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"\x1f\x8b", b"7z\xbc\xaf", b"Rar!")
_BOM = b"\xef\xbb\xbf"
_HEAD = 4096  # bytes looked at to recognise a file
_CANDIDATES = 8  # zip entries looked into by `is_fatturapa`
_INVOICE_ROOT = "FatturaElettronica"
_SIMPLIFIED_ROOT = "FatturaElettronicaSemplificata"
_VERSIONS = ("FPR12", "FPA12")
# Roots of the SdI's receipts and notices, and of the metadata file that comes with each
# invoice received (``..._MT_001.xml``): found in downloaded archives, not invoices.
_SDI_MESSAGES = frozenset(
    {
        "FileMetadati",
        "RicevutaConsegna",
        "NotificaMancataConsegna",
        "NotificaScarto",
        "NotificaEsito",
        "NotificaEsitoCommittente",
        "NotificaDecorrenzaTermini",
        "AttestazioneTrasmissioneFattura",
        "RicevutaImpossibilitaRecapito",
        "ScartoEsitoCommittente",
        "MetadatiInvioFile",
    }
)
# The first element's name, past the XML declaration, comments and processing instructions.
_FIRST_ELEMENT = re.compile(
    rb"\A(?:\s+|<\?.*?\?>|<!--.*?-->)*<(?!!)(?:[A-Za-z_][\w.\-]*:)?([A-Za-z_][\w.\-]*)", re.S
)
_DECLARED_ENCODING = re.compile(rb"<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._\-]+)")
_ASCII_ENCODINGS = frozenset(
    {b"utf-8", b"utf8", b"us-ascii", b"ascii", b"iso-8859-1", b"latin-1", b"latin1"}
    | {b"iso-8859-15", b"windows-1252", b"cp1252"}
)
_BASE64_TEXT = re.compile(rb"\A[A-Za-z0-9+/=\s]*\Z")
_PEM_LINE = re.compile(rb"-----[A-Z0-9 ]+-----")
_PLACEHOLDER_ID = re.compile(r"\A(?:0+|9+)\Z")


@dataclass(frozen=True)
class SkippedFile:
    """A file of the archive that was not read, and why (`kind`, for the page to translate).

    kind: ``corrupt`` (damaged XML, envelope or zip entry), ``not_invoice`` (another XML or
    another kind of file), ``sdi_message`` (an SdI receipt, notice or metadata file),
    ``unsupported`` (a simplified invoice, another FatturaPA version, a compression method
    other than deflate), ``too_large`` (over `MAX_ENTRY_BYTES`), ``unsafe_path`` (an absolute
    or ``..`` path), ``nested_zip`` (an archive inside the archive), ``encrypted`` (a
    password-protected entry), ``unsafe_xml`` (a DTD: entities or external references).
    file: the entry's name as the zip has it (show it as plain text).
    """

    file: str
    kind: SkipKind

    @property
    def subject(self) -> str:
        """The file the issue is about."""
        return self.file


@dataclass(frozen=True)
class ArchiveIssue:
    """Why nothing could be read, for the page to translate by `kind`.

    kind: ``too_large`` (the upload is over the limit; `value` = its size in MB, rounded up
    to 0.1), ``empty``, ``archive_bad`` (a damaged zip), ``archive_too_large`` (its entries
    would expand past the limit; `value` = MB declared), ``too_many_files`` (over
    `MAX_ZIP_ENTRIES`; `value` = that limit), ``too_much_markup`` (more XML than the work
    bound allows for the upload's size), ``no_invoices`` (no invoice body could be read; the
    error's `skipped` says why file by file), ``no_sales`` (the chosen seller's bodies are
    all documents not counted as sales, or unreadable; `subject` = the seller's id; the
    error's `sellers` lists the others to choose from), ``unknown_seller`` (the seller asked
    for is not in the archive; `subject` = that id).
    """

    kind: ArchiveIssueKind
    subject: str = ""
    value: float | None = None


class FatturaPAError(InputError[ArchiveIssue]):
    """An upload that yields no transactions.

    `skipped` lists the files left out, if any; `sellers` the sellers found, if any.
    """

    summary = "no invoices can be read"

    def __init__(
        self,
        issues: list[ArchiveIssue],
        skipped: tuple[SkippedFile, ...] = (),
        sellers: tuple[Seller, ...] = (),
    ) -> None:
        super().__init__(issues)
        self.skipped = skipped
        self.sellers = sellers


@dataclass(frozen=True)
class Seller:
    """A seller (``CedentePrestatore``) found in the archive: id, name, bodies it issued."""

    id: str
    name: str
    invoices: int


@dataclass(frozen=True)
class InvoiceArchive:
    """What `read_invoices` found.

    frame: one row per invoice body of the chosen seller counted as a sale, in archive order:
    ``customer_id`` (categorical: ``IT01234567890`` or the tax code), ``date``
    (``datetime64``, day), ``amount`` (float, VAT excluded, negative for credit notes),
    ``customer_name``, ``document_type`` (``TD01``...), ``seller_id``, ``number`` (the
    invoice's ``Numero``) and ``file`` (the entry's name; plain text for the page).
    customer_labels: customer id → "name (shortened id)", the name on their latest invoice.
    sellers: every seller found, most invoices first; seller: the one whose sales are in
    `frame`. files: files read as invoices; skipped: files left out, with why.
    bodies: invoice bodies of the chosen seller; excluded: (document type, bodies) not counted
    as sales (see the module docstring); bad_bodies: bodies of the seller without a readable
    customer, date or amount; duplicates: bodies met twice (same seller, type, number,
    date, customer and amount: an ``.xml`` and its ``.p7m``), counted once; currencies:
    (currency, bodies) of the rows in a currency other than EUR.
    """

    frame: pd.DataFrame = field(repr=False)
    customer_labels: dict[str, str] = field(repr=False)
    sellers: tuple[Seller, ...]
    seller: Seller
    files: int
    skipped: tuple[SkippedFile, ...] = ()
    bodies: int = 0
    excluded: tuple[tuple[str, int], ...] = ()
    bad_bodies: int = 0
    duplicates: int = 0
    currencies: tuple[tuple[str, int], ...] = ()


# --- small public helpers ---------------------------------------------------------------------


def document_sign(document_type: str) -> DocumentSign:
    """The sign an invoice body of this ``TipoDocumento`` gives its taxable amount.

    1 for a sale, -1 for a credit note (TD04: the amount becomes -abs(sum)), 0 for a document
    that is not a sale to the buyer (integrations, self-invoices; unknown types too).
    See the table in the module docstring.

    >>> document_sign("TD24"), document_sign("td04"), document_sign("TD99")
    (1, -1, 0)
    """
    return DOCUMENT_TYPES.get(document_type.strip().upper(), 0)


def short_id(customer_id: str) -> str:
    """A customer id shortened for display: country and last four characters.

    A VAT id keeps its two-letter country; a tax code (personal data) shows its last four
    characters only.

    >>> short_id("IT01234567890"), short_id("VRDMRA80A01H501U"), short_id("AB")
    ('IT…7890', '…501U', 'AB')
    """
    if len(customer_id) <= 6:
        return customer_id
    country = customer_id[:2] if customer_id[:2].isalpha() and customer_id[2:3].isdigit() else ""
    return f"{country}…{customer_id[-4:]}"


# --- recognising ------------------------------------------------------------------------------


def _root_name(head: bytes) -> str | None:
    """The local name of the first element of an XML text (its first bytes suffice)."""
    match = _FIRST_ELEMENT.match(head.removeprefix(_BOM))
    return match.group(1).decode("ascii") if match else None


def _unwrap_base64(data: bytes) -> bytes | None:
    """The bytes a base64 text encodes (PEM armour and whitespace allowed), else None."""
    text = _PEM_LINE.sub(b"", data)
    if not _BASE64_TEXT.match(text):
        return None
    try:
        return base64.b64decode(b"".join(text.split()), validate=True)
    except (binascii.Error, ValueError):
        return None


def _looks_base64(head: bytes) -> bool:
    text = _PEM_LINE.sub(b"", head[:_HEAD]).strip()
    return bool(text) and bool(_BASE64_TEXT.match(text)) and text[:1] == b"M"


def _head_is_invoice(head: bytes) -> bool:
    """Whether the first bytes of a file are those of a FatturaPA XML or .p7m."""
    if head[:1] == b"\x30":  # DER: SignedData holds the content before the certificates
        return re.search(rb"<(?:[A-Za-z_][\w.\-]*:)?FatturaElettronica[\s>]", head) is not None
    if _looks_base64(head):
        text = b"".join(_PEM_LINE.sub(b"", head).split())
        decoded = _unwrap_base64(text[: len(text) // 4 * 4])
        return decoded is not None and _head_is_invoice(decoded[:_HEAD])
    return _root_name(head) == _INVOICE_ROOT


def is_fatturapa(data: bytes) -> bool:
    """Whether `data` is a FatturaPA invoice or an archive of them, from its content.

    True for a FatturaPA ``.xml`` (root element ``FatturaElettronica``, any namespace
    prefix), a signed ``.p7m`` holding one (DER or base64), and a zip in which one of the
    first ``.xml``/``.p7m`` entries is one. Cheap: it looks at the first 4 KB, or at a zip's
    directory and the first 4 KB of at most 8 entries.

    >>> is_fatturapa(b'<?xml version="1.0"?><p:FatturaElettronica versione="FPR12"/>')
    True
    >>> is_fatturapa(b"<?xml version='1.0'?><workbook/>"), is_fatturapa(b"a;b\\n1;2\\n")
    (False, False)
    """
    if data[:4] not in _ZIP_MAGIC:
        return _head_is_invoice(data[:_HEAD])
    if _first_entry_is_invoice(data):
        return True  # without parsing the directory (0.1 s for 20,000 entries)
    try:
        entries, directory = _central_directory(data)
        if entries > MAX_ZIP_ENTRIES or directory > MAX_CENTRAL_DIRECTORY_BYTES:
            return False
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            readable = [
                info
                for info in archive.infolist()
                if not info.is_dir()
                and not info.flag_bits & 0x1
                and info.compress_type in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
            ]
            # Entries named as invoices first; the content decides.
            readable.sort(key=lambda info: not info.filename.lower().endswith((".xml", ".p7m")))
            for info in readable[:_CANDIDATES]:
                with archive.open(info) as entry:
                    if _head_is_invoice(entry.read(_HEAD)):
                        return True
    except Exception:  # a damaged zip is not recognised as an archive of invoices
        return False
    return False


def _first_entry_is_invoice(data: bytes) -> bool:
    """Whether the zip's first entry, read from its local header, starts as an invoice."""
    if len(data) < 30 or data[:4] != _ZIP_MAGIC[0]:
        return False
    flags, method = struct.unpack_from("<HH", data, 6)
    name_length, extra_length = struct.unpack_from("<HH", data, 26)
    start = 30 + name_length + extra_length
    raw = data[start : start + 16 * _HEAD]
    if flags & 0x1:
        return False
    if method == zipfile.ZIP_STORED:
        return _head_is_invoice(raw[:_HEAD])
    if method != zipfile.ZIP_DEFLATED:
        return False
    try:
        head = zlib.decompressobj(-zlib.MAX_WBITS).decompress(raw, _HEAD)
    except zlib.error:
        return False
    return _head_is_invoice(head)


# --- the zip ----------------------------------------------------------------------------------


def _mb(size: int) -> float:
    """Bytes as MB rounded up to 0.1, so that a size just over a limit never reads as equal."""
    return math.ceil(size / MB * 10) / 10


def _central_directory(data: bytes) -> tuple[int, int]:
    """Entries and size of the zip's central directory, as its end record declares."""
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 22 - 65_535))
    if end < 0 or end + 22 > len(data):
        raise FatturaPAError([ArchiveIssue("archive_bad")])
    entries, size = struct.unpack_from("<HI", data, end + 10)
    if entries == 0xFFFF or size == 0xFFFF_FFFF:  # ZIP64: the real figures are elsewhere
        locator = end - 20
        if locator < 0 or data[locator : locator + 4] != b"PK\x06\x07":
            raise FatturaPAError([ArchiveIssue("archive_bad")])
        (record,) = struct.unpack_from("<Q", data, locator + 8)
        if record + 56 > len(data) or data[record : record + 4] != b"PK\x06\x06":
            raise FatturaPAError([ArchiveIssue("archive_bad")])
        entries, size = struct.unpack_from("<QQ", data, record + 32)
    return int(entries), int(size)


def _unsafe_path(name: str) -> bool:
    parts = re.split(r"[/\\]", name)
    return name.startswith(("/", "\\")) or bool(re.match(r"[A-Za-z]:", name)) or ".." in parts


def _zip_entries(data: bytes) -> Iterator[tuple[str, bytes | SkipKind]]:
    """(name, content) of each entry, or (name, why it is skipped); raises for the whole zip."""
    entries, directory = _central_directory(data)
    if entries > MAX_ZIP_ENTRIES:
        raise FatturaPAError([ArchiveIssue("too_many_files", value=MAX_ZIP_ENTRIES)])
    if directory > MAX_CENTRAL_DIRECTORY_BYTES:
        raise FatturaPAError([ArchiveIssue("archive_bad")])
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except Exception:  # zipfile raises many kinds on a damaged directory
        raise FatturaPAError([ArchiveIssue("archive_bad")]) from None
    if len(infos) > MAX_ZIP_ENTRIES:
        raise FatturaPAError([ArchiveIssue("too_many_files", value=MAX_ZIP_ENTRIES)])
    declared = sum(info.file_size for info in infos)
    limit = min(MAX_EXPANDED_BYTES, MAX_EXPANSION_RATIO * len(data) + EXPANSION_FLOOR_BYTES)
    if declared > limit:
        raise FatturaPAError([ArchiveIssue("archive_too_large", value=_mb(declared))])
    with archive:
        for info in infos:
            name = info.filename
            if info.is_dir() or name.startswith("__MACOSX/"):
                continue  # folders, and the resource forks macOS adds to its zips
            if _unsafe_path(name):
                yield name, "unsafe_path"
            elif info.flag_bits & 0x1:
                yield name, "encrypted"
            elif info.file_size > MAX_ENTRY_BYTES:
                yield name, "too_large"
            elif info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                # bzip2 and lzma inflate at a few MB/s: the work bound allows deflate only
                yield name, "unsupported"
            else:
                yield name, _inflate(data, info)


def _inflate(data: bytes, info: zipfile.ZipInfo) -> bytes | SkipKind:
    """An entry's content, inflated here up to its declared size and checked against its CRC.

    Read from the raw bytes rather than through `zipfile.ZipFile.open` (a third of the time
    of reading 20,000 small entries); output past the declared size is never produced.
    """
    header = data[info.header_offset : info.header_offset + 30]
    if len(header) < 30 or header[:4] != _ZIP_MAGIC[0]:
        return "corrupt"
    name_length, extra_length = struct.unpack_from("<HH", header, 26)
    start = info.header_offset + 30 + name_length + extra_length
    raw = data[start : start + info.compress_size]
    if len(raw) < info.compress_size:
        return "corrupt"
    if info.compress_type == zipfile.ZIP_STORED:
        content = raw
    else:
        try:
            content = zlib.decompressobj(-zlib.MAX_WBITS).decompress(raw, info.file_size + 1)
        except zlib.error:
            return "corrupt"
    if len(content) != info.file_size or zlib.crc32(content) != info.CRC:
        return "corrupt"
    return content


# --- one file ---------------------------------------------------------------------------------


class _Skip(Exception):
    def __init__(self, kind: SkipKind) -> None:
        super().__init__(kind)
        self.kind: SkipKind = kind


def _signed_content(envelope: bytes) -> bytes:
    """The content a CMS SignedData envelope (DER) carries; the signature is not checked."""
    try:
        info = cms.ContentInfo.load(envelope)
        if info["content_type"].native != "signed_data":
            raise _Skip("not_invoice")
        content = info["content"]["encap_content_info"]["content"]
        payload = content.native if content is not None else None
    except _Skip:
        raise
    except Exception:  # asn1crypto raises ValueError, TypeError... on damaged DER
        raise _Skip("corrupt") from None
    if not isinstance(payload, bytes):
        raise _Skip("corrupt")
    return payload


def _refuse_dtd(xml: bytes) -> None:
    """Refuse any DTD, as defusedxml's ``forbid_dtd``: expat stops at ``<!DOCTYPE``.

    No element handler is set: expat checks the whole document at C speed, and whatever it
    accepts has no entity and no external reference for the tree builder to expand.
    """

    def forbid(*_: object) -> Any:
        raise _Skip("unsafe_xml")

    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = forbid
    parser.EntityDeclHandler = forbid
    parser.ExternalEntityRefHandler = forbid
    try:
        parser.Parse(xml, True)
    except expat.ExpatError:
        raise _Skip("corrupt") from None


def _maybe_xml(content: bytes) -> bool:
    """Whether a file may be XML: it starts with ``<`` (past a BOM and spaces), or is UTF-16/32."""
    start = content[:_HEAD].removeprefix(_BOM).lstrip()
    return start[:1] == b"<" or content[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in start[:4]


def _may_have_dtd(xml: bytes) -> bool:
    """False only when the bytes prove that the document has no DTD.

    In an encoding where ASCII characters are ASCII bytes, a DTD starts with the bytes
    ``<!DOCTYPE`` (XML is case-sensitive and allows no space in it). Any other encoding
    (a byte-order mark, a declaration naming another one) is checked by expat.
    """
    if b"<!DOCTYPE" in xml or xml[:2] in (b"\xff\xfe", b"\xfe\xff") or xml[:1] == b"\x00":
        return True
    declaration = _DECLARED_ENCODING.match(xml.removeprefix(_BOM))
    return declaration is not None and declaration.group(1).lower() not in _ASCII_ENCODINGS


_LINE_START = b"<DettaglioLinee>"
_LINE_END = b"</DettaglioLinee>"


def _without_lines(xml: bytes) -> tuple[bytes, int]:
    """The document without its ``DettaglioLinee`` elements, and how many were cut.

    The lines (seven elements each, thirty an invoice in some trades) are most of an invoice
    and nothing here reads them: the taxable amounts are in ``DatiRiepilogo``. Cutting them
    from the bytes halves the parsing of invoices with many lines. Only for documents in an
    ASCII-compatible encoding without a DTD (`_may_have_dtd`); each cut is found with
    `bytes.find` from where the last ended, so the work is linear whatever the content. A cut
    that breaks the document (a comment holding the closing tag) makes it unreadable, never
    unsafe.
    """
    parts = []
    position = 0
    while (start := xml.find(_LINE_START, position)) >= 0:
        end = xml.find(_LINE_END, start)
        if end < 0:
            break
        parts.append(xml[position:start])
        position = end + len(_LINE_END)
    if not parts:
        return xml, 0
    parts.append(xml[position:])
    return b"".join(parts), len(parts) - 1


def _invoice_xml(content: bytes) -> bytes:
    """The invoice's XML in a file: itself, or the content of a .p7m (DER or base64)."""
    head = content[:_HEAD]
    if head[:4] in _ARCHIVE_MAGIC or head[:4] == b"\x1f\x8b\x08\x00":
        raise _Skip("nested_zip")
    if head[:1] == b"\x30":
        return _signed_content(content)
    if _looks_base64(head):
        decoded = _unwrap_base64(content)
        if decoded is None:
            raise _Skip("corrupt")
        return _signed_content(decoded)
    return content


@dataclass
class _Body:
    seller_id: str
    seller_name: str
    customer_id: str | None
    customer_name: str
    document_type: str
    currency: str
    date: dt.date | None
    number: str
    amount: float | None
    file: str


def _child(element: ElementTree.Element | None, *tags: str) -> ElementTree.Element | None:
    """The element at the path of `tags` (one tag at a time: the C fast path of `find`)."""
    for tag in tags:
        if element is None:
            return None
        element = element.find(tag)
    return element


def _text(element: ElementTree.Element | None, *tags: str) -> str:
    found = _child(element, *tags)
    return (found.text or "").strip() if found is not None else ""


def _name(registry: ElementTree.Element | None) -> str:
    registry = _child(registry, "Anagrafica")
    name = _text(registry, "Denominazione")
    if not name:
        name = " ".join(
            part for part in (_text(registry, "Nome"), _text(registry, "Cognome")) if part
        )
    return " ".join(name.split())


def _party_id(registry: ElementTree.Element | None, name: str) -> str | None:
    vat = _child(registry, "IdFiscaleIVA")
    country = _text(vat, "IdPaese").upper()
    code = "".join(_text(vat, "IdCodice").split()).upper()
    tax_code = "".join(_text(registry, "CodiceFiscale").split()).upper()
    if code and not _PLACEHOLDER_ID.match(code):
        return f"{country}{code}"
    if tax_code and not _PLACEHOLDER_ID.match(tax_code):
        return tax_code
    if (code or tax_code) and name:  # a foreign private customer's placeholder id
        return f"{country or 'XX'}-{name.upper()}"
    return None


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None


def _amount(body: ElementTree.Element) -> float | None:
    services = body.find("DatiBeniServizi")
    summaries = services.findall("DatiRiepilogo") if services is not None else []
    if not summaries:
        return None
    try:
        total = math.fsum(float(_text(summary, "ImponibileImporto")) for summary in summaries)
    except ValueError:  # a summary without a taxable amount, or not a number
        return None
    return round(total, 2) if math.isfinite(total) else None


def _strip_namespaces(root: ElementTree.Element) -> None:
    """Element names without namespace, for the rare file that qualifies every element."""
    for element in root.iter():
        if element.tag.startswith("{"):
            element.tag = element.tag.split("}", 1)[1]


class _Budget:
    """The elements the upload may still have parsed (`ELEMENTS_PER_MB`), spent file by file."""

    def __init__(self, upload_bytes: int) -> None:
        self.left = ELEMENTS_PER_MB * max(1.0, upload_bytes / MB)

    def spend(self, elements: int) -> None:
        self.left -= elements
        if self.left < 0:
            raise FatturaPAError([ArchiveIssue("too_much_markup")])


def _start_tags(xml: bytes) -> int:
    """Elements (and comments, declarations) of a document: ``<`` not followed by ``/``."""
    return xml.count(b"<") - xml.count(b"</")


def _bodies(xml: bytes, file: str, budget: _Budget) -> list[_Body]:
    """The invoice bodies of one FatturaPA XML document."""
    root_name = _root_name(xml[:_HEAD])
    if root_name in _SDI_MESSAGES:
        raise _Skip("sdi_message")
    if root_name == _SIMPLIFIED_ROOT:
        raise _Skip("unsupported")
    if root_name is not None and root_name != _INVOICE_ROOT:
        raise _Skip("not_invoice")
    if root_name is None and not _maybe_xml(xml):
        raise _Skip("not_invoice")
    # Otherwise an invoice, or not recognisable from its first bytes (a long comment, another
    # encoding): parsed, and judged by its root then.
    if _may_have_dtd(xml):
        budget.spend(_start_tags(xml))
        _refuse_dtd(xml)
    else:
        budget.spend(xml.count(_LINE_START))
        xml, _ = _without_lines(xml)
        budget.spend(_start_tags(xml))
    try:
        root = ElementTree.fromstring(xml)
    except ElementTree.ParseError:
        raise _Skip("corrupt") from None
    local = root.tag.rsplit("}", 1)[-1]
    if local in _SDI_MESSAGES:
        raise _Skip("sdi_message")
    if local != _INVOICE_ROOT:
        raise _Skip("unsupported" if local == _SIMPLIFIED_ROOT else "not_invoice")
    if root.get("versione", "").strip().upper() not in _VERSIONS:
        raise _Skip("unsupported")
    header = root.find("FatturaElettronicaHeader")
    if header is None:
        if root.find("{*}FatturaElettronicaHeader") is None:
            raise _Skip("corrupt")
        _strip_namespaces(root)
        header = root.find("FatturaElettronicaHeader")
        assert header is not None  # found above with its namespace
    seller = _child(header, "CedentePrestatore", "DatiAnagrafici")
    buyer = _child(header, "CessionarioCommittente", "DatiAnagrafici")
    seller_name = _name(seller)
    seller_id = _party_id(seller, seller_name) or ""
    customer_name = _name(buyer)
    customer_id = _party_id(buyer, customer_name)
    bodies = []
    for body in root.findall("FatturaElettronicaBody"):
        general = _child(body, "DatiGenerali", "DatiGeneraliDocumento")
        bodies.append(
            _Body(
                seller_id=seller_id,
                seller_name=seller_name,
                customer_id=customer_id,
                customer_name=customer_name,
                document_type=_text(general, "TipoDocumento").upper(),
                currency=_text(general, "Divisa").upper() or "EUR",
                date=_date(_text(general, "Data")),
                number=_text(general, "Numero"),
                amount=_amount(body),
                file=file,
            )
        )
    if not bodies:
        raise _Skip("corrupt")
    return bodies


# --- the archive ------------------------------------------------------------------------------


def _files(data: bytes, name: str) -> Iterator[tuple[str, bytes | SkipKind]]:
    if data[:4] in _ZIP_MAGIC:
        yield from _zip_entries(data)
    elif len(data) > MAX_ENTRY_BYTES:
        yield name, "too_large"
    else:
        yield name, data


def _choose_seller(bodies: list[_Body], seller: str | None) -> tuple[tuple[Seller, ...], Seller]:
    counts = Counter(body.seller_id for body in bodies)
    names: dict[str, str] = {}
    for body in bodies:
        names.setdefault(body.seller_id, body.seller_name)
    sellers = tuple(
        Seller(id=seller_id, name=names[seller_id], invoices=count)
        for seller_id, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    )
    if seller is None:
        return sellers, sellers[0]
    wanted = "".join(seller.split()).upper()
    for candidate in sellers:
        if candidate.id == wanted:
            return sellers, candidate
    raise FatturaPAError([ArchiveIssue("unknown_seller", subject=seller)], sellers=sellers)


def read_invoices(
    data: bytes, *, max_bytes: int = MAX_FILE_BYTES, seller: str | None = None, name: str = ""
) -> InvoiceArchive:
    """Read a zip of FatturaPA invoices (or one ``.xml`` / ``.xml.p7m``) as transactions.

    One row per invoice body counted as a sale (`DOCUMENT_TYPES`) of the chosen seller:
    customer (``IdPaese`` + ``IdCodice``, else ``CodiceFiscale``), date (``Data``) and
    amount = sum of ``ImponibileImporto`` (euro or the document's currency, VAT excluded),
    -abs(sum) for a credit note (TD04). Files that are not readable invoices are skipped and
    listed, never fatal for the others; the same body met twice counts once. Signatures of
    ``.p7m`` files are not verified. See the module docstring for the limits.

    Parameters
    ----------
    data : bytes
        The upload (at most `max_bytes`).
    max_bytes : int, optional
        The largest upload accepted (bytes); default `MAX_FILE_BYTES` (50 MB).
    seller : str, optional
        The seller's id (``IT01234567890``) whose sales to read; default the seller with the
        most invoice bodies in the archive.
    name : str, optional
        The file's name, for a single invoice (a zip's entries have their own).

    Returns
    -------
    InvoiceArchive
        The transactions (``customer_id``, ``date``, ``amount`` and more) and what was found.

    Raises
    ------
    FatturaPAError
        When the upload is too large, empty, a damaged zip, one that would expand past its
        limit or hold more markup than the work bound allows, no invoice body can be read
        (`skipped` then says why for each file), or `seller` is not in the archive.

    Examples
    --------
    >>> xml = (b'<p:FatturaElettronica versione="FPR12" xmlns:p="urn:x">'
    ...     b"<FatturaElettronicaHeader><CedentePrestatore><DatiAnagrafici><IdFiscaleIVA>"
    ...     b"<IdPaese>IT</IdPaese><IdCodice>01234567890</IdCodice></IdFiscaleIVA>"
    ...     b"<Anagrafica><Denominazione>Rossi Srl</Denominazione></Anagrafica>"
    ...     b"</DatiAnagrafici></CedentePrestatore><CessionarioCommittente><DatiAnagrafici>"
    ...     b"<CodiceFiscale>VRDMRA80A01H501U</CodiceFiscale><Anagrafica><Nome>Mario</Nome>"
    ...     b"<Cognome>Verdi</Cognome></Anagrafica></DatiAnagrafici></CessionarioCommittente>"
    ...     b"</FatturaElettronicaHeader><FatturaElettronicaBody><DatiGenerali>"
    ...     b"<DatiGeneraliDocumento><TipoDocumento>TD04</TipoDocumento><Divisa>EUR</Divisa>"
    ...     b"<Data>2024-03-01</Data><Numero>7</Numero></DatiGeneraliDocumento></DatiGenerali>"
    ...     b"<DatiBeniServizi><DatiRiepilogo><ImponibileImporto>80.00</ImponibileImporto>"
    ...     b"</DatiRiepilogo><DatiRiepilogo><ImponibileImporto>20.50</ImponibileImporto>"
    ...     b"</DatiRiepilogo></DatiBeniServizi></FatturaElettronicaBody>"
    ...     b"</p:FatturaElettronica>")
    >>> found = read_invoices(xml, name="IT01234567890_00001.xml")
    >>> row = found.frame.iloc[0]
    >>> row["customer_id"], str(row["date"].date()), float(row["amount"]), found.seller.name
    ('VRDMRA80A01H501U', '2024-03-01', -100.5, 'Rossi Srl')
    >>> found.customer_labels["VRDMRA80A01H501U"]
    'Mario Verdi (…501U)'
    """
    if max_bytes <= 0:
        raise ValueError(f"max_bytes must be positive, got {max_bytes}")
    if len(data) > max_bytes:
        raise FatturaPAError([ArchiveIssue("too_large", value=_mb(len(data)))])
    if not data.strip():
        raise FatturaPAError([ArchiveIssue("empty")])
    budget = _Budget(len(data))
    bodies: list[_Body] = []
    skipped: list[SkippedFile] = []
    files = 0
    for file, content in _files(data, name):
        if isinstance(content, str):
            skipped.append(SkippedFile(file, content))
            continue
        try:
            if len(content) > MAX_ENTRY_BYTES:
                raise _Skip("too_large")
            xml = _invoice_xml(content)
            if len(xml) > MAX_ENTRY_BYTES:
                raise _Skip("too_large")
            found = _bodies(xml, file, budget)
        except _Skip as skip:
            skipped.append(SkippedFile(file, skip.kind))
            continue
        files += 1
        bodies.extend(found)
    if not bodies:
        raise FatturaPAError([ArchiveIssue("no_invoices")], tuple(skipped))
    sellers, chosen = _choose_seller(bodies, seller)
    return _archive(bodies, sellers, chosen, files, tuple(skipped))


def _archive(
    bodies: list[_Body],
    sellers: tuple[Seller, ...],
    chosen: Seller,
    files: int,
    skipped: tuple[SkippedFile, ...],
) -> InvoiceArchive:
    """The chosen seller's sales as a frame, and the counts of what was left out."""
    excluded: Counter[str] = Counter()
    currencies: Counter[str] = Counter()
    seen: set[tuple[object, ...]] = set()
    rows: list[_Body] = []
    amounts: list[float] = []
    bad = duplicates = own = 0
    for body in bodies:
        if body.seller_id != chosen.id:
            continue
        own += 1
        # An .xml and its .p7m, or a file downloaded twice: the same document in every field.
        key = (body.document_type, body.number, body.date, body.customer_id, body.amount)
        if key in seen:
            duplicates += 1
            continue
        seen.add(key)
        sign = document_sign(body.document_type)
        if sign == 0:
            excluded[body.document_type or "?"] += 1
            continue
        if body.customer_id is None or body.date is None or body.amount is None:
            bad += 1
            continue
        if body.currency != "EUR":
            currencies[body.currency] += 1
        rows.append(body)
        amounts.append(-abs(body.amount) if sign < 0 else body.amount)
    if not rows:
        raise FatturaPAError([ArchiveIssue("no_sales", subject=chosen.id)], skipped, sellers)
    latest: dict[str, tuple[dt.date, str]] = {}
    for body in rows:
        assert body.customer_id is not None and body.date is not None  # checked above
        known = latest.get(body.customer_id)
        if known is None or body.date >= known[0]:
            latest[body.customer_id] = (body.date, body.customer_name)
    labels = {
        customer: f"{name} ({short_id(customer)})" if name else short_id(customer)
        for customer, (_, name) in latest.items()
    }
    frame = pd.DataFrame(
        {
            "customer_id": pd.Categorical([body.customer_id for body in rows]),
            "date": np.array([body.date for body in rows], dtype="datetime64[D]").astype(
                "datetime64[ns]"
            ),
            "amount": np.array(amounts, dtype=float),
            "customer_name": [body.customer_name for body in rows],
            "document_type": [body.document_type for body in rows],
            "seller_id": [body.seller_id for body in rows],
            "number": [body.number for body in rows],
            "file": [body.file for body in rows],
        }
    )
    return InvoiceArchive(
        frame=frame,
        customer_labels=labels,
        sellers=sellers,
        seller=chosen,
        files=files,
        skipped=skipped,
        bodies=own,
        excluded=tuple(sorted(excluded.items())),
        bad_bodies=bad,
        duplicates=duplicates,
        currencies=tuple(sorted(currencies.items())),
    )
