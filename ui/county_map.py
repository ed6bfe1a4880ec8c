"""The small locator map of the county profile: the county among its neighbours.

No geometry is made or sent per county. The shapes are the province-level detail the overview's
drill-down already uses (``ui.layers.shapes_url``: one static, content-hashed file per province,
made once per process and fetched once per browser), so the highlighted outline lies on the
neighbours' borders. Per county only small cached layers travel with one shared empty map: the
view, the county's province (properties and colours only, one layer shared by all its counties),
the few neighbours across a provincial border, and the outline. A county opened for the first time
used to cost a query of every neighbour's shape, clipping, a folium map render and its
serialisation (≈40–75 ms of server CPU); now ≈10 ms once its province's parts exist.
"""

from __future__ import annotations

import copy
from typing import NamedTuple

import pandas as pd
import streamlit as st

from geo import maps
from ui import layers, memo
from ui.folium_adapter import MapPayload, RenderedLayer, serialise
from ui.frozen import FrozenDict
from ui.state import query

WIDTH, HEIGHT = 420, 320  # the map's size on the page (px)


class Locator(NamedTuple):
    base: MapPayload  # the same empty map for every county
    layers: tuple[RenderedLayer, ...]  # fit to the view, its province, the neighbours across a border, the outline
    view: tuple[tuple[float, float], float]  # center and zoom


@memo.shared(maxsize=4)
def _base(version: tuple[str, float]) -> MapPayload:
    """The empty map every locator is drawn on (its layers arrive with each county)."""
    base_url_path = str(st.get_option("server.baseUrlPath") or "")
    fmap = maps.new_map(maps.view_for_bounds(*maps.NATIONAL_EXTENT, width=WIDTH, height=HEIGHT), base_url_path=base_url_path)
    maps.ShapesDecoder(base_url_path).add_to(fmap)
    return serialise(fmap)


@memo.shared(maxsize=64)
def _fills(version: tuple[str, float], province: str) -> FrozenDict:
    """adcode → fill of every county of ``province``: its support level's colour, else the context fill."""
    features = layers.county_features(version, "province", province, None, False, maps.DATUM)["features"]
    context = maps.CONTEXT_STYLE["fillColor"]
    return FrozenDict({
        f["properties"]["adcode"]: maps.LEVEL_COLORS.get(f["properties"]["support_level"], context) for f in features
    })  # fmt: skip


@memo.shared(maxsize=4)
def _places(version: tuple[str, float]) -> pd.DataFrame:
    """Every county's province and extent, indexed by adcode."""
    return query("county_list")[["adcode", "province_adcode", "min_lon", "min_lat", "max_lon", "max_lat"]].set_index("adcode")


def neighbours(places: pd.DataFrame, adcode: str) -> dict[str, list[str]]:
    """province → the counties whose extent touches a box around ``adcode``, its own province first:
    every county its map shows."""
    county = places.loc[adcode]
    pad_lon = max(county.max_lon - county.min_lon, 0.2) * 0.6
    pad_lat = max(county.max_lat - county.min_lat, 0.2) * 0.6
    near = places[
        (places.max_lon >= county.min_lon - pad_lon) & (places.min_lon <= county.max_lon + pad_lon)
        & (places.max_lat >= county.min_lat - pad_lat) & (places.min_lat <= county.max_lat + pad_lat)
    ]  # fmt: skip
    found: dict[str, list[str]] = {str(county.province_adcode): []}
    for code, province in zip(near.index, near.province_adcode, strict=True):
        found.setdefault(str(province), []).append(str(code))
    return found


@memo.shared(maxsize=128)
def province_layer(version: tuple[str, float], province: str, lang: str) -> RenderedLayer:
    """Every county of ``province`` coloured by level with its tooltip, rendered once per province and
    language and shared by the locator of each of its counties (what lies outside a map's view is
    not drawn: Leaflet skips it)."""
    features = layers.county_features(version, "province", province, None, False, maps.DATUM)
    return layers.colored_key_layer(features, _fills(version, province), lang, name=f"neighbours_{province}")


def border_layer(version: tuple[str, float], province: str, adcodes: list[str], lang: str) -> RenderedLayer:
    """The counties ``adcodes`` of another province that the map shows (a few beside the county's own
    province: not that province's whole layer), from its shapes file; rendered once per content."""
    features = layers.county_features(version, "province", province, None, False, maps.DATUM)
    chosen = set(adcodes)
    subset = copy.copy(features)  # keeps the collection's source and shapes file: cached by content
    subset["features"] = [f for f in features["features"] if f["properties"]["adcode"] in chosen]
    return layers.colored_key_layer(subset, _fills(version, province), lang, name=f"neighbours_{province}")


@memo.shared(maxsize=512)
def locator_map(version: tuple[str, float], adcode: str, lang: str) -> Locator:
    """The locator of one county, made once per process: every visit sends the same strings."""
    places = _places(version)
    county = places.loc[adcode]
    # The county whole, with a ring of neighbours, fitted to the map's real width in the browser.
    shown = maps.padded_box((county.min_lon, county.min_lat, county.max_lon, county.max_lat), share=0.35, minimum=0.15)
    own, *others = neighbours(places, adcode).items()
    drawn = [province_layer(version, own[0], lang), *(border_layer(version, *other, lang) for other in others)]
    return Locator(
        _base(version),
        (layers.fit_view(shown), *drawn, layers.highlight(version, adcode, maps.DATUM)),
        maps.view_for_bounds(*shown, width=WIDTH, height=HEIGHT),
    )
