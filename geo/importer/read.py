"""Reading an uploaded file into text cells: size limits, encodings, CSV dialect, XLSX, headers."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from geo.importer.model import ImportRejected

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 200_000
MAX_COLUMNS = 200
MAX_CELLS = 1_000_000  # e.g. 100k rows × 10 columns: bounds the memory of the parsed cells (~250 MB)
# XLSX archives are checked from the zip directory (and a streamed count of cells) before parsing
MAX_XLSX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_XLSX_SHARED_STRINGS = 20 * 1024 * 1024  # openpyxl holds every shared string in memory
MAX_XLSX_MEMBERS = 500
_BINARY = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CELL_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[\s>/]")

# Header spellings (casefolded, brackets normalized) → canonical column names.
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "adcode": ("adcode", "code", "行政区划代码", "区划代码", "代码", "县代码"),
    "province": ("province", "省", "省份", "省(区、市)"),
    "prefecture": ("prefecture", "市", "地市", "市(州、盟)"),
    "county": ("county", "county_name", "县", "县名", "区县", "县区", "县(区、市、旗)"),
    "year": ("year", "年份", "年度"),
    "indicator_id": ("indicator_id", "indicator", "指标", "指标代码"),
    "value": ("value", "数值", "值"),
    "unit": ("unit", "单位"),
    "level": ("level", "级别", "帮扶级别"),
    "source_url": ("source_url", "url", "来源网址", "来源链接", "来源"),
    "note": ("note", "备注"),
    "name": ("name", "site", "site_name", "安置点", "安置点名称", "名称"),
    "population": ("population", "人口", "搬迁人口", "安置人口"),
    "lon": ("lon", "lng", "longitude", "经度"),
    "lat": ("lat", "latitude", "纬度"),
    "datum": ("datum", "坐标系"),
    "township": ("township", "乡镇"),
    "village": ("village", "村"),
}
_ALIAS = {alias: name for name, aliases in HEADER_ALIASES.items() for alias in aliases}


@dataclass
class Table:
    """Cells of the first sheet as text, with the file line of each row."""

    columns: list[str]
    raw_headers: list[str]
    rows: list[tuple[int, list[str]]]
    encoding: str


def _decode(data: bytes) -> tuple[str, str]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _BINARY.search(text):
            raise ImportRejected("文件含二进制内容，不是文本 CSV / the file contains binary data, not CSV text")
        return text, encoding
    raise ImportRejected("无法识别的编码（仅支持 UTF-8 与 GBK/GB18030） / unknown encoding (UTF-8 or GBK/GB18030 only)")


def _csv_rows(text: str) -> list[tuple[int, list[str]]]:
    first = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first and "," not in first else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = []
    count = 0
    try:
        for cells in reader:
            count += len(cells)
            if len(rows) > MAX_ROWS or count > MAX_CELLS:
                raise ImportRejected(
                    f"行数或单元格数超过上限（{MAX_ROWS:,} 行、{MAX_CELLS:,} 个单元格） / more than {MAX_ROWS:,} rows "
                    f"or {MAX_CELLS:,} cells"
                )
            rows.append((reader.line_num, cells))
    except csv.Error as error:
        raise ImportRejected(f"CSV 格式错误 / malformed CSV: {error}") from error
    return rows


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int | float):
        return repr(value)
    return str(value)


def _too_large(what: str) -> ImportRejected:
    return ImportRejected(f"Excel 文件解压后过大（{what}），未解析 / the Excel file is too large once unpacked ({what})")


def check_xlsx_archive(data: bytes) -> None:
    """Reject a decompression bomb from the zip directory and a streamed cell count, before openpyxl."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise ImportRejected("不是有效的 XLSX 文件 / not a valid XLSX file") from error
    if len(members) > MAX_XLSX_MEMBERS:
        raise _too_large(f"{len(members)} 个部件 / parts")
    total = sum(member.file_size for member in members)
    if total > MAX_XLSX_UNCOMPRESSED:
        raise _too_large(f"{total / 2**20:,.0f} MB > {MAX_XLSX_UNCOMPRESSED // 2**20} MB")
    for member in members:
        if member.filename.lower().endswith("sharedstrings.xml") and member.file_size > MAX_XLSX_SHARED_STRINGS:
            raise _too_large(f"{member.file_size / 2**20:,.0f} MB 文本 / of text")
    cells = 0
    for member in members:
        if not member.filename.lower().startswith("xl/worksheets/") or not member.filename.endswith(".xml"):
            continue
        tail = b""
        try:
            with archive.open(member) as part:  # zipfile never yields more than the declared size
                while chunk := part.read(1 << 20):
                    cells += len(_CELL_TAG.findall(tail + chunk)) - len(_CELL_TAG.findall(tail))
                    tail = chunk[-64:]
                    if cells > MAX_CELLS:
                        raise _too_large(f"> {MAX_CELLS:,} 个单元格 / cells")
        except ImportRejected:
            raise
        except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError) as error:
            raise ImportRejected("XLSX 文件已损坏 / the XLSX file is damaged") from error


def _xlsx_rows(data: bytes) -> list[tuple[int, list[str]]]:
    """First sheet, formulas kept as text (so ``=...`` cells are reported, not trusted)."""
    import openpyxl

    check_xlsx_archive(data)

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as error:  # hostile archives raise many exception types
        raise ImportRejected(f"无法读取 Excel 文件 / cannot read this Excel file ({type(error).__name__})") from error
    try:
        sheet = book.worksheets[0]
        sheet.reset_dimensions()  # ignore a declared (possibly huge) sheet size
        rows = []
        cells = 0
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells += len(values)
            if len(rows) > MAX_ROWS or len(values) > MAX_COLUMNS or cells > MAX_CELLS:
                raise ImportRejected(
                    f"表格过大（上限 {MAX_ROWS:,} 行、{MAX_COLUMNS} 列、{MAX_CELLS:,} 个单元格） / sheet too large"
                )
            rows.append((number, [_cell_text(v) for v in values]))
        return rows
    except ImportRejected:
        raise
    except Exception as error:
        raise ImportRejected(f"无法读取 Excel 文件 / cannot read this Excel file ({type(error).__name__})") from error
    finally:
        book.close()


def _header_name(raw: str) -> str:
    text = raw.strip().replace("（", "(").replace("）", ")").replace("【", "[").replace("】", "]")
    key = text.casefold().replace(" ", "")
    return _ALIAS.get(key, text)


def read_table(data: bytes, file_name: str) -> Table:
    """The file as text cells; raises ImportRejected for anything that is not a readable table."""
    if len(data) > MAX_BYTES:
        raise ImportRejected(f"文件超过 {MAX_BYTES // 2**20} MB / file larger than {MAX_BYTES // 2**20} MB")
    if not data.strip():
        raise ImportRejected("文件为空 / the file is empty")
    suffix = Path(file_name).suffix.lower()
    if data[:4] == b"PK\x03\x04" or suffix == ".xlsx":
        rows, encoding = _xlsx_rows(data), "xlsx"
    elif suffix in (".csv", ".txt", ""):
        text, encoding = _decode(data)
        rows = _csv_rows(text)
    else:
        raise ImportRejected("仅支持 CSV 或 XLSX（.xls 请另存为 .xlsx） / CSV or XLSX only (save .xls as .xlsx)")
    rows = [(line, cells) for line, cells in rows if "".join(cells).strip()]
    if not rows:
        raise ImportRejected("文件没有表头 / no header row")
    header_line, raw = rows[0]
    if len(raw) > MAX_COLUMNS:
        raise ImportRejected(f"列数超过 {MAX_COLUMNS} / more than {MAX_COLUMNS} columns")
    columns = [_header_name(cell) for cell in raw]
    named = [c for c in columns if c]
    if len(set(named)) != len(named):
        duplicated = sorted({c for c in named if named.count(c) > 1})
        raise ImportRejected(f"列名重复 / duplicate columns: {', '.join(duplicated)}")
    width = len(columns)
    unnamed = [i for i, c in enumerate(columns) if not c]
    body = [(line, [*map(str.strip, cells), *[""] * (width - len(cells))]) for line, cells in rows[1:]]
    for line, cells in body:
        if (len(cells) > width and any(cells[width:])) or any(cells[i] for i in unnamed):
            raise ImportRejected(f"第 {line} 行有无表头的数据 / line {line} has cells under no header")
    return Table(columns, [c.strip() for c in raw], body, encoding)
