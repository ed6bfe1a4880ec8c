"""Checkboxes (bound to the page's URL schema) that add point layers to any map: sites, stations, airports.

Pages call ``point_layer_controls(state, prefix)`` (parameters ``geo.pageschemas.point_params``) where their controls live and pass the result
to ``ui.mapview.show_map(..., layers=[...])``. Only these dynamic layers change when a box
is ticked; the cached base map is never rebuilt. Each layer is rendered once per database
version, language, datum and filter (``ui.memo``), for every session.
"""

from __future__ import annotations

import streamlit as st

from geo import point_layers
from geo.i18n import translator
from geo.maps import DATUM
from geo.site_points import SIZE_CLASS_ORDER, site_points, size_class_label
from ui import memo
from ui.folium_adapter import RenderedLayer, prerender
from ui.state import db_version, lang, query, tr
from ui.url import PageState

LABELS = {
    "pt_sites": ("安置点", "Relocation sites"),
    "pt_stations": ("铁路站点", "Rail stations"),
    "pt_airports": ("机场", "Airports"),
    "pt_sizes": ("安置点规模", "Site size"),
}


def _base_url_path() -> str:
    return str(st.get_option("server.baseUrlPath") or "")


def _markers(kind: str, language: str, datum: str, sizes: tuple[str, ...], key_only: bool) -> point_layers.CircleMarkers:
    """The data of one point layer."""
    if kind == "sites":
        sites = query("sites_points", {"size_classes": list(sizes), "key_only": key_only})
        return point_layers.site_markers(site_points(sites), language, datum=datum)
    if kind == "stations":
        return point_layers.station_markers(query("infra_stations"), language, datum=datum)
    if kind == "airports":
        return point_layers.airport_markers(query("infra_airports"), language, datum=datum)
    raise ValueError(f"unknown point layer: {kind!r}")


@memo.shared(maxsize=64)
def _rendered(
    version: tuple[str, float], kind: str, language: str, datum: str, sizes: tuple[str, ...], key_only: bool,
    clustered: bool, base_url_path: str,
) -> RenderedLayer:
    """One point layer rendered once per database version and options (the same for every session)."""
    name = translator(language, LABELS)(f"pt_{kind}")
    markers = _markers(kind, language, datum, sizes, key_only)
    return prerender(point_layers.point_group(markers, name, clustered, base_url_path))


def point_layer(
    kind: str,
    *,
    sizes: tuple[str, ...] = SIZE_CLASS_ORDER,
    clustered: bool = False,
    key_only: bool = False,
    datum: str = DATUM,
) -> RenderedLayer:
    """The layer ('sites', 'stations', 'airports') in the current language, rendered once per process."""
    return _rendered(db_version(), kind, lang(), datum, tuple(sizes), key_only, clustered, _base_url_path())


def cluster_assets() -> RenderedLayer:
    """The empty layer that loads markercluster with the map (see ``point_layers.cluster_assets_layer``)."""
    return _cluster_assets(_base_url_path())


@memo.shared(maxsize=4)
def _cluster_assets(base_url_path: str) -> RenderedLayer:
    return prerender(point_layers.cluster_assets_layer(base_url_path))


def size_class_filter(state: PageState, key: str) -> tuple[str, ...]:
    """A multiselect of site size classes bound to the URL as codes (all by default)."""
    language = lang()
    chosen = state.bind(
        key, st.multiselect, tr(LABELS)("pt_sizes"), SIZE_CLASS_ORDER,
        format_func=lambda code: size_class_label(code, language), placeholder=tr(LABELS)("choose"),
    )
    return tuple(code for code in SIZE_CLASS_ORDER if code in chosen)


def point_layer_controls(state: PageState, key_prefix: str, datum: str = DATUM) -> list[RenderedLayer]:
    """Checkboxes for 安置点 / 铁路站点 / 机场 (and site sizes); returns the layers to add.

    The first layer is always the (empty) marker-cluster asset carrier, so the cluster
    script is loaded with the map and ticking 安置点 later works.
    """
    t = tr(LABELS)
    layers = [cluster_assets()]
    if state.bind(f"{key_prefix}_pt_sites", st.checkbox, t("pt_sites")):
        sizes = size_class_filter(state, f"{key_prefix}_pt_sizes")
        if sizes:
            layers.append(point_layer("sites", sizes=sizes, clustered=True, datum=datum))
    if state.bind(f"{key_prefix}_pt_rail", st.checkbox, t("pt_stations")):
        layers.append(point_layer("stations", datum=datum))
    if state.bind(f"{key_prefix}_pt_air", st.checkbox, t("pt_airports")):
        layers.append(point_layer("airports", datum=datum))
    return layers
