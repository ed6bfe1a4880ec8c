"""The small locator map of the county profile: the county at full detail among its neighbours."""

from __future__ import annotations

from geo import maps
from ui import layers, memo
from ui.folium_adapter import MapPayload, serialise
from ui.state import query


@memo.shared(maxsize=64)
def locator_map(
    version: tuple[str, float], adcode: str, lang: str
) -> tuple[MapPayload, tuple[tuple[float, float], float]]:
    """(payload, view) for one county, serialised once: every visit sends the same strings."""
    county = query("county_list").set_index("adcode").loc[adcode]
    pad_lon = max(county.max_lon - county.min_lon, 0.2) * 0.6
    pad_lat = max(county.max_lat - county.min_lat, 0.2) * 0.6
    box = {
        "min_lon": county.min_lon - pad_lon,
        "max_lon": county.max_lon + pad_lon,
        "min_lat": county.min_lat - pad_lat,
        "max_lat": county.max_lat + pad_lat,
    }
    neighbours = maps.feature_collection(
        query("county_neighbours", box), ("adcode", "name", "prefecture", "province", "support_level")
    )
    # The county whole, with a ring of neighbours, fitted to the map's real width in the browser.
    shown = maps.padded_box((county.min_lon, county.min_lat, county.max_lon, county.max_lat), share=0.35, minimum=0.15)
    view = maps.view_for_bounds(*shown, width=420, height=320)
    fmap = maps.new_map(view)
    maps.fit_bounds_layer(shown).add_to(fmap)
    fills = {
        f["properties"]["adcode"]: maps.LEVEL_COLORS.get(f["properties"]["support_level"], maps.CONTEXT_STYLE["fillColor"])
        for f in neighbours["features"]
    }
    layers.key_layer_group(neighbours, fills, lang).add_to(fmap)
    maps.highlight_layer(layers.full_county_feature(version, adcode, maps.DATUM)).add_to(fmap)
    return serialise(fmap), view
