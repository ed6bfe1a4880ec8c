"""差距监测 — are the key counties catching up? Group medians, the key/other ratio and how it
moved, growth per group, a map of change and per-county figures for one indicator and two years.

Every figure comes from ``geo.gap`` on the counties that have values in both years; the page
says how many those were. Money series are nominal (no deflator with a source in data/).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from geo import export, gap, pageschemas
from ui import safe, url
from ui.frame import require_app_frame
from ui.gap_data import PAGE_LABELS as LABELS
from ui.gap_data import county_rows, gap_tables, map_parts, series_menu, sources_sheet, year_choice, year_refused
from ui.gap_data import names as gap_names
from ui.mapview import clicked_adcode, show_map
from ui.printing import print_action
from ui.state import db_version, lang, tr

require_app_frame()


t = tr(LABELS)
language = lang()
version = db_version()
menu = series_menu(version)

if not menu.codes:
    st.info(t("no_series"))
    st.stop()

names, province_names = gap_names(version, language)

state = url.page(pageschemas.GAP, notice=False)  # seeds the widgets from a shared link; notice below

with st.sidebar:
    st.subheader(t("settings"))
    indicator = state.bind("gap_ind", st.selectbox, t("indicator"), list(menu.codes), format_func=names.get, placeholder=t("choose"))
    province = state.bind(
        "gap_prov", st.selectbox, t("scope"), [None, *province_names],
        format_func=lambda code: province_names.get(code, t("whole_country")),
        placeholder=t("whole_country"),  # None (the whole country) shows as the placeholder
    )
    # The years offered and their defaults follow the series and the scope (years with values there).
    choice = year_choice(version, indicator, province)
    default_first, default_latest = choice.default
    previous = None if state.fresh else st.session_state.get("_gap_prev")  # (indicator, scope defaults) of the last run
    first_options, latest_options = list(choice.years[:-1]), list(choice.years[1:][::-1])
    for key, options, default, slot in (("gap_y0", first_options, default_first, 0),
                                         ("gap_y1", latest_options, default_latest, 1)):  # fmt: skip
        current = st.session_state.get(key, state.get(key))
        if previous is not None and (previous[0] != indicator or current == previous[1][slot]):
            current = None  # another series, or a default year of the previous scope: this scope's default
        if current is not None and current not in options and state.fresh:  # a year from the link
            state.dropped.append(year_refused(state.params[key], default))
        if current not in options:
            current = default
        st.session_state[key] = current
    st.session_state["_gap_prev"] = (indicator, choice.default)
    first = state.bind("gap_y0", st.selectbox, t("first"), first_options, placeholder=t("choose"))
    latest = state.bind("gap_y1", st.selectbox, t("latest"), latest_options, placeholder=t("choose"))
    if first >= latest:
        safe.warning(t("bad_years"), a=default_first, b=default_latest)
        first, latest = default_first, default_latest
    metric = state.bind(
        "gap_metric", st.radio, t("metric"), list(gap.METRICS), format_func=lambda code: t("metric_" + code)
    )
state.show_notice()

parts = map_parts(version, indicator, first, latest, province, metric, language)
tables = gap_tables(version, indicator, first, latest, province, language)

# title, what was counted, sources, the key/other headline and the map heading: one block
safe.html("{}", parts.top)  # Markup: its parts escaped by ui.gap_data

# --- map of change: diverging classes fixed over the whole-country panel ------------------
map_col, legend_col = st.columns([5, 1])
with map_col:
    result = show_map(parts.base, key="gap_map", layers=list(parts.layers), center=parts.center, zoom=parts.zoom,
                      height=600)  # fmt: skip
with legend_col:
    safe.html("{}", parts.legend)
    print_action(parts.print_view, "gap_print", language)
clicked = clicked_adcode(result, "gap_clicked")
if clicked:
    url.switch_page("county", {"adcode": clicked})

# --- group medians and the key/other ratio (whole country or the chosen province) ---------
safe.html("{}", parts.after_map)
st.dataframe(tables.groups_table, hide_index=True, width="stretch")
safe.html("{}", parts.ratios_head)
st.dataframe(tables.ratios_table, hide_index=True, width="stretch")
if tables.provinces_table is not None:  # per province (whole-country scope)
    with st.expander(t("provinces")):
        st.dataframe(tables.provinces_table, hide_index=True, width="stretch")

# --- per county: sortable table (numbers stay numbers so header sorting works) -----------
safe.html("{}", parts.counties_head)
sort = state.bind(
    "gap_sort", st.segmented_control, t("sort"), list(gap.COUNTY_SORTS), format_func=lambda c: t("sort_" + c)
) or "lost"
county_table = county_rows(version, indicator, first, latest, province, sort, language)
county_display = county_table.frame
if county_display.empty:
    st.info(t("no_rows"))
else:
    st.dataframe(county_table.table, hide_index=True, width="stretch", column_config=dict(county_table.config),
                 placeholder=t("no_data"))  # fmt: skip

# --- export: both tables with a sources sheet ---------------------------------------------
group_export = tables.groups_export
with st.expander(t("export")):
    row = st.container(horizontal=True)  # one block for the four buttons, not four columns
    stem = f"gap_{indicator}_{first}_{latest}_{province or 'cn'}"
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    # callables: the files (and their sources sheet) are made only when a button is clicked, not on every rerun
    def sheet() -> pd.DataFrame:
        return sources_sheet(version, indicator, first, latest, language)

    row.download_button(t("export_counties"), lambda: export.csv_bytes(county_display),
                        f"{stem}_counties.csv", "text/csv", on_click="ignore")
    row.download_button(t("export_counties_xlsx"), lambda: export.xlsx_bytes(county_display, sheet()),
                        f"{stem}_counties.xlsx", xlsx, on_click="ignore")
    row.download_button(t("export_groups"), lambda: export.csv_bytes(group_export),
                        f"{stem}_groups.csv", "text/csv", on_click="ignore")
    row.download_button(t("export_groups_xlsx"), lambda: export.xlsx_bytes(group_export, sheet()),
                        f"{stem}_groups.xlsx", xlsx, on_click="ignore")
    st.caption(t("nominal_note") if indicator in menu.nominal else t("intro"))
