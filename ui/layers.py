"""Cached map pieces shared by the map pages: the base map, feature collections, the
coloured key-county layer (its colours come from ``ui.choropleth``) and the small
rendered layers (fit view, highlight).

Everything here is cached once per process (``ui.memo.shared``): no argument hashing or
unpickling per call. Feature collections are handed out frozen (``FrozenDict``, tuples),
so no caller can change what every other session reads; ``copy.copy`` of one gives a plain,
editable top-level dict (for subsets) that still shares the frozen features.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Mapping
from types import MappingProxyType

import folium
import pandas as pd
import shapely
import streamlit as st

from geo import maps, shapefiles
from geo.assets import GENERATED_DIR, asset_url, publish_file
from geo.fmt import format_value
from geo.i18n import level_label, translator
from ui import memo
from ui.folium_adapter import MapPayload, RenderedLayer, prerender, serialise
from ui.frozen import FrozenDict, freeze, items_key, thaw
from ui.state import query

TOOLTIP_FIELDS = ("name", "place", "level_label", "value_label")
SOURCE = "atlas_source"
"""Foreign member of a ``county_features`` collection: the arguments that made it (a cheap cache key)."""


def tianditu_key() -> str:
    """Tianditu key from the environment or ``st.secrets`` (empty when not configured)."""
    key = os.environ.get("TIANDITU_KEY", "")
    if not key:
        try:
            key = str(st.secrets.get("TIANDITU_KEY", ""))
        except Exception:  # no secrets file at all
            key = ""
    return key


def basemap_datum(basemap_key: str) -> str:
    basemap = maps.BASEMAPS.get(basemap_key)
    return basemap.datum if basemap else maps.DATUM


@memo.shared(maxsize=64)
def county_features(
    version: tuple[str, float], level: str, province: str | None, prefecture: str | None, key_only: bool, datum: str
) -> FrozenDict:
    """Counties as a frozen FeatureCollection (properties: adcode, name, prefecture, province, support_level)
    without geometry: the browser holds it in static files, so layers of them send properties only.

    ``level`` "national": the base map's topology; "province" (needs ``province``): that province's
    full-detail shapes file (``shapes_url``), made once per process and fetched once per browser.
    """
    features = tuple(
        feature for (in_province, in_prefecture, key), feature in _county_rows(version)
        if (not province or in_province == province) and (not prefecture or in_prefecture == prefecture)
        and (not key_only or key)
    )  # fmt: skip
    collection: dict = {"type": "FeatureCollection", "features": features}
    if level == "national":
        collection[maps.SHARED_TOPOLOGY] = True
    elif level == "province" and province:
        collection[maps.SHAPES_URL] = shapes_url(version, province, datum)
    else:
        raise ValueError(f"county shapes at level {level!r} for province {province!r}")
    collection[SOURCE] = (version, level, province, prefecture, key_only, datum)
    return FrozenDict(collection)


FEATURE_PROPERTIES = ("adcode", "name", "prefecture", "province", "support_level")


@memo.shared(maxsize=4)
def _county_rows(version: tuple[str, float]) -> tuple[tuple[tuple[str, str, bool], FrozenDict], ...]:
    """Every county's ((province, prefecture adcode, key county?), frozen feature without geometry),
    in adcode order: the features of every ``county_features`` collection, made once per process
    (``maps.feature_collection``'s properties: text escaped, missing as None) and shared by them
    (frozen, so sharing is safe). A province's collection then costs a pass over these rows
    instead of filtering the frame and building its features again (≈6 ms a province)."""
    counties = query("county_list")
    columns = list(FEATURE_PROPERTIES)
    features = maps.feature_collection(counties[columns], columns)["features"]
    # frozen here rather than by ``freeze``: its walk of every value was as long as making them
    frozen = [FrozenDict({**f, "properties": FrozenDict(f["properties"])}) for f in features]
    places = zip(counties.province_adcode.tolist(), counties.prefecture_adcode.tolist(),
                 counties.support_level.notna().tolist(), strict=True)  # fmt: skip
    return tuple(zip(places, frozen, strict=True))


@memo.shared(maxsize=128)
def shapes_url(version: tuple[str, float], province: str, datum: str) -> str:
    """URL of the static file of ``province``'s county geometries at province-level detail
    (``geo.shapefiles.shapes_file``: the stored text joined, content-hashed, written once). In the
    stored datum the build has named it (table ``shapes_files``): a file that is already there (any
    process since the build wrote it) costs no query (a province's shapes were ≈7–10 ms of DuckDB)."""
    if not province.isdigit():
        raise ValueError(f"not a province code: {province!r}")
    built = _built_names(version).get(province) if datum == maps.DATUM else None
    if built is not None and (GENERATED_DIR / built).exists():
        return asset_url(built, _base_url_path(), folder="generated")
    shapes = query("map_county_shapes", {"level": "province", "province": province, "prefecture": None, "key_only": False})
    return _published(shapefiles.province_stem(province), shapes, datum)


@memo.shared(maxsize=4)
def _built_names(version: tuple[str, float]) -> Mapping[str, str]:
    """province adcode → the name the build gave its shapes file in the stored datum."""
    names = query("shapes_files")
    return MappingProxyType(dict(zip(names.province_adcode, names.file, strict=True)))


def _published(stem: str, shapes: pd.DataFrame, datum: str) -> str:
    """URL of ``shapes`` (adcode, geojson) written as a static, content-hashed shapes file."""
    name = publish_file(stem, shapefiles.shapes_file(shapes, datum), "json")
    return asset_url(name, _base_url_path(), folder="generated")


@memo.shared(maxsize=64)
def level_fills(
    version: tuple[str, float], level: str, province: str | None, prefecture: str | None, key_only: bool, datum: str
) -> FrozenDict:
    """adcode → colour of its support level, for the counties of that ``county_features`` collection."""
    features = county_features(version, level, province, prefecture, key_only, datum)["features"]
    return FrozenDict({
        f["properties"]["adcode"]: maps.LEVEL_COLORS[f["properties"]["support_level"]]
        for f in features
        if f["properties"]["support_level"] in maps.LEVEL_COLORS
    })  # fmt: skip


@memo.shared(maxsize=16)
def region_features(
    version: tuple[str, float], kind: str, level: str, datum: str, adcode: str | None = None
) -> FrozenDict:
    """Region outlines with their geometry (for points on them) and the same geometry as a static
    shapes file (``maps.SHAPES_URL``), so a layer of them sends properties only."""
    shapes = query("map_region_shapes", {"kind": kind, "level": level, "adcode": adcode})
    collection = maps.feature_collection(shapes, ("adcode",), datum)
    collection[maps.SHAPES_URL] = _published(f"regions-{kind}", shapes, datum)
    return freeze(collection)


@memo.shared(maxsize=64)
def full_county_feature(version: tuple[str, float], adcode: str, datum: str) -> FrozenDict:
    """One county at full resolution (for highlighting a searched county)."""
    rows = query("county_full_shape", {"adcode": adcode})
    if rows.empty:
        return freeze({"type": "FeatureCollection", "features": []})
    geometry = shapely.from_wkb(bytes(rows.wkb.iloc[0]))
    frame = pd.DataFrame({"adcode": [adcode], "geojson": [shapely.to_geojson(shapely.set_precision(geometry, 1e-5))]})
    return freeze(maps.feature_collection(frame, ("adcode",), datum))


@memo.shared(maxsize=64)
def highlight(version: tuple[str, float], adcode: str, datum: str) -> RenderedLayer:
    """The searched county's outline on its halo, rendered once per county and datum, in the
    province-level detail its map shows around it (its province's shapes file: no geometry sent)."""
    counties = query("county_list")
    province = str(counties.province_adcode[counties.adcode == adcode].iloc[0])
    county = copy.copy(county_features(version, "province", province, None, False, datum))
    county["features"] = [f for f in county["features"] if f["properties"]["adcode"] == adcode]
    return prerender(maps.highlight_layer(county))


def fit_view(box: tuple[float, float, float, float]) -> RenderedLayer:
    """The layer that refits the live map to ``box`` at its real size (``maps.fit_bounds_layer``)."""
    return _fit_view(tuple(round(float(value), 4) for value in box))


@memo.shared(maxsize=256)
def _fit_view(box: tuple[float, float, float, float]) -> RenderedLayer:
    return prerender(maps.fit_bounds_layer(box))


def _base_url_path() -> str:
    return str(st.get_option("server.baseUrlPath") or "")


@memo.shared(maxsize=8)
def base_map(version: tuple[str, float], lang: str, basemap_key: str, inset_png: bytes | None) -> MapPayload:
    """All counties as context, province outlines and the maritime line, serialised once per
    language/basemap; the folium object is dropped, only the strings stay in memory."""
    t = translator(lang)
    datum = basemap_datum(basemap_key)
    view = maps.view_for_bounds(*maps.NATIONAL_EXTENT)
    fmap = maps.new_map(
        view, base_url_path=_base_url_path(), basemap=maps.BASEMAPS.get(basemap_key), tianditu_key=tianditu_key()
    )
    script = query("map_topology", {"datum": datum}).script.iloc[0]  # made by python -m geo.build
    maps.add_context_counties(fmap, script, ("label",), (t("county"),), base_url_path=_base_url_path())
    maps.add_maritime_line(fmap, thaw(region_features(version, "maritime", "national", datum)))  # folium may add ids
    if inset_png:
        maps.add_inset(fmap, inset_png, label=t("scs"), base_url_path=_base_url_path())
    return serialise(fmap)


def colored_key_layer(
    features: Mapping,
    fills: Mapping[str, str],
    lang: str,
    value_labels: Mapping[str, str] | None = None,
    name: str = "key_counties",
) -> RenderedLayer:
    """The dynamic layer of a map page, rendered once per distinct content (any session).

    Collections from ``county_features`` (or subsets of them) are keyed by their source and
    adcodes, so the geometry is never hashed; others are rendered every time.
    """
    source = features.get(SOURCE)
    if source is None:
        return prerender(key_layer_group(features, fills, lang, value_labels, name))
    content = (
        _adcodes(features),
        items_key(fills),
        None if value_labels is None else items_key(value_labels),
    )
    return _rendered_key_layer(source, content, lang, name, _Along(features, fills, value_labels))


def _adcodes(features: Mapping) -> tuple[str, ...]:
    def compute(collection: Mapping) -> tuple[str, ...]:
        return tuple(feature["properties"]["adcode"] for feature in collection["features"])

    return features.derived("adcodes", compute) if isinstance(features, FrozenDict) else compute(features)


class _Along:
    """Arguments a memoised function needs but that are not part of its key (equal to any other)."""

    def __init__(self, *values: object) -> None:
        self.values = values

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Along)

    def __hash__(self) -> int:
        return 0


@memo.shared(maxsize=256)
def _rendered_key_layer(source: tuple, content: tuple, lang: str, name: str, along: _Along) -> RenderedLayer:
    features, fills, value_labels = along.values
    return prerender(key_layer_group(features, fills, lang, value_labels, name))


def key_layer_group(
    features: Mapping,
    fills: Mapping[str, str],
    lang: str,
    value_labels: Mapping[str, str] | None = None,
    name: str = "key_counties",
) -> folium.FeatureGroup:
    """Counties coloured by ``fills`` with a tooltip in ``lang``.

    Features carry only the adcode (for clicks) and what the tooltip shows.
    """
    if not features["features"]:  # e.g. a scope without values: folium's tooltip check needs a feature
        return folium.FeatureGroup(name=name)
    t = translator(lang)
    labels = value_labels or {}
    levels = {level: level_label(level, lang) for level in (None, "national", "provincial")}
    fields = TOOLTIP_FIELDS if value_labels is not None else TOOLTIP_FIELDS[:3]

    def properties(props: Mapping) -> dict:
        shown = {
            "adcode": props["adcode"],
            "name": props["name"],
            "place": f"{props['prefecture']} · {props['province']}",
            "level_label": levels.get(props.get("support_level"), levels[None]),
        }
        if value_labels is not None:
            shown["value_label"] = labels.get(props["adcode"], "")
        return shown

    features = {
        "type": "FeatureCollection",
        "features": [
            # the geometry is shared, never modified: only properties are new
            {"type": "Feature", "geometry": feature["geometry"], "properties": properties(feature["properties"])}
            for feature in features["features"]
        ],
        maps.SHARED_TOPOLOGY: features.get(maps.SHARED_TOPOLOGY, False),
        maps.SHAPES_URL: features.get(maps.SHAPES_URL),
    }
    aliases = (t("county"), t("prefecture") + " · " + t("province"), t("level"), t("indicator"))
    return maps.colored_layer(name, features, fills, fields, aliases[: len(fields)])


@memo.shared(maxsize=128)
def indicator_value_labels(
    version: tuple[str, float], indicator: str, year: int | None, lang: str, counties: tuple | None = None
) -> FrozenDict:
    """Tooltip text per adcode for one indicator and year, made once (not per session or rerun).

    ``counties`` is a ``county_features`` collection's source (``features[SOURCE]``): only its
    counties are labelled (a first drill-down formats a province, not all 2,800 counties).
    """
    meta = query("indicator_catalog").set_index("indicator_id").loc[indicator]
    values = query("indicator_values", {"indicator": indicator, "year": year})
    if counties is not None:
        values = values[values.adcode.isin(_adcodes(county_features(*counties)))]
    return FrozenDict({
        str(row.adcode): value_label(row.value, meta.unit, row.year, lang, int(meta.decimals))
        for row in values.itertuples(index=False)
    })  # fmt: skip


def value_label(value: object, unit: str, year: object, lang: str, decimals: int | None = None) -> str:
    """'39.8万人（2020年）' / '398,447 persons (2020)'; missing → 无数据."""
    text = format_value(value, unit, lang, decimals=decimals, per_capita=unit == "元")
    if value is None or pd.isna(value):
        return text
    if year is None or pd.isna(year):
        return text
    return f"{text}（{int(year)}年）" if lang == "zh" else f"{text} ({int(year)})"

