"""易地搬迁安置点 — relocation sites on the map, in tables, and beside the official figures."""

from __future__ import annotations

import streamlit as st

from geo import maps, printmap
from geo.fmt import format_value
from geo.pageschemas import SITES as SCHEMA
from geo.site_points import SIZE_CLASS_ORDER, precision_label, size_class_label
from ui import layers, places, safe, url
from ui.completeness import incomplete_legend, incomplete_overlay
from ui.county_search import county_search
from ui.frame import require_app_frame
from ui.mapview import show_map
from ui.overview_parts import inset_png
from ui.point_toggles import cluster_assets, point_layer, size_class_filter
from ui.printing import completeness, print_action
from ui.sites_parts import KEY_FILLS, coverage_panel, key_context, sites_legend, sites_view
from ui.sites_parts import LABELS as PAGE_LABELS
from ui.state import db_version, lang, query, source_book, tr

require_app_frame()

t = tr(PAGE_LABELS)
language = lang()
version = db_version()
book = source_book(version)


st.title(t("title"))
st.caption(t("intro"))

state = url.page(SCHEMA)
with st.sidebar:
    st.subheader(t("filters"))
    sizes = size_class_filter(state, "st_sizes")
    key_only = state.bind("st_key", st.checkbox, t("key_only"))
    clustered = state.bind("st_cluster", st.checkbox, t("clustered"))
    # Zoom to a province, prefecture or county (昭通's large sites, say); codes in the URL.
    st.subheader(t("zoom"))
    provinces = places.province_names(version)
    zoom_province = state.bind(
        "st_prov", st.selectbox, t("province"), [None, *provinces],
        format_func=lambda code: provinces.get(code, t("whole_country")), placeholder=t("choose"),
    )
    prefecture_names = places.prefecture_names(version, zoom_province)
    zoom_prefecture = state.bind(
        "st_pref", st.selectbox, t("prefecture"), [None, *prefecture_names],
        format_func=lambda code: prefecture_names.get(code, "—"), disabled=not zoom_province, placeholder=t("choose"),
    )
    zoom_county = county_search(st.sidebar, state, "st_county")

# --- coverage vs official figures -------------------------------------------------------------
panel = coverage_panel(version, language)
st.subheader(t("coverage"))
safe.html("{}", panel.cards)  # Markup: its parts escaped by ui.sites_parts
safe.info(t("coverage_note"), **panel.note)

# --- map ---------------------------------------------------------------------------------------
if not sizes:
    st.warning(t("no_sizes"))
key_layer, fills = key_context(version, language)
dynamic = [key_layer, incomplete_overlay(language), cluster_assets()]
if sizes:
    dynamic.append(point_layer("sites", sizes=sizes, clustered=clustered, key_only=key_only))
counties = query("county_list").set_index("adcode") if zoom_county else None
if counties is not None and zoom_county in counties.index:
    area, place = counties.loc[zoom_county], counties.loc[zoom_county, "name"]
elif zoom_prefecture:
    prefectures = query("prefecture_list", {"province": zoom_province}).set_index("adcode")
    area, place = prefectures.loc[zoom_prefecture], prefecture_names[zoom_prefecture]
elif zoom_province:
    area, place = query("province_list").set_index("adcode").loc[zoom_province], provinces[zoom_province]
else:
    area, place = None, None
box = maps.NATIONAL_EXTENT if area is None else (area.min_lon, area.min_lat, area.max_lon, area.max_lat)
center, zoom = maps.view_for_bounds(*box, width=1100, height=600)
dynamic.append(layers.fit_view(box))
in_area = zoom_county or zoom_prefecture or zoom_province or ""
prefix = in_area if zoom_county else in_area[:4] if zoom_prefecture else in_area[:2]
view = sites_view(version, language, sizes, key_only, prefix)
map_column, legend_column = st.columns([5, 1])
with map_column:
    base = layers.base_map(version, language, "none", inset_png(version))
    result = show_map(base, key="sites_map", layers=dynamic, center=center, zoom=zoom, height=600)
with legend_column:
    safe.html("{}", sites_legend(language, tuple(sizes or SIZE_CLASS_ORDER)))
    legend_levels = [KEY_FILLS["national"], KEY_FILLS["provincial"]]
    safe.html("{}", maps.legend_rows(legend_levels, [t("national"), t("provincial")]))
    safe.html("{}", incomplete_legend(language))
    print_action(
        printmap.PrintView(
            t("title"), fills, [(KEY_FILLS["national"], t("national")), (KEY_FILLS["provincial"], t("provincial"))],
            legend_title=t("level"), points=view.print_points, sources=list(view.sources),
            **completeness(language),
        ),
        "st_print", language,
    )

clicked_id = ((result.get("last_active_drawing") or {}).get("properties") or {}).get("site_id")
clicked = view.points[view.points.site_id == clicked_id] if clicked_id else None
if clicked is not None and not clicked.empty:
    row = clicked.iloc[0]
    safe.success(
        "{}：**{}** · {} · {} · {} — {}（{}）· {} · {}",
        t("clicked"), row["name"], row.county, row.prefecture, row.province,
        format_value(row.population, "人", language), size_class_label(row.size_class, language),
        precision_label(row.location_precision, language), book.label(row.source_id, language),
    )  # fmt: skip

# --- tables ------------------------------------------------------------------------------------
if place:
    safe.caption(t("zoom_note"), place=place)
tab_sites, tab_county, tab_province = st.tabs([t("tab_sites"), t("tab_county"), t("tab_province")])
with tab_sites:
    st.dataframe(view.table, hide_index=True, width="stretch")
for tab, frame in ((tab_county, view.by_county), (tab_province, view.by_province)):
    with tab:
        st.dataframe(frame, hide_index=True, width="stretch")
        st.caption(t("totals_note"))

st.caption(t("datum_note"))
