"""ui.frozen and the map memos: what every session shares refuses changes, copies stay editable,
and equal content is rendered once."""

from __future__ import annotations

import copy
import json
import pickle

import pytest

from geo import maps
from ui import layers
from ui.frozen import FrozenDict, freeze, items_key, thaw


def test_frozen_values_refuse_changes_at_every_level() -> None:
    value = freeze({"features": [{"properties": {"adcode": "1"}, "geometry": {"coordinates": [[1.0, 2.0]]}}]})
    feature = value["features"][0]
    for change in (
        lambda: value.__setitem__("x", 1),
        lambda: value.update(x=1),
        lambda: value.pop("features"),
        lambda: feature["properties"].__setitem__("adcode", "2"),
        lambda: feature.__setitem__("id", "0"),  # what folium's find_identifier would do
    ):
        with pytest.raises(TypeError):
            change()
    with pytest.raises(AttributeError):
        value["features"].append({})  # a tuple
    assert feature["properties"] == {"adcode": "1"}


def test_copies_are_plain_and_editable_and_serialise_like_dicts() -> None:
    value = freeze({"type": "FeatureCollection", "features": [{"properties": {"adcode": "1"}}]})
    subset = copy.copy(value)
    subset["features"] = []
    assert type(subset) is dict and len(value["features"]) == 1
    deep = copy.deepcopy(value)
    deep["features"][0]["properties"]["adcode"] = "2"
    assert value["features"][0]["properties"]["adcode"] == "1"
    assert thaw(value) == {"type": "FeatureCollection", "features": [{"properties": {"adcode": "1"}}]}
    assert json.loads(json.dumps(value)) == thaw(value)
    assert pickle.loads(pickle.dumps(value)) == value


def test_items_key_is_computed_once_per_frozen_mapping() -> None:
    fills = FrozenDict({"b": "#fff", "a": "#000"})
    assert items_key(fills) == (("a", "#000"), ("b", "#fff"))
    assert items_key(fills) is items_key(fills)
    assert items_key({"b": 1, "a": 2}) == (("a", 2), ("b", 1))


def test_county_features_are_shared_frozen_and_layers_rendered_once(atlas_db: str) -> None:
    from ui.state import db_version

    version = db_version()
    features = layers.county_features(version, "national", None, None, True, maps.DATUM)
    assert features is layers.county_features(version, "national", None, None, True, maps.DATUM)
    with pytest.raises(TypeError):
        features["features"][0]["properties"]["name"] = "changed"
    fills = layers.level_fills(version, "national", None, None, True, maps.DATUM)
    first = layers.colored_key_layer(features, fills, "zh")
    assert layers.colored_key_layer(features, dict(fills), "zh") is first  # same content, any mapping
    other = layers.colored_key_layer(features, {**fills, next(iter(fills)): "#000000"}, "zh")
    assert other is not first and other.script != first.script
    subset = copy.copy(features)
    subset["features"] = list(features["features"][:3])
    assert layers.colored_key_layer(subset, fills, "zh").script != first.script
