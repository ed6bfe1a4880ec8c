"""The one module that knows streamlit-folium's internals (pinned: 0.27.4), and branca's one
(``LazyTemplate``).

``st_folium`` serialises the whole map on every script run: a full render, the Leaflet
script of every element, header/HTML regexes and a hash of the script. For a map that is
the same for every session that is per-session work that could be per process, and it
mutates the map (element ids, attached feature groups), so a shared map needs a lock.

Here the same steps are split: ``serialise`` turns a map into a ``MapPayload`` of plain
strings once (cache it; the folium object can then be dropped), and ``show`` sends a
payload to streamlit-folium's component with this run's dynamic layers
(``feature_group_to_add``), center and zoom, exactly as ``st_folium`` would.
``tests/test_folium_adapter.py`` compares the two argument by argument, so an upgrade
that changes streamlit-folium's behaviour fails there, loudly, before it reaches a page.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from importlib.metadata import version
from typing import Any

import branca
import branca.element
import folium
import folium.elements
import jinja2
import streamlit as st
import streamlit_folium

STREAMLIT_FOLIUM_VERSION = "0.27.4"
if version("streamlit-folium") != STREAMLIT_FOLIUM_VERSION:  # pragma: no cover - fails at import on purpose
    raise ImportError(
        f"ui/folium_adapter.py is written against streamlit-folium {STREAMLIT_FOLIUM_VERSION}, "
        f"found {version('streamlit-folium')}: re-check it against st_folium and run tests/test_folium_adapter.py"
    )

class LazyTemplate:
    """A jinja2 ``Template`` compiled when first used, not when made.

    branca's render pass wraps every macro's output — a layer's whole script, its data included —
    in ``Element(output)``, whose ``__init__`` compiles that text as a Jinja template; streamlit-folium
    reads the macros directly and never renders those elements, so a first render of a layer spent
    ≈40 % of its time compiling templates nobody used (a county's locator layers ≈10 ms). Made lazy by
    replacing ``branca.element.Template`` (the name ``Element.__init__`` and ``__setstate__`` call), the
    one branca internal touched here; a map rendered whole (``get_root().render()``) compiles them then,
    with the same output (``tests/test_folium_adapter.py``).
    """

    __slots__ = ("_compiled", "_source")

    def __init__(self, source: str) -> None:
        self._source = source
        self._compiled: jinja2.Template | None = None

    def __getattr__(self, name: str) -> Any:  # render, module, …: the compiled template's
        if name.startswith("__") or name in self.__slots__:  # copy/pickle probes, unset slots: not delegated
            raise AttributeError(name)
        if self._compiled is None:
            self._compiled = jinja2.Template(self._source)
        return getattr(self._compiled, name)


if branca.element.Template is jinja2.Template:
    branca.element.Template = LazyTemplate

# The initial values st_folium reports for the interaction data this app reads.
_DEFAULTS: dict[str, Any] = {"last_active_drawing": None, "last_clicked": None, "last_object_clicked": None}


@dataclass(frozen=True)
class MapPayload:
    """What streamlit-folium's component receives for a map: strings only, safe to share."""

    script: str
    header: str
    html: str
    map_id: str
    css_links: tuple[str, ...]
    js_links: tuple[str, ...]


def _walk(element: branca.element.Element) -> Iterator[branca.element.Element]:
    if isinstance(element, branca.colormap.ColorMap):
        raise ValueError("branca colormaps make streamlit-folium load d3 from a CDN; draw legends in the page")
    if isinstance(element, folium.elements.JSCSSMixin):
        yield element
    for child in getattr(element, "_children", {}).values():
        yield from _walk(child)


def _links(*elements: branca.element.Element) -> tuple[tuple[str, ...], tuple[str, ...]]:
    css: list[str] = []
    js: list[str] = []
    for item in (found for element in elements for found in _walk(element)):
        css.extend(href for _, href in getattr(item, "default_css", []))
        js.extend(src for _, src in getattr(item, "default_js", []))
    return tuple(dict.fromkeys(css)), tuple(dict.fromkeys(js))


def serialise(fmap: folium.Map) -> MapPayload:
    """The map as st_folium would send it (consumes ``fmap``: its element ids are renamed)."""
    fmap.get_root().render()
    fmap.render()
    html = streamlit_folium._get_html(fmap)  # before _get_map_string, which renames elements
    header = streamlit_folium._get_header(fmap)
    script = streamlit_folium._get_map_string(fmap)
    css, js = _links(fmap)
    return MapPayload(script, header, html, streamlit_folium.get_full_id(fmap), css, js)


@dataclass(frozen=True)
class RenderedLayer:
    """A dynamic layer's script, rendered once with a slot for its position among the layers."""

    script: str
    css_links: tuple[str, ...]
    js_links: tuple[str, ...]


_SLOT = "ATLASSLOT"  # upper case: never matched by streamlit-folium's lower-case id renaming


def prerender(group: folium.FeatureGroup) -> RenderedLayer:
    """Render a dynamic layer once (cacheable); ``show`` puts it at its index.

    streamlit-folium attaches a group to the map it is given; here that is a fresh, empty
    map per call, so nothing shared is ever modified.
    """
    holder = folium.Map(tiles=None)
    script = streamlit_folium._get_feature_group_string(group, map=holder, idx=_SLOT)  # type: ignore[arg-type]
    css, js = _links(group)  # not the holder's own (CDN) links
    return RenderedLayer(script, css, js)


def layers_script(
    layers: Sequence[folium.FeatureGroup | RenderedLayer],
) -> tuple[str | None, tuple[str, ...], tuple[str, ...]]:
    """(feature_group script, css links, js links) for this run's dynamic layers.

    Layers that are all ``RenderedLayer`` (the map pages' cached ones) are joined once per
    distinct combination; a folium group among them is rendered here, every time.
    """
    if not layers:
        return None, (), ()
    if all(isinstance(layer, RenderedLayer) for layer in layers):
        return _joined(tuple(layers))
    return _join([layer if isinstance(layer, RenderedLayer) else prerender(layer) for layer in layers])


def _join(rendered: Sequence[RenderedLayer]) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    script = "".join(
        layer.script.replace(f"feature_group_{_SLOT}", f"feature_group_{index}") for index, layer in enumerate(rendered)
    )
    css = tuple(link for layer in rendered for link in layer.css_links)
    js = tuple(link for layer in rendered for link in layer.js_links)
    return script, css, js


@functools.lru_cache(maxsize=256)
def _joined(rendered: tuple[RenderedLayer, ...]) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    return _join(rendered)


@functools.lru_cache(maxsize=512)
def _component_key(script: str, key: str) -> str:
    """streamlit-folium's component key: stable while the base map is, whatever the layers."""
    return streamlit_folium.generate_js_hash(script, key, False)


def show(
    payload: MapPayload,
    *,
    key: str,
    layers: Sequence[folium.FeatureGroup | RenderedLayer] = (),
    center: Sequence[float] | None = None,
    zoom: float | None = None,
    height: int = 640,
    returned_objects: Sequence[str] = ("last_active_drawing",),
    on_change: Callable[[], None] | None = None,
) -> dict[str, Any]:
    """``st_folium(map, key=…, use_container_width=True, feature_group_to_add=layers, …)`` for a payload."""
    unknown = set(returned_objects) - set(_DEFAULTS)
    if unknown:
        raise ValueError(f"returned_objects not supported by the adapter: {sorted(unknown)}")
    feature_group, layer_css, layer_js = layers_script(layers)
    component_key = _component_key(payload.script, key)

    def changed() -> None:
        st.session_state[key] = st.session_state.get(component_key, {})
        if on_change is not None:
            on_change()

    # Sequences go as tuples: Streamlit asks of every list or dict argument whether it is a dataframe
    # (``dataframe_util.is_dataframe_like``: 0.66 ms for a list of two floats, ≈60 µs for a list of
    # strings) and answers a tuple at once; json.dumps writes both as the same array.
    value = streamlit_folium._component_func(
        script=payload.script,
        header=payload.header,
        html=payload.html,
        id=payload.map_id,
        key=component_key,
        height=height,
        width=None,
        returned_objects=tuple(returned_objects),
        default={name: _DEFAULTS[name] for name in returned_objects},
        zoom=zoom,
        center=tuple(center) if center is not None else None,
        feature_group=feature_group,
        return_on_hover=False,
        layer_control=None,
        pixelated=False,
        css_links=tuple(dict.fromkeys(payload.css_links + layer_css)),
        js_links=tuple(dict.fromkeys(payload.js_links + layer_js)),
        on_change=changed,
        wrap_longitude=False,
    )
    return value or {}
