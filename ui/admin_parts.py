"""数据管理 parts that are the same for every visitor, made once per process.

Kept out of ``pages/data_admin.py`` because a page file is executed afresh on every run: a
cache defined there would be a new, empty cache each time.
"""

from __future__ import annotations

import functools

import pyarrow as pa

from geo.i18n import translator
from geo.importer import keylist
from ui import memo
from ui.state import query

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
    renamed = report.rename(columns={column: t(f"br_{column}") for column in report.columns})
    return pa.Table.from_pandas(renamed, preserve_index=False)
