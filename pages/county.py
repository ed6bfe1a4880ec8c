"""县情档案 — one county: status with its source, every indicator with year, unit, source
and rank, comparison with the province and the key-county median, trends, sites, map."""

from __future__ import annotations

import streamlit as st

from geo.pageschemas import COUNTY as SCHEMA
from geo.safetext import esc
from ui import county_view, county_warm, safe, url
from ui.county_map import locator_map
from ui.county_search import county_search
from ui.county_view import LABELS
from ui.frame import require_app_frame
from ui.gap_data import county_trajectory
from ui.mapview import show_map
from ui.prepared import show_chart
from ui.state import db_version, lang, tr

require_app_frame()

t = tr(LABELS)
language = lang()
version = db_version()
state = url.page(SCHEMA)
# Find a county by name, former name or code (ui.county_search): a select box of all 2,875
# counties was ~155 kB of every visit; a link's ?adcode= fills the search box.
adcode = county_search(st.container(), state, "adcode")
if not adcode:
    st.info(t("none_chosen"))
    st.stop()

view = county_view.profile(version, adcode, language)
head = view.heading
safe.markdown("{}", head.title)
safe.caption("{}", head.place)

info, map_col = st.columns([3, 2])
with info:
    safe.markdown("{}", head.level)
    if head.source:
        safe.markdown("{}", head.source)
        if head.quote:
            safe.caption("{}", head.quote)
        elif head.note and language == "zh":
            # The list's research notes are recorded in English (with Chinese quotations): in Chinese
            # mode they sit, labelled as such, in a closed expander.
            with st.expander(esc(t("support_note"))):
                safe.caption("{}", head.note)
        elif head.note:
            safe.caption("{}", head.note)
        if head.others:
            with st.expander(esc(head.others_label)):
                for line in head.others:
                    safe.markdown("{}", line)
    st.dataframe(view.flags, hide_index=True, width="stretch")
with map_col:
    st.markdown(f"**{t('map')}**")
    located = locator_map(version, adcode, language)
    show_map(located.base, key=f"county_map_{adcode}", layers=located.layers, height=320, returned_objects=(),
             center=located.view[0], zoom=located.view[1])

st.markdown(f"#### {t('criteria')}")
for column, criterion in zip(st.columns(len(view.criteria)), view.criteria, strict=True):
    column.metric(criterion.label, criterion.value)
    if criterion.year is not None:
        safe.caption("{} {} · {}", t("col_year"), criterion.year, criterion.source, on=column)
st.caption(t("criteria_note"))
st.markdown(f"#### {t('indicators')}")
# The verification mark has its own narrow column before the long source titles, so it is
# visible at 1440 px without scrolling the table sideways.
st.dataframe(
    view.indicators, hide_index=True, width="stretch",
    column_config={
        t("col_year"): st.column_config.TextColumn(width="small"),
        t("col_verified"): st.column_config.TextColumn(width="small"),
        t("col_source"): st.column_config.TextColumn(width="large"),
    },
)
st.caption(t("rank_note"))

names = view.names
compare_col, trend_col = st.columns(2)
with compare_col:
    st.markdown(f"#### {t('compare')}")
    chosen = st.selectbox(t("compare_pick"), list(names), index=view.compare_default, format_func=names.get,
                          key="cmp_ind", placeholder=t("choose"))  # fmt: skip
    bars = county_view.compare_chart(version, adcode, chosen, language)
    show_chart(bars.spec)
    safe.caption("{}", bars.caption)
with trend_col:
    st.markdown(f"#### {t('trend')}")
    if view.trend_options:
        pick = st.selectbox(t("trend_pick"), view.trend_options, format_func=names.get, key="trend_ind",
                            placeholder=t("choose"))  # fmt: skip
        line = county_view.trend(version, adcode, pick, language)
        show_chart(line.spec)
        safe.caption("{}", line.caption)
    else:
        st.caption(t("no_data"))

county_trajectory(adcode, language)

st.markdown(f"#### {t('sites')}")
if view.sites is None:
    st.caption(t("no_sites"))
else:
    st.dataframe(view.sites, hide_index=True, width="stretch")

county_warm.start(version, language)  # what the next county opened shares with this one, made meanwhile
