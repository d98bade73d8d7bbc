"""Text exports as owners' software writes them, made in memory for the tests.

Each export function returns an `Export`: the file's bytes and, independently, what was written
into it (cells as text, days as `datetime.date`, amounts in whole cents), so a test compares
what a reader found with what the file holds, never with another run of the code under test.
The writers (`write_date`, `write_amount`) use only Python's `strftime` and integer arithmetic.

- `cdnow_export`: columns separated by runs of spaces, ``YYYYMMDD`` dates, no header (the CDNOW
  sample: id, date, quantity, amount);
- `fixed_width_export`: aligned columns with a header, names with spaces, Italian amounts with
  space or ``'`` thousands, right-aligned;
- `visit_log`: ``date,id`` and no amount column;
- `ambiguous_dates_export`: every day and month 12 or less;
- `quoted_amounts_export`: ``,``-separated, quoted ``"1.500"`` amounts (thousands points);
- `excel_serial_export`: dates as Excel serial numbers (45292 = 2024-01-01);
- `compact_dmy_export`: ``DDMMYYYY`` dates.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

# Excel's "1900 date system": serial 45292 is 2024-01-01 (Microsoft's DATEVALUE documentation),
# i.e. days since 1899-12-30.
EXCEL_DAY_ZERO = dt.date(1899, 12, 30)
# strftime patterns of the date formats the reader knows, by the reader's ids.
STRFTIME = {
    "dmy_slash": "%d/%m/%Y",
    "ymd_dash": "%Y-%m-%d",
    "dmy_dash": "%d-%m-%Y",
    "dmy_dot": "%d.%m.%Y",
    "ymd_slash": "%Y/%m/%d",
    "mdy_slash": "%m/%d/%Y",
    "dmy_slash_short": "%d/%m/%y",
    "dmy_dash_short": "%d-%m-%y",
    "mdy_slash_short": "%m/%d/%y",
    "ymd_compact": "%Y%m%d",
    "dmy_compact": "%d%m%Y",
}
NAMES = (
    "Mario Rossi",
    "Bianchi Srl",
    "Luca De Santis",
    "Anna",
    "Ferramenta Verdi & C.",
    "Niccolò Bruni",
    "Sara Esposito",
    "Edilizia Moderna Snc",
)


@dataclass(frozen=True)
class Sale:
    """One row as written: the customer's text, the day, the amount in cents (None: no
    amount column), and the quantity (CDNOW only)."""

    customer: str
    day: dt.date
    cents: int | None
    quantity: int = 1


@dataclass(frozen=True)
class Export:
    """A file and what it holds.

    data: the bytes. header: the column names as written (empty: no header line).
    cells: each data row's cells as written, spaces trimmed. lines: the file's line number
    (from 1) of each data row. sales: the rows as values.
    """

    data: bytes
    header: tuple[str, ...]
    cells: tuple[tuple[str, ...], ...]
    lines: tuple[int, ...]
    sales: tuple[Sale, ...]

    @property
    def text(self) -> str:
        return self.data.decode("utf-8")


def write_date(day: dt.date, format_id: str) -> str:
    """`day` as the format writes it (``excel_serial``: the whole day count)."""
    if format_id == "excel_serial":
        return str((day - EXCEL_DAY_ZERO).days)
    return day.strftime(STRFTIME[format_id])


def write_amount(cents: int, *, decimal: str, thousands: str = "") -> str:
    """An amount in cents as text: ``123456`` → ``1.234,56`` (decimal ``,``, thousands ``.``)."""
    sign = "-" if cents < 0 else ""
    whole, rest = divmod(abs(cents), 100)
    digits = str(whole)
    groups = []
    while len(digits) > 3:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    groups.insert(0, digits)
    return f"{sign}{thousands.join(groups)}{decimal}{rest:02d}"


def _days(count: int, rng: random.Random, first: dt.date, last: dt.date) -> list[dt.date]:
    span = (last - first).days
    return sorted(first + dt.timedelta(days=rng.randint(0, span)) for _ in range(count))


def cdnow_export(rows: int = 40, *, seed: int = 1, blank_line_after: int | None = None) -> Export:
    """Space-aligned, no header: ``00001 19970101  1   11.77`` (id, date, quantity, amount)."""
    rng = random.Random(seed)
    days = _days(rows, rng, dt.date(1997, 1, 1), dt.date(1998, 6, 30))
    lines, cells, numbers, sales = [], [], [], []
    for row, day in enumerate(days):
        customer = f"{rng.randint(1, 23570):05d}"
        quantity = rng.randint(1, 12)
        cents = rng.randint(0, 99_999)
        line = f"{customer} {day:%Y%m%d} {quantity:2d} {cents / 100:7.2f}"
        written = (customer, f"{day:%Y%m%d}", str(quantity), f"{cents // 100}.{cents % 100:02d}")
        lines.append(line)
        numbers.append(len(lines))
        cells.append(written)
        sales.append(Sale(customer, day, cents, quantity))
        if blank_line_after is not None and row + 1 == blank_line_after:
            lines.append("")
    data = ("\n".join(lines) + "\n").encode("utf-8")
    return Export(data, (), tuple(cells), tuple(numbers), tuple(sales))


def fixed_width_export(
    rows: int = 30, *, thousands: str = " ", seed: int = 2, encoding: str = "utf-8"
) -> Export:
    """Aligned columns with a header; names hold spaces; amounts Italian and right-aligned::

    Codice    Cliente               Data          Importo
    C001      Mario Rossi           01/02/2024   1 234,50
    """
    rng = random.Random(seed)
    days = _days(rows, rng, dt.date(2021, 1, 1), dt.date(2024, 12, 31))
    header = ("Codice", "Cliente", "Data", "Importo")
    lines = [f"{header[0]:<10}{header[1]:<22}{header[2]:<13}{header[3]:<14}".rstrip()]
    cells, sales = [], []
    for number, day in enumerate(days, start=1):
        customer = f"C{rng.randint(1, 60):03d}"
        name = NAMES[(number * 7 + rng.randint(0, 3)) % len(NAMES)]
        # Magnitudes from cents to a million, so the thousands marks fall in different places.
        cents = rng.choice((rng.randint(1, 99_999), rng.randint(100_000, 9_999_999)))
        if number == 3:
            cents = 123_456_789  # 1 234 567,89: two thousands marks
        amount = write_amount(cents, decimal=",", thousands=thousands)
        lines.append(f"{customer:<10}{name:<22}{day:%d/%m/%Y}   {amount:>14}")
        cells.append((customer, name, f"{day:%d/%m/%Y}", amount))
        sales.append(Sale(customer, day, cents))
    data = ("\n".join(lines) + "\n").encode(encoding)
    numbers = tuple(range(2, rows + 2))
    return Export(data, header, tuple(cells), numbers, tuple(sales))


def _separated(
    header: tuple[str, ...], cells: list[tuple[str, ...]], sales: list[Sale], separator: str
) -> Export:
    def line(row: tuple[str, ...]) -> str:
        return separator.join(row)

    text = "\n".join([line(header), *(line(row) for row in cells)]) + "\n"
    numbers = tuple(range(2, len(cells) + 2))
    return Export(text.encode("utf-8"), header, tuple(cells), numbers, tuple(sales))


def visit_log(rows: int = 20, *, seed: int = 3) -> Export:
    """``date,id`` lines: a log of visits, no amounts."""
    rng = random.Random(seed)
    days = _days(rows, rng, dt.date(2022, 1, 1), dt.date(2024, 12, 31))
    sales = [Sale(str(rng.randint(1, 8)), day, None) for day in days]
    cells = [(f"{sale.day:%Y-%m-%d}", sale.customer) for sale in sales]
    return _separated(("date", "id"), cells, sales, ",")


def ambiguous_dates_export(rows: int = 15, *, seed: int = 4) -> Export:
    """``cliente;data;importo`` with every day and month 12 or less (``03/04/2024``): the
    dates read day first and month first alike. `Sale.day` is the day-first reading."""
    rng = random.Random(seed)
    sales = []
    for _ in range(rows):
        month, day = rng.randint(1, 12), rng.randint(1, 12)
        sales.append(Sale(f"C{rng.randint(1, 5)}", dt.date(2024, month, day), rng.randint(1, 9999)))
    sales[0] = Sale("C1", dt.date(2024, 2, 1), 1250)  # 01/02/2024: not the same day either way
    cells = [
        (s.customer, f"{s.day:%d/%m/%Y}", write_amount(s.cents or 0, decimal=",")) for s in sales
    ]
    return _separated(("cliente", "data", "importo"), cells, sales, ";")


def month_first(day: dt.date) -> dt.date:
    """The day `ambiguous_dates_export` wrote, read month first."""
    return dt.date(day.year, day.day, day.month)


def quoted_amounts_export(dates: str = "ymd_dash", *, seed: int = 5) -> Export:
    """``,``-separated with quoted amounts in whole euros, thousands marked with a point
    (``"1.500"``, ``"2.750"``, ``"300"``): only the dates' convention can tell 1,500 € from
    1.5 €. `Sale.cents` is the thousands reading."""
    rng = random.Random(seed)
    euros = [1500, 2750, 300, 12_300, 4_000, 950, 1_250]
    days = _days(len(euros), rng, dt.date(2023, 1, 1), dt.date(2024, 12, 31))
    # A day after the 12th, so the dates' own format is never in doubt.
    days[0] = dt.date(2023, 1, 25)
    sales = [
        Sale(f"C{n % 3}", day, euro * 100)
        for n, (day, euro) in enumerate(zip(days, euros, strict=True))
    ]
    cells = [
        (
            s.customer,
            write_date(s.day, dates),
            '"' + write_amount(s.cents or 0, decimal=",", thousands=".")[:-3] + '"',
        )
        for s in sales
    ]
    export = _separated(("cliente", "data", "importo"), cells, sales, ",")
    # The cells as a reader gives them: without the quotes.
    unquoted = tuple((c, d, a.strip('"')) for c, d, a in export.cells)
    return Export(export.data, export.header, unquoted, export.lines, export.sales)


def excel_serial_export(rows: int = 12, *, seed: int = 6) -> Export:
    """``cliente;data;importo`` with the dates as Excel serials (``45292``, one ``45293,5``:
    noon, the fraction Italian Excel writes with a comma)."""
    rng = random.Random(seed)
    days = _days(rows, rng, dt.date(2023, 1, 1), dt.date(2024, 12, 31))
    days[0] = dt.date(2024, 1, 1)
    sales = [Sale(f"C{rng.randint(1, 4)}", day, rng.randint(100, 99_999)) for day in days]
    cells = [
        (s.customer, write_date(s.day, "excel_serial"), write_amount(s.cents or 0, decimal=","))
        for s in sales
    ]
    cells[1] = (cells[1][0], cells[1][1] + ",5", cells[1][2])
    return _separated(("cliente", "data", "importo"), cells, sales, ";")


def compact_dmy_export(rows: int = 12, *, seed: int = 7) -> Export:
    """``cliente;data;importo`` with ``DDMMYYYY`` dates (``31012024``)."""
    rng = random.Random(seed)
    days = _days(rows, rng, dt.date(2020, 1, 1), dt.date(2024, 12, 31))
    days[0] = dt.date(2024, 1, 31)
    sales = [Sale(f"C{rng.randint(1, 4)}", day, rng.randint(100, 99_999)) for day in days]
    cells = [
        (s.customer, write_date(s.day, "dmy_compact"), write_amount(s.cents or 0, decimal=","))
        for s in sales
    ]
    return _separated(("cliente", "data", "importo"), cells, sales, ";")
