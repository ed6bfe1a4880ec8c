"""数据管理 parts that are the same for every visitor, made once per process.

Kept out of ``pages/data_admin.py`` because a page file is executed afresh on every run: a
cache defined there would be a new, empty cache each time.
"""

from __future__ import annotations

import functools

import pyarrow as pa

from geo.i18n import translator
from geo.importer import keylist
from geo.inputs import examples_text, reasons_text
from geo.sources import DERIVED
from ui import memo
from ui.prepared import arrow_table
from ui.state import query

# The build report's parts that are not indicators (geo/build.py, geo/sources.py), by the name it records
# (not translator keys: "sites" is also a common label, the page's title).
PART_LABELS = {
    "counties.support_level": ("县的帮扶级别", "Counties' support level"),
    "sites": ("安置点", "Resettlement sites"),
    "township centres": ("乡镇驻地", "Township centres"),
    "sites placed at township centres": ("定位到乡镇驻地的安置点", "Sites placed at township centres"),
}

# The list templates, made on the first download click (st.download_button calls them), then kept.
template_csv = functools.cache(keylist.template_csv)
template_xlsx = functools.cache(keylist.template_xlsx)


@memo.shared(maxsize=8)
def build_report_table(
    version: tuple[str, float], language: str, labels: tuple[tuple[str, tuple[str, str]], ...]
) -> pa.Table | None:
    """The build report (``queries/build_report_list.sql``) with headers in ``language`` from ``labels``,
    as an Arrow table (immutable; st.dataframe sends it without converting); None when the build wrote none."""
    report = query("build_report_list")
    if report.empty:
        return None
    t = translator(language, dict(labels))
    catalog = query("indicator_catalog")
    position = 1 if language == "en" else 0
    names = {code: pair[position] for code, pair in PART_LABELS.items()}
    names.update(zip(catalog.indicator_id, catalog.name_zh if language == "zh" else catalog.name_en, strict=True))
    comma = "、" if language == "zh" else ", "
    report["input"] = report["input"].replace({DERIVED: t("br_derived")})
    # A part is a list of indicator codes (as the build wrote it) or one of the build's own parts.
    report["part"] = [comma.join(names.get(code) or code for code in part.split(", ")) for part in report.part]
    report["reasons"] = [reasons_text(reasons, language) for reasons in report.reasons]
    report["examples"] = [examples_text(examples, language) for examples in report.examples]
    return arrow_table(report.rename(columns={column: t(f"br_{column}") for column in report.columns}))
