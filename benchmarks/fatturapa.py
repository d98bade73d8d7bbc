"""How fast a zip of FatturaPA invoices is read, how little a hostile one costs; figures only.

    /work/venv/bin/python benchmarks/fatturapa.py [--invoices 20000] [--lines 1 30] [--repeat 3]

1. A zip of `--invoices` invoices as the SdI delivers them (tests/data/fatturapa.py,
   `Population`: 500 customers, companies, private persons and foreign buyers, 1 in 20 a
   credit note, 1 in 50 with two bodies), with 1 to 2 lines each and with `--lines` lines
   each, is written to a temporary folder, then read by `calculators.fatturapa.read_invoices`
   in a fresh Python process `--repeat` times: CPU time (``time.process_time``), wall time,
   the process's peak resident memory (VmHWM: interpreter and libraries included), elements
   per MB of zip, and CPU per MB of zip. Target (issue #18): ≤ 5 s for 20,000 invoices, and
   ≤ 0.2 s of CPU per MB.
2. Zips of `--signed` invoices signed as DER and as base64 ``.p7m`` (openssl, a throwaway
   certificate): the same figures, read once.
3. Hostile files, each read once in a fresh process: CPU per MB of upload (a file under 1 MB
   counting as 1 MB) and how the reader answered.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.data import fatturapa as data  # noqa: E402

MB = 1024 * 1024
TARGET_SECONDS = 5.0
TARGET_CPU_PER_MB = 0.2

# Runs in the fresh process: reads the file once, prints what it measured as JSON.
MEASURE = r"""
import json, sys, time
sys.path.insert(0, {root!r})
from calculators.fatturapa import FatturaPAError, read_invoices
from devtools.memory import peak_rss_mb
import os
content = open({path!r}, "rb").read()
start, wall = time.process_time(), time.perf_counter()
try:
    found = read_invoices(content)
    outcome = f"{{len(found.frame)}} rows, {{len(found.skipped)}} skipped"
except FatturaPAError as error:
    outcome = ", ".join(issue.kind for issue in error.issues)
    outcome += "; skipped: " + ", ".join(sorted({{s.kind for s in error.skipped}}))
cpu, wall = time.process_time() - start, time.perf_counter() - wall
print(json.dumps({{"cpu": cpu, "wall": wall, "peak_mb": peak_rss_mb(os.getpid()),
                  "outcome": outcome}}))
"""


def measure(path: Path) -> dict[str, object]:
    code = MEASURE.format(root=str(ROOT), path=str(path))
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=600
    )
    measured: dict[str, object] = json.loads(result.stdout.strip().splitlines()[-1])
    return measured


def with_lines(invoices: list[data.InvoiceFile], lines: int) -> list[data.InvoiceFile]:
    """The same invoices with `lines` lines each (the taxable amount split between them)."""
    if lines <= 2:
        return invoices
    longer = []
    for made in invoices:
        bodies = []
        for body in made.bodies:
            rate, taxable = body.taxable[0]
            share = (taxable / lines).quantize(data.CENT)
            parts = [(rate, share)] * (lines - 1) + [(rate, taxable - share * (lines - 1))]
            bodies.append(data.Body(body.date, body.number, tuple(parts), body.document_type))
        longer.append(
            data.InvoiceFile(made.seller, made.buyer, tuple(bodies), made.name, made.sequence)
        )
    return longer


def elements(archive: bytes) -> int:
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(archive)) as opened:
        return sum(
            (content := opened.read(info)).count(b"<") - content.count(b"</")
            for info in opened.infolist()
        )


def hostile_cases() -> dict[str, bytes]:
    plain = data.invoice_xml(data.Population(customers=3).invoices(1)[0])
    tiny = b"<p:FatturaElettronica xmlns:p='x'>" + b"<a/>" * 2_000_000 + b"</p:FatturaElettronica>"
    deep = b"<p:FatturaElettronica xmlns:p='x'>" + b"<a>" * 100_000 + b"</a>" * 100_000
    many = data.zip_with_entries([(f"f{n}.xml", plain) for n in range(20_000)], stored=False)
    root = b"<p:FatturaElettronica versione='FPR12' xmlns:p='x'>"
    text = root + b"a" * (7 * MB) + b"</p:FatturaElettronica>"
    near = root + b"<a/>" * 195_000 + b"</p:FatturaElettronica>"
    lines = root + b"<DettaglioLinee></DettaglioLinee>" * 240_000 + b"</p:FatturaElettronica>"
    return {
        "zip bomb, 1 GB of spaces": data.zip_bomb(1024),
        "zip of two 7 MB text nodes (as the expansion limit allows)": data.zip_with_entries(
            [(f"t{n}.xml", text) for n in range(2)]
        ),
        "0.75 MB of <a/>, just within the element bound": near,
        "240,000 empty DettaglioLinee": lines,
        "zip of 8 MB of <a/> (2 million elements)": data.zip_with_entries([("a.xml", tiny)]),
        "8 MB of <a/> as one .xml": tiny,
        "100,000 nested elements": deep,
        "billion laughs": data.entity_bomb(),
        "external entity": data.external_entity(),
        "zip of 20,000 copies of one invoice": many,
        "zip of 8 nested zips": data.zip_with_entries(
            [(f"n{n}.zip", data.zip_with_entries([("x.xml", plain)])) for n in range(8)]
        ),
        "50 MB of base64 text": b"MIIB" + b"A" * (50 * MB - 4),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--invoices", type=int, default=20_000)
    parser.add_argument("--lines", type=int, nargs="+", default=[1, 30])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--signed", type=int, default=1000, help="invoices in the .p7m zip")
    arguments = parser.parse_args()
    invoices = data.Population().invoices(arguments.invoices)
    with tempfile.TemporaryDirectory(prefix="fatturapa-bench-") as folder:
        path = Path(folder) / "archive.zip"
        for lines in arguments.lines:
            made = with_lines(invoices, lines)
            archive = data.archive(made)
            path.write_bytes(archive)
            total = sum((row[2] for row in data.expected_rows(made)), Decimal(0))
            runs = [measure(path) for _ in range(arguments.repeat)]
            cpu = statistics.median(float(run["cpu"]) for run in runs)  # type: ignore[arg-type]
            wall = statistics.median(float(run["wall"]) for run in runs)  # type: ignore[arg-type]
            peak = max(float(run["peak_mb"]) for run in runs)  # type: ignore[arg-type]
            size = len(archive) / MB
            print(
                f"{arguments.invoices:,} invoices, {lines} line(s) each: {size:.1f} MB zip, "
                f"{elements(archive) / size:,.0f} elements/MB; CPU {cpu:.2f} s "
                f"({cpu / size:.3f} s/MB), wall {wall:.2f} s, peak {peak:.0f} MB "
                f"[target ≤ {TARGET_SECONDS} s, ≤ {TARGET_CPU_PER_MB} s/MB]; "
                f"{runs[0]['outcome']}; expected total {total}"
            )
        with data.Signer() as signer:
            signed = [
                (data.file_name(made, ".xml.p7m"), signer.sign(data.invoice_xml(made)))
                for made in invoices[: arguments.signed]
            ]
        for label, entries in (
            ("DER", signed),
            ("base64", [(name, data.base64_p7m(der)) for name, der in signed]),
        ):
            archive = data.zip_with_entries(entries)
            path.write_bytes(archive)
            run = measure(path)
            size = len(archive) / MB
            cpu = float(run["cpu"])  # type: ignore[arg-type]
            peak = float(run["peak_mb"])  # type: ignore[arg-type]
            print(
                f"{len(entries):,} signed invoices ({label} .p7m): {size:.1f} MB zip, CPU "
                f"{cpu:.2f} s ({cpu / max(1.0, size):.3f} s/MB), peak {peak:.0f} MB; "
                f"{run['outcome']}"
            )
        for name, content in hostile_cases().items():
            path.write_bytes(content)
            run = measure(path)
            size = max(1.0, len(content) / MB)
            print(
                f"{name}: {len(content) / MB:.2f} MB, CPU {float(run['cpu']) * 1000:.1f} ms "  # type: ignore[arg-type]
                f"({float(run['cpu']) / size:.3f} s/MB) → {run['outcome']}"  # type: ignore[arg-type]
            )


if __name__ == "__main__":
    main()
