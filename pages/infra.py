"""基础设施短板 — key counties ranked by distance to rail and air, flags beside the official figures."""

from __future__ import annotations

import streamlit as st

from geo import maps, printmap
from geo.i18n import level_label
from geo.pageschemas import INFRA as SCHEMA
from geo.point_layers import infra_legend_html
from ui import layers, safe, url
from ui.completeness import incomplete_legend, incomplete_overlay
from ui.frame import require_app_frame
from ui.infra_parts import LABELS as PAGE_LABELS
from ui.infra_parts import flag_tiles, infra_view, print_points
from ui.mapview import show_map
from ui.overview_parts import inset_png
from ui.point_toggles import point_layer
from ui.printing import choropleth_legend, completeness, print_action
from ui.state import db_version, lang, source_book, tr

require_app_frame()

t = tr(PAGE_LABELS)
language = lang()
version = db_version()
book = source_book(version)


st.title(t("title"))
st.caption(t("intro"))
state = url.page(SCHEMA)

# --- flag counts beside the official figures ---------------------------------------------------
tiles, listed = flag_tiles(version, language)
st.subheader(t("flags"))
for column, tile in zip(st.columns(4), tiles, strict=True):
    column.metric(tile.label, tile.ours, help=t("of_listed"))
    if tile.official is None:
        column.caption(t("no_official"))
    else:
        safe.caption(
            "{}：{} / 160（{}） — {}；{}" if language == "zh" else "{}: {} / 160 ({}) — {}; {}",
            t("official"), *tile.official, on=column,
        )  # fmt: skip
safe.caption("{}：{}" if language == "zh" else "{}: {}", t("source"), book.label("infra_flags", language))
safe.warning(t("vintage"), listed=listed)

# --- controls ----------------------------------------------------------------------------------
with st.sidebar:
    st.subheader(t("controls"))
    metric = state.bind("inf_metric", st.radio, t("color_by"), ["dist_rail_km", "dist_airport_km"], format_func=t)
    level = state.bind(
        "inf_level", st.selectbox, t("level"), ["national", "provincial", "both"],
        format_func=lambda v: t("both") if v == "both" else level_label(v, language), placeholder=t("choose"),
    )
    show_stations = state.bind("inf_rail", st.checkbox, t("show_stations"))
    show_airports = state.bind("inf_air", st.checkbox, t("show_airports"))

# --- map: key counties coloured by distance, stations and airports on top ---------------------
view = infra_view(version, language, metric, level)
choro = view.choro
dynamic = [view.layer, incomplete_overlay(language)]
if show_stations:
    dynamic.append(point_layer("stations"))
if show_airports:
    dynamic.append(point_layer("airports"))
center, zoom = maps.view_for_bounds(*maps.NATIONAL_EXTENT, width=1100, height=600)
dynamic.append(layers.fit_view(maps.NATIONAL_EXTENT))
map_column, legend_column = st.columns([5, 1])
with map_column:
    base = layers.base_map(version, language, "none", inset_png(version))
    show_map(base, key="infra_map", layers=dynamic, center=center, zoom=zoom, height=600, returned_objects=())
with legend_column:
    safe.html("{}", view.legend)
    st.caption(t("zero_note"))
    safe.html("{}", incomplete_legend(language))
    safe.html("{}", infra_legend_html(language))
    print_legend, print_legend_title = choropleth_legend(choro)
    print_action(
        printmap.PrintView(
            f"{t('title')} · {t(metric)}", choro.fills, print_legend, legend_title=print_legend_title,
            subtitle=level_label(level, language) if level != "both" else t("both"),
            sources=[book.label(code, language) for code in ("infra_flags", "rail_stations", "airports")],
            points=print_points(version, language, show_stations, show_airports), **completeness(language),
        ),
        "inf_print", language,
    )

# --- ranking -----------------------------------------------------------------------------------
st.subheader(t("ranking"))
st.dataframe(view.table, hide_index=True, width="stretch")
safe.caption(
    "{}：{}。" if language == "zh" else "{}: {}.", t("source"),
    book.labels(["infra_flags", "rail_stations", "airports"], language, sep="；" if language == "zh" else "; "),
)
st.caption(t("datum_note"))
