"""The incomplete key-county list on every map: dashed province outlines with "名单待补全 n/N"
and the matching legend row (counts from the database, ``geo.completeness``)."""

from __future__ import annotations

from geo import maps
from geo.completeness import LABELS, IncompleteProvince, incomplete_provinces
from geo.i18n import translator
from geo.safetext import Markup, fmt, join
from ui import layers, memo
from ui.folium_adapter import RenderedLayer, prerender
from ui.state import db_version, query


def incomplete(province: str | None = None) -> tuple[IncompleteProvince, ...]:
    """Provinces whose list is incomplete (only ``province`` when given)."""
    return _incomplete(db_version(), province)


@memo.shared(maxsize=64)
def _incomplete(version: tuple[str, float], province: str | None) -> tuple[IncompleteProvince, ...]:
    """Once per database version (a province: picked from the national list, not recounted)."""
    if province is not None:
        return tuple(p for p in _incomplete(version, None) if p.adcode == province)
    return tuple(incomplete_provinces(query("key_county_progress")))


def incomplete_overlay(lang: str, datum: str = maps.DATUM, province: str | None = None) -> RenderedLayer:
    """The dashed outlines and their labels, for the whole country or one province."""
    return _overlay(db_version(), lang, datum, province)


@memo.shared(maxsize=128)
def _overlay(version: tuple[str, float], lang: str, datum: str, province: str | None) -> RenderedLayer:
    """Rendered once per version, language, datum and province, for every session."""
    provinces = layers.region_features(version, "province", "national", datum)
    return prerender(maps.incomplete_list_layer(provinces, {p.adcode: p.label(lang) for p in _incomplete(version, province)}))


def incomplete_legend(lang: str, province: str | None = None) -> Markup:
    """Legend row for the outline and one line per incomplete province (empty when complete)."""
    return _legend(db_version(), lang, province)


@memo.shared(maxsize=128)
def _legend(version: tuple[str, float], lang: str, province: str | None) -> Markup:
    found = _incomplete(version, province)
    if not found:
        return Markup("")
    lines = [fmt("<div style='font-size:.8em;color:#555'>{}</div>", p.detail(lang)) for p in found]
    return join("", [maps.incomplete_legend_row(translator(lang, LABELS)("legend")), *lines])
