"""数据管理 / Data management: import newer figures (validated, versioned, audited) and roll back.

Upload → validation report → confirm (only when clean and signed in) → new database version.
Imported text is shown only in tables and plain text, never as Markdown or HTML.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st
import streamlit.components.v1 as components

from geo import importer, versions
from geo.datum import DATUMS
from geo.i18n import bilingual_half
from geo.importer.checks import MESSAGES
from ui import admin_parts, safe
from ui.auth import require_editor
from ui.frame import require_app_frame
from ui.state import db_version, lang, tr
from ui.uploader_text import localise_file_uploaders

require_app_frame()

PAGE_LABELS: dict[str, tuple[str, str]] = {
    "intro": (
        "导入比随附文件更新的官方数据。文件先校验，确认后生成新的数据库版本；旧版本保留，可一键回滚。",
        "Load official figures newer than the shipped files. A file is validated first; on confirmation a new "
        "database version is built. Earlier versions are kept and one click rolls back.",
    ),
    "import": ("导入数据", "Import data"),
    "kind": ("文件类型", "File kind"),
    "auto": ("自动识别", "Detect"),
    "indicators": ("指标数据", "Indicators"),
    "key_counties": ("重点帮扶县名单", "Key-county list"),
    "sites": ("安置点名单", "Relocation sites"),
    "file": ("CSV 或 XLSX 文件（≤20 MB，UTF-8 或 GBK）", "CSV or XLSX file (≤20 MB, UTF-8 or GBK)"),
    "source_title": ("数据来源（必填，如：某省统计年鉴2025）", "Source (required, e.g. a provincial yearbook 2025)"),
    "publisher": ("发布机构", "Publisher"),
    "source_url": ("来源网址", "Source URL"),
    "source_year": ("来源年份", "Source year"),
    "verified": ("官方发布、已核对", "Official publication, checked"),
    "year": ("年份（文件无年份列时）", "Year (when the file has no year column)"),
    "datum": ("坐标系（安置点坐标）", "Datum (site coordinates)"),
    "check": ("校验文件", "Validate file"),
    "checking": ("正在校验文件…", "Validating the file…"),
    "check_failed": ("文件未能校验，数据库未改动：", "The file could not be validated; nothing changed: "),
    "report": ("校验报告", "Validation report"),
    "clean": ("校验通过，可以导入。", "The report is clean: ready to import."),
    "not_clean": (
        "校验未通过：请修正文件后重新上传，数据库未作任何改动。",
        "Not clean: fix the file and upload it again. Nothing has changed.",
    ),
    "preview": ("待导入数据（前50行）", "Rows to import (first 50)"),
    "confirm": ("确认导入", "Confirm import"),
    "writing": ("正在生成新版本…", "Building the new version…"),
    "done": ("导入完成，当前版本：", "Imported; now serving version "),
    "rollback": ("回滚导入", "Roll back an import"),
    "rollback_pick": ("选择要撤销的导入", "Import to undo"),
    "rollback_button": ("回滚", "Roll back"),
    "rolled_back": ("已回滚，当前版本：", "Rolled back; now serving version "),
    "no_imports": ("目前没有生效的导入。", "No active imports."),
    "versions": ("数据库版本", "Database versions"),
    "base_only": ("当前使用基础构建（data/ 中的文件），无导入。", "Serving the base build (data/ files), no imports."),
    "audit": ("审计日志", "Audit log"),
    "empty_log": ("暂无记录。", "No entries yet."),
    "lines": ("行数", "Lines"),
    "rows": ("可导入值", "Values to import"),
    "errors": ("错误", "Errors"),
    "replaces": ("替换已有值", "Replace existing"),
    "col_line": ("行号", "Line"),
    "col_column": ("列", "Column"),
    "col_severity": ("级别", "Severity"),
    "col_code": ("问题代码", "Code"),
    "col_message": ("说明", "Message"),
    "sev_error": ("错误", "error"),
    "sev_warning": ("警告", "warning"),
    "reload_warning": (
        "⚠ 登录只在本浏览器页面有效：刷新或关闭页面会退出登录（未确认的导入需重新校验）。浏览器会在刷新前提示。",
        "⚠ Signing in lasts for this browser page only: reloading or closing it signs you out (an unconfirmed "
        "import must be validated again). The browser asks before reloading.",
    ),
    "template": ("重点帮扶县名单模板", "Key-county list template"),
    "template_note": (
        "按官方名单（如2021年国家乡村振兴重点帮扶县名单或省级名单）填写：省、县名或 adcode、级别、来源网址；"
        "以“重点帮扶县名单”类型导入。导入时按公布的各省总数核对：超过总数报错，不足显示“名单待补全 n/N”，"
        "达到总数后地图、总览数字和导出即显示该省名单完整。",
        "Fill it from the official list (e.g. the 2021 national list or a province's list): province, county name "
        "or adcode, level, source URL; import it as a key-county list. It is checked against each province's "
        "published total: more is an error, fewer shows 'list incomplete n/N'; at the total, the map, headline "
        "and exports show the province's list as complete.",
    ),
    "build_report": ("基础数据构建报告", "Base build report"),
    "build_report_note": (
        "每个输入文件读入、保留、空值和剔除的行数；剔除均注明原因（与导入相同的校验），没有静默丢弃的数据。",
        "Per input file: rows read, kept, empty and rejected, each rejection with its reason (the importer's "
        "checks); nothing is dropped silently.",
    ),
    "no_report": ("数据库中没有构建报告（请重新构建）。", "No build report in the database (rebuild it)."),
    "br_input": ("输入文件", "Input"),
    "br_derived": ("（由其他指标计算）", "(derived)"),
    "br_part": ("内容", "Part"),
    "br_rows_read": ("读入", "Read"),
    "br_rows_kept": ("保留", "Kept"),
    "br_rows_empty": ("空值/未匹配", "Empty/unmatched"),
    "br_rows_rejected": ("剔除", "Rejected"),
    "br_reasons": ("剔除原因", "Reasons"),
    "br_examples": ("示例", "Examples"),
}
# Column headers and codes of the versions and audit tables (their records are kept in English codes).
TABLE_LABELS: dict[str, tuple[str, str]] = {
    "version": ("版本", "Version"),
    "current": ("当前使用", "Current"),
    "created_at": ("创建时间", "Created"),
    "reason": ("原因", "Reason"),
    "user": ("操作人", "User"),
    "imports": ("导入数", "Imports"),
    "event": ("操作", "Event"),
    "import_id": ("导入编号", "Import id"),
    "at": ("时间", "Time"),
    "kind": ("文件类型", "File kind"),
    "file_name": ("文件名", "File name"),
    "sha256": ("SHA-256", "SHA-256"),
    "rows": ("行数", "Rows"),
    "ev_import": ("导入", "import"),
    "ev_rollback": ("回滚", "rollback"),
    "ev_reapply": ("重新应用", "reapply"),
}
# While signed in by password, ask the browser to confirm a reload or close (the sign-in lives
# in this page's session only). Installed once in the parent page, like the deck keys.
LEAVE_GUARD = """<script>
(function () {
  const win = window.parent;
  if (win.__atlasLeaveGuard) return;
  win.__atlasLeaveGuard = function (event) { event.preventDefault(); event.returnValue = ""; return ""; };
  win.addEventListener("beforeunload", win.__atlasLeaveGuard);
})();
</script>"""

t = tr(PAGE_LABELS, TABLE_LABELS)
_REPORT_LABELS = tuple((key, pair) for key, pair in PAGE_LABELS.items() if key.startswith("br_"))


def _import_section(user: str) -> None:
    st.subheader(t("import"))
    kind = st.segmented_control(
        t("kind"), ["auto", *importer.KINDS], default="auto", format_func=t, key="import_kind"
    )
    localise_file_uploaders()
    upload = st.file_uploader(t("file"), type=["csv", "xlsx", "txt"], max_upload_size=20, key="import_file")
    left, right = st.columns(2)
    title = left.text_input(t("source_title"), max_chars=200)
    publisher = right.text_input(t("publisher"), max_chars=200)
    url = left.text_input(t("source_url"), max_chars=500)
    source_year = right.number_input(t("source_year"), min_value=1949, max_value=2100, value=None, step=1)
    year = left.number_input(t("year"), min_value=1949, max_value=2100, value=None, step=1)
    datum = right.selectbox(t("datum"), list(DATUMS)[::-1], index=None, placeholder=t("choose"))
    verified = st.checkbox(t("verified"))
    if upload is None:
        st.session_state.pop("_import_plan", None)
        return
    if st.button(t("check"), type="secondary"):
        source = importer.DeclaredSource(
            title.strip(), publisher.strip() or None, url.strip() or None, None,
            int(source_year) if source_year else None, verified,
        )  # fmt: skip
        try:  # in a child process: other sessions keep answering, a hostile file cannot exhaust the server
            with st.spinner(t("checking")):
                st.session_state["_import_plan"] = importer.check_file_isolated(
                    upload.getvalue(), upload.name, source,
                    kind=None if kind in (None, "auto") else kind, year=int(year) if year else None, datum=datum,
                )  # fmt: skip
        except importer.ImportRejected as error:
            st.session_state.pop("_import_plan", None)
            safe.error("{}{}", t("check_failed"), error)
    plan: importer.Plan | None = st.session_state.get("_import_plan")
    if plan is not None:
        _show_plan(plan, user)


def _in_language(code: str, message: str) -> str:
    """One half of an importer message ('中文 / English' plus detail) in the UI language."""
    base = MESSAGES.get(code)
    if not base or not message.startswith(base) or " / " not in base:
        return message
    return bilingual_half(base, lang()) + message[len(base):]


def _report_table(plan: importer.Plan) -> pd.DataFrame:
    """The validation report with headers, severities and messages in the UI language."""
    report = plan.report()
    report["message"] = [_in_language(c, m) for c, m in zip(report.code, report.message, strict=True)]
    report["severity"] = report.severity.map(lambda s: t(f"sev_{s}") if f"sev_{s}" in PAGE_LABELS else s)
    return report.rename(columns={c: t(f"col_{c}") for c in report.columns})


def _show_plan(plan: importer.Plan, user: str) -> None:
    st.subheader(t("report"))
    columns = st.columns(4)
    columns[0].metric(t("lines"), plan.counts.get("lines", 0))
    columns[1].metric(t("rows"), len(plan.rows))
    columns[2].metric(t("errors"), len(plan.errors))
    columns[3].metric(t("replaces"), plan.counts.get("replaces", 0))
    if plan.issues:
        st.dataframe(_report_table(plan), hide_index=True, width="stretch")
    if not plan.ok:
        st.error(t("not_clean"))
        return
    st.success(t("clean"))
    st.caption(t("preview"))
    st.dataframe(plan.rows.head(50), hide_index=True, width="stretch")
    if st.button(t("confirm"), type="primary"):
        try:
            with st.status(t("writing"), expanded=True) as status:
                version = importer.commit(plan, user, report=status.text)
        except (importer.ImportRejected, versions.VersionError) as error:
            safe.error("{}", error)
            return
        st.session_state.pop("_import_plan", None)
        safe.success("{}{}", t("done"), version)


def _rollback_section(user: str) -> None:
    st.subheader(t("rollback"))
    active = versions.active_imports()
    if not active:
        st.text(t("no_imports"))
        return
    files = {r["import_id"]: r.get("file_name", "") for r in versions.audit_log() if r.get("event") == "import"}
    choice = st.selectbox(
        t("rollback_pick"), list(reversed(active)), format_func=lambda i: f"{i} · {files.get(i, '')}", placeholder=t("choose")
    )
    if choice and st.button(t("rollback_button")):
        try:
            version = versions.rollback(choice, user, report=lambda _message: None)
        except versions.VersionError as error:
            safe.error("{}", error)
            return
        safe.success("{}{}", t("rolled_back"), version)


def _versions_section() -> None:
    st.subheader(t("versions"))
    kept = versions.versions()
    if not any(v["current"] for v in kept):
        st.text(t("base_only"))
    if kept:
        table = pd.DataFrame(kept)
        table["imports"] = table["imports"].map(len)
        table["current"] = table["current"].map(lambda flag: t("yes") if flag else t("no"))
        shown = table[["version", "current", "created_at", "reason", "user", "imports"]]
        st.dataframe(shown.rename(columns=t), hide_index=True, width="stretch")


def _audit_section() -> None:
    st.subheader(t("audit"))
    log = versions.audit_log()
    if not log:
        st.text(t("empty_log"))
        return
    table = pd.DataFrame(log[::-1]).astype(str)
    if "event" in table:
        table["event"] = table["event"].map(lambda e: t(f"ev_{e}") if f"ev_{e}" in TABLE_LABELS else e)
    st.dataframe(table.rename(columns=t), hide_index=True, width="stretch")


def _list_template_section() -> None:
    """The key-county list template: fill it from the official notice, import it as 重点帮扶县名单."""
    st.subheader(t("template"))
    st.caption(t("template_note"))
    csv_col, xlsx_col = st.columns(2)
    # Callables: a template is made when someone clicks it (then kept), not on every visit.
    csv_col.download_button("CSV", admin_parts.template_csv, "key_county_list_template.csv", "text/csv",
                            on_click="ignore", key="template_csv")
    xlsx_col.download_button(
        "XLSX", admin_parts.template_xlsx, "key_county_list_template.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", on_click="ignore", key="template_xlsx",
    )


def _build_report_section() -> None:
    """What the base build read from each input file, kept, left empty and rejected (with reasons)."""
    st.subheader(t("build_report"))
    st.caption(t("build_report_note"))
    report = admin_parts.build_report_table(db_version(), lang(), _REPORT_LABELS)
    if report is None:
        st.text(t("no_report"))
        return
    st.dataframe(report, hide_index=True, width="stretch")


st.title(t("data_admin"))
st.caption(t("intro"))
_list_template_section()
_build_report_section()
editor = require_editor()
if editor:  # versions and the audit log name users, files and hashes: editors only
    st.caption(t("reload_warning"))
    components.html(LEAVE_GUARD, height=0)
    _import_section(editor)
    _rollback_section(editor)
    _versions_section()
    _audit_section()
