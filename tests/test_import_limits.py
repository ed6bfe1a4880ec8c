"""Bounded imports: decompression bombs are rejected from the zip directory before parsing, and
any import within the 20 MB limit stays under 500 MB of memory (peak RSS of the importer process)."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from collections.abc import Iterable
from pathlib import Path

import duckdb
import openpyxl
import pytest

from geo import importer
from geo.importer.read import MAX_CELLS, MAX_XLSX_UNCOMPRESSED, check_xlsx_archive
from geo.paths import ROOT

RSS_LIMIT_MB = 500
# Peak RSS of the importer's own address space (VmHWM). Not getrusage's ru_maxrss: Linux carries that
# high-water mark across fork/exec, so a child of a large pytest process would report pytest's peak.
PEAK_RSS = (
    "import sys\nfrom geo.importer.__main__ import main\nrc = main(sys.argv[1:])\n"
    "hwm = next(l for l in open('/proc/self/status') if l.startswith('VmHWM:'))\n"
    "print('PEAK_RSS_MB', int(hwm.split()[1]) / 1024)\n"
)


def xlsx_with_sheet(chunks: Iterable[bytes]) -> bytes:
    """A real workbook whose first sheet's XML is replaced by ``chunks`` (streamed, deflated)."""
    book = openpyxl.Workbook()
    book.active.append(["adcode", "year", "gdp"])
    buffer = io.BytesIO()
    book.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for info in source.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                target.writestr(info, source.read(info.filename))
                continue
            with target.open(info.filename, "w", force_zip64=True) as part:
                for chunk in chunks:
                    part.write(chunk)
    return out.getvalue()


def size_bomb() -> bytes:
    """~0.2 MB on disk, more than MAX_XLSX_UNCOMPRESSED once unpacked."""
    return xlsx_with_sheet(b"<row>" + b" " * (1 << 20) for _ in range(MAX_XLSX_UNCOMPRESSED // (1 << 20) + 10))


def cell_bomb() -> bytes:
    """Small on disk and unpacked, but more cells than MAX_CELLS."""
    head = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    rows = (b"<row>" + b"<c><v>1</v></c>" * 100 + b"</row>" for _ in range(MAX_CELLS // 100 + 10))
    return xlsx_with_sheet([head, *rows, b"</sheetData></worksheet>"])


def peak_rss_mb(path: Path) -> tuple[float, str]:
    done = subprocess.run(
        [sys.executable, "-c", PEAK_RSS, str(path), "--dry-run", "--source-title", "t"],
        cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    line = next(line for line in done.stdout.splitlines() if line.startswith("PEAK_RSS_MB"))
    return float(line.split()[1]), done.stdout


@pytest.mark.parametrize("make", [size_bomb, cell_bomb])
def test_bombs_are_rejected_from_the_zip_directory(make) -> None:
    data = make()
    assert len(data) < 2 * 2**20
    with pytest.raises(importer.ImportRejected, match="解压后过大"):
        check_xlsx_archive(data)


@pytest.mark.parametrize("make", [size_bomb, cell_bomb])
def test_bomb_import_stays_small(env: tuple[Path, Path], tmp_path: Path, make) -> None:
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(make())
    rss, output = peak_rss_mb(path)
    assert rss < RSS_LIMIT_MB and "解压后过大" in output, (rss, output)


def test_largest_allowed_csv_stays_under_the_memory_limit(env: tuple[Path, Path], tmp_path: Path) -> None:
    """About 17 MB, MAX_CELLS cells of long numbers: the worst case the limits admit."""
    with duckdb.connect(str(env[0]), read_only=True) as con:
        codes = [row[0] for row in con.execute("SELECT adcode FROM counties ORDER BY adcode").fetchall()]
    ids = ["gdp", "gdp_primary", "gdp_secondary", "gdp_tertiary", "public_budget_income", "public_budget_exp",
           "rural_income", "urban_income"]  # fmt: skip
    rows = MAX_CELLS // (len(ids) + 2) - 10
    lines = ["adcode,year," + ",".join(ids)]
    lines += [
        f"{codes[n // 100]},{1990 + n % 100}," + ",".join(f"{1000 + n % 9000}.{n:014d}" for _ in ids)
        for n in range(rows)
    ]
    path = tmp_path / "large.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert 15 * 2**20 < path.stat().st_size <= importer.MAX_BYTES
    rss, output = peak_rss_mb(path)
    assert "CLEAN" in output and rss < RSS_LIMIT_MB, (rss, output[-500:])


def test_validation_runs_in_a_child_process(env: tuple[Path, Path]) -> None:
    data = b"adcode,year,gdp\n520526,2031,1\n520526,2031,1_000\n"
    plan = importer.check_file_isolated(data, "a.csv", importer.DeclaredSource("t"))
    assert [issue.code for issue in plan.errors] == ["not_numeric"] and len(plan.rows) == 1
    with pytest.raises(importer.ImportRejected, match="校验超过"):
        importer.check_file_isolated(data, "a.csv", importer.DeclaredSource("t"), timeout=0.05)
