"""Writes the sample sales export and its English twin (run it again only to change them).

    /work/venv/bin/python tests/data/make_sample.py

- ``assets/sample_transactions.csv``: as an Italian shop's software exports it: ``;``-separated,
  decimal commas with thousands points (``1.234,50``), ``dd/mm/yyyy`` dates, Windows cp1252
  (accented names, ``€`` in a header), one credit note per refund (negative total).
- ``tests/data/sample_transactions_en.csv``: the same rows as an English export: ``,``-separated,
  ``1,234.50`` (quoted), US ``mm/dd/yyyy`` dates, UTF-8. Reading either must give the same
  transactions (tests/calculators/test_transactions.py).

The business is illustrative: a hardware shop with private and trade customers, already open
before the export starts (January 2019), exported in mid-June 2025. Each customer has their own
yearly chance of leaving, drawn from a Beta distribution (the sBG model's assumption), so the
cohorts' retention rises with tenure as in real data.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
ITALIAN = ROOT / "assets" / "sample_transactions.csv"
ENGLISH = ROOT / "tests" / "data" / "sample_transactions_en.csv"

SEED = 20190101
FIRST_YEAR, LAST_YEAR = 2019, 2025
EXPORT_DAY = dt.date(2025, 6, 14)
CUSTOMERS_BEFORE = 80  # already customers in January 2019
NEW_PER_YEAR = {2019: 34, 2020: 27, 2021: 36, 2022: 38, 2023: 40, 2024: 42, 2025: 20}
# Yearly churn probability ~ Beta(a, b): new customers leave often at first; the ones who were
# already customers in 2019 are the survivors of earlier years and leave less.
NEW_CHURN = (1.1, 2.0)
OLD_CHURN = (0.9, 5.0)
TRADE_SHARE = 0.12  # trade customers: fewer, larger invoices
CREDIT_NOTES = 4

FIRST_NAMES = [
    "Marco",
    "Giulia",
    "Luca",
    "Francesca",
    "Niccolò",
    "Chiara",
    "Andrea",
    "Sara",
    "Matteo",
    "Elena",
    "Davide",
    "Martina",
    "Lorenzo",
    "Alessia",
    "Tommaso",
    "Ilaria",
    "Gabriele",
    "Federica",
    "Simone",
    "Beatrice",
    "Pietro",
    "Noemi",
    "Mattia",
    "Aurora",
    "Nicolò",
    "Raffaella",
    "Gianluca",
    "Agnese",
    "Michele",
    "Cristina",
]
LAST_NAMES = (
    (
        "Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino Greco Bruno Gallo Conti "
        "De_Luca Mancini Costa Giordano Rizzo Lombardi Moretti D'Angelo Fabbri Santoro Cattaneo "
        "Galli Bernardi Mazza Testa Pellegrini Caruso"
    )
    .replace("_", " ")
    .split()
)
TRADE_NAMES = (
    "Caffè Centrale S.r.l.",
    "Edilizia Fabbri & Figli",
    "Società Agricola Il Poggio",
    "Idraulica Niccolò Greco",
    "Falegnameria Santoro S.n.c.",
    "Università Popolare",
    "Impresa Edile Moretti",
    "Elettricità Bruno",
    "Condominio Via Verdi 12",
    "Vivai Città Giardino",
    "Officina Meccanica Gallo",
    "Pasticceria Dolcè",
)


@dataclass(frozen=True)
class Sale:
    code: str
    name: str
    day: dt.date
    document: str
    total: float


def _days(rng: np.random.Generator, year: int, count: int, start: dt.date | None) -> list[dt.date]:
    first = max(dt.date(year, 1, 1), start or dt.date(year, 1, 1))
    last = min(dt.date(year, 12, 31), EXPORT_DAY)
    offsets = rng.integers(0, (last - first).days + 1, size=count)
    return sorted(first + dt.timedelta(days=int(o)) for o in offsets)


def build_sales() -> list[Sale]:
    """Every sale of the sample, in date order, with invoice numbers per year."""
    rng = np.random.default_rng(SEED)
    customers: list[tuple[str, str, bool, float, int, dt.date | None]] = []
    trade_left = list(TRADE_NAMES)
    number = 0

    def add(churn: tuple[float, float], joined: int, start: dt.date | None) -> None:
        nonlocal number
        number += 1
        trade = rng.random() < TRADE_SHARE
        if trade:
            name = trade_left.pop(0) if trade_left else f"Ditta {rng.choice(LAST_NAMES)}"
        else:
            name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        customers.append((f"C{number:04d}", name, trade, rng.beta(*churn), joined, start))

    for _ in range(CUSTOMERS_BEFORE):
        add(OLD_CHURN, FIRST_YEAR, None)
    for year, count in NEW_PER_YEAR.items():
        for _ in range(count):
            month = int(rng.integers(1, 13 if year < LAST_YEAR else EXPORT_DAY.month + 1))
            add(NEW_CHURN, year, dt.date(year, month, 1))

    sales: list[tuple[dt.date, str, str, float]] = []
    for code, name, trade, churn, joined, start in customers:
        spend = rng.lognormal(np.log(350 if trade else 45), 0.5)
        year = joined
        while year <= LAST_YEAR:
            visits = 1 + int(rng.poisson(4 if trade else 2.2))
            if year == LAST_YEAR:
                visits = max(1, visits // 2)
            for day in _days(rng, year, visits, start if year == joined else None):
                total = round(float(rng.gamma(4.0, spend / 4.0)), 2)
                sales.append((day, code, name, max(total, 1.5)))
            if rng.random() < churn:
                break
            year += 1
    sales.sort(key=lambda sale: (sale[0], sale[1]))
    # A few credit notes: part of an earlier invoice given back.
    for index in rng.choice(len(sales) // 2, size=CREDIT_NOTES, replace=False):
        day, code, name, total = sales[int(index)]
        refund_day = day + dt.timedelta(days=int(rng.integers(3, 20)))
        sales.append((refund_day, code, name, -round(total * 0.5, 2)))
    sales.sort(key=lambda sale: (sale[0], sale[1]))

    numbered = []
    per_year: dict[int, int] = {}
    for day, code, name, total in sales:
        per_year[day.year] = per_year.get(day.year, 0) + 1
        numbered.append(Sale(code, name, day, f"{day.year}/{per_year[day.year]:04d}", total))
    return numbered


def _italian_amount(value: float) -> str:
    return f"{value:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")


def italian_csv(sales: list[Sale]) -> bytes:
    """The Italian export: ``;``, ``1.234,50``, ``dd/mm/yyyy``, cp1252, Windows line ends."""
    lines = ["Codice cliente;Cliente;Data documento;N. documento;Totale €"]
    lines += [
        f"{s.code};{s.name};{s.day:%d/%m/%Y};{s.document};{_italian_amount(s.total)}" for s in sales
    ]
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


def english_csv(sales: list[Sale]) -> bytes:
    """The English twin: ``,``, ``1,234.50`` (quoted), ``mm/dd/yyyy``, UTF-8."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["Customer code", "Customer", "Invoice date", "Invoice no.", "Total"])
    for s in sales:
        writer.writerow([s.code, s.name, f"{s.day:%m/%d/%Y}", s.document, f"{s.total:,.2f}"])
    return out.getvalue().encode("utf-8")


def main() -> None:
    sales = build_sales()
    ITALIAN.write_bytes(italian_csv(sales))
    ENGLISH.write_bytes(english_csv(sales))
    customers = len({s.code for s in sales})
    print(f"{len(sales)} sales, {customers} customers → {ITALIAN.name}, {ENGLISH.name}")


if __name__ == "__main__":
    main()
