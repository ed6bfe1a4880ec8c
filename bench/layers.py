"""Payload of the point layers as streamlit-folium sends them (``feature_group_to_add``).

``layer_payloads()`` returns (name, bytes of the layer's JavaScript) for the bench in
``bench/map.py``; run ``python bench/layers.py`` to print them on their own.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import folium  # noqa: E402
from streamlit_folium import _get_feature_group_string  # noqa: E402

from geo import db, point_layers  # noqa: E402
from geo.site_points import SIZE_CLASS_ORDER, site_points  # noqa: E402


def sites_layer(points, lang, clustered=True, *, datum=point_layers.DATUM, base_url_path=""):
    """Sites as the pages show them: markers in a (clustered) group."""
    return point_layers.point_group(point_layers.site_markers(points, lang, datum=datum), "sites", clustered, base_url_path)


def stations_layer(stations, lang, *, datum=point_layers.DATUM):
    return point_layers.point_group(point_layers.station_markers(stations, lang, datum=datum), "stations")


def airports_layer(airports, lang, *, datum=point_layers.DATUM):
    return point_layers.point_group(point_layers.airport_markers(airports, lang, datum=datum), "airports")

def _payload(group: folium.FeatureGroup) -> int:
    """Bytes of the JS streamlit-folium generates for one dynamic layer (UTF-8)."""
    return len(_get_feature_group_string(group, folium.Map(tiles=None), 0).encode("utf-8"))


def layer_payloads(lang: str = "zh") -> list[tuple[str, int]]:
    """(layer name, payload bytes) for the sites, stations and airports layers and the cluster carrier."""
    with db.connect(read_only=True) as con:
        sites = site_points(db.run(con, "sites_points", {"size_classes": list(SIZE_CLASS_ORDER), "key_only": False}))
        stations = db.run(con, "infra_stations")
        airports = db.run(con, "infra_airports")
    large = sites[sites.size_class == "ge10000"]
    return [
        (f"sites, clustered ({len(sites)})", _payload(sites_layer(sites, lang))),
        (f"sites ≥10,000 only ({len(large)})", _payload(sites_layer(large, lang))),
        (f"rail stations and halts ({len(stations):,})", _payload(stations_layer(stations, lang))),
        (f"airports ({len(airports)})", _payload(airports_layer(airports, lang))),
        ("markercluster asset carrier", _payload(point_layers.cluster_assets_layer())),
    ]


def main() -> None:
    started = time.perf_counter()
    payloads = layer_payloads()
    elapsed = time.perf_counter() - started
    for name, size in payloads:
        print(f"{name:<36} {size / 1024:8.1f} KB")
    print(f"{'(built and rendered in)':<36} {elapsed:8.2f} s")


if __name__ == "__main__":
    main()
