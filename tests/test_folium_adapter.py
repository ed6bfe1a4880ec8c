"""ui/folium_adapter.py sends exactly what st_folium would: fails when a streamlit-folium upgrade changes it."""

from __future__ import annotations

import copy
import json
import pickle
import re
from importlib.metadata import version
from typing import Any

import branca.element
import folium
import jinja2
import pytest
import streamlit_folium

from geo import maps, point_layers
from ui import folium_adapter


def _base() -> folium.Map:
    """A small base map with the kinds of elements the app uses (GeoJson, tooltip, float image)."""
    fmap = maps.new_map(maps.view_for_bounds(97, 21, 106, 29))
    features = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {"adcode": "530102", "label": "五华区 · 昆明市"},
             "geometry": {"type": "Polygon", "coordinates": [[[102.6, 25.0], [102.8, 25.0], [102.7, 25.2], [102.6, 25.0]]]}},
        ],
    }  # fmt: skip
    maps.add_maritime_line(fmap, features)
    maps.add_inset(fmap, b"\x89PNG fake")
    return fmap


def _layers() -> list[folium.FeatureGroup]:
    features = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {"adcode": "530102", "name": "五华区", "place": "昆明市 · 云南省"},
             "geometry": {"type": "Polygon", "coordinates": [[[102.6, 25.0], [102.8, 25.0], [102.7, 25.2], [102.6, 25.0]]]}},
        ],
    }  # fmt: skip
    colored = maps.colored_layer("key", features, {"530102": "#b3261e"}, ("name", "place"), ("县", "地区"))
    return [colored, maps.highlight_layer(features), point_layers.cluster_assets_layer()]


def _same_ids(value: Any) -> Any:
    """Element ids are random per folium object; two builds of one map differ only in them."""
    return re.sub(r"_[0-9a-f]{32}", "_ID", value) if isinstance(value, str) else value


def _record(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    calls: list[dict[str, Any]] = []

    def component(**kwargs: Any) -> dict[str, Any]:
        calls.append(kwargs)
        return {"last_active_drawing": {"properties": {"adcode": "530102"}}}

    monkeypatch.setattr(streamlit_folium, "_component_func", component)
    return calls


def test_pinned_version() -> None:
    assert version("streamlit-folium") == folium_adapter.STREAMLIT_FOLIUM_VERSION


def test_show_sends_what_st_folium_sends(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _record(monkeypatch)
    center, zoom = (25.1, 102.7), 8.25
    expected = streamlit_folium.st_folium(
        _base(), key="ov_map", height=640, use_container_width=True, feature_group_to_add=_layers(),
        center=list(center), zoom=zoom, returned_objects=["last_active_drawing"],
    )  # fmt: skip
    payload = folium_adapter.serialise(_base())
    got = folium_adapter.show(payload, key="ov_map", layers=_layers(), center=center, zoom=zoom, height=640)
    assert got == expected
    upstream, ours = calls
    assert set(upstream) == set(ours)
    for name in upstream:
        if name != "on_change":
            # compared as Streamlit sends them (JSON): the adapter passes tuples where st_folium has lists
            sent, expected_sent = json.dumps(_same_ids(ours[name])), json.dumps(_same_ids(upstream[name]))
            assert sent == expected_sent, f"component argument {name!r} differs from st_folium's"
    assert "feature_group_feature_group_2" in ours["feature_group"]
    assert any("markercluster" in link for link in ours["js_links"])


def test_prerendered_layers_equal_layers_rendered_in_place(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _record(monkeypatch)
    payload = folium_adapter.serialise(_base())
    folium_adapter.show(payload, key="m", layers=_layers())
    folium_adapter.show(payload, key="m", layers=[folium_adapter.prerender(layer) for layer in _layers()])
    direct, cached = calls
    assert _same_ids(cached["feature_group"]) == _same_ids(direct["feature_group"])
    assert cached["js_links"] == direct["js_links"] and cached["css_links"] == direct["css_links"]


def test_payload_is_reusable_and_nothing_shared_changes(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _record(monkeypatch)
    payload = folium_adapter.serialise(_base())
    for _ in range(3):
        folium_adapter.show(payload, key="m", layers=_layers())
    scripts = {call["script"] for call in calls}
    groups = {call["feature_group"] for call in calls}
    keys = {call["key"] for call in calls}
    assert len(scripts) == len(groups) == len(keys) == 1  # identical on every run: the browser never remounts


def test_layers_change_without_remounting(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _record(monkeypatch)
    payload = folium_adapter.serialise(_base())
    folium_adapter.show(payload, key="m", layers=_layers()[:1])
    folium_adapter.show(payload, key="m", layers=_layers()[1:2])
    first, second = calls
    assert first["key"] == second["key"] and first["feature_group"] != second["feature_group"]


def test_unsupported_return_values_fail_loudly() -> None:
    with pytest.raises(ValueError, match="bounds"):
        folium_adapter.show(folium_adapter.serialise(_base()), key="m", returned_objects=("bounds",))


def test_branca_templates_compile_when_first_used(monkeypatch: pytest.MonkeyPatch) -> None:
    """The adapter makes branca's per-element templates lazy (``LazyTemplate``): an upgrade of branca that
    stops calling ``branca.element.Template`` for them fails here (the saving would be gone), and a map
    rendered whole (``get_root().render()``, as printing and tests do) is the same as with jinja2's own."""
    element = branca.element.Element("{{ 6 * 7 }}")
    assert isinstance(element._template, folium_adapter.LazyTemplate)
    assert element._template._compiled is None  # nothing compiled until rendered
    assert element.render() == "42"
    fresh = branca.element.Element("{{ 6 * 7 }}")
    assert copy.deepcopy(fresh).render() == pickle.loads(pickle.dumps(fresh)).render() == "42"  # copies still work

    def whole_map() -> str:
        fmap = _base()
        for layer in _layers():
            layer.add_to(fmap)
        return _same_ids(fmap.get_root().render())

    lazy = whole_map()
    assert "#b3261e" in lazy  # the coloured layer's script (a macro's output, rendered through a lazy template)
    monkeypatch.setattr(branca.element, "Template", jinja2.Template)
    assert lazy == whole_map()
