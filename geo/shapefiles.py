"""The static shapes files: a province's county geometries as one JSON object adcode → geometry,
served from ``static/generated`` under a content-hashed name (``ui.layers.shapes_url``) and fetched
once per browser, so a drill-down's or a locator's layers send properties only.

Plain Python without folium: the build (``geo.build``) names every province's file in the stored
datum (table ``shapes_files``), so a process finds a file already written without reading its
shapes; the app writes a file that is missing, and converts for another datum.
"""

from __future__ import annotations

import json

import pandas as pd
import shapely

from geo.assets import content_name
from geo.datum import GCJ02, convert_geometry

STORED = GCJ02  # the datum of the stored shapes


def shapes_file(shapes: pd.DataFrame, datum: str = STORED) -> bytes:
    """A JSON object adcode → GeoJSON geometry of rows with ``adcode, geojson`` (stored GCJ-02;
    converted for another ``datum``), served as a static file for ``geo.maps.SHAPES_URL``. In the
    stored datum it is the stored text joined, nothing parsed."""
    texts = list(shapes.geojson)
    if datum != STORED and texts:
        texts = list(shapely.to_geojson(convert_geometry(shapely.from_geojson(texts), STORED, datum)))
    pairs = (f"{json.dumps(str(adcode))}:{text}" for adcode, text in zip(shapes.adcode, texts, strict=True))
    return ("{" + ",".join(pairs) + "}").encode("utf-8")


def province_stem(province: str) -> str:
    """The stem of ``province``'s shapes file name."""
    return f"shapes-{province}"


def province_file_names(shapes: pd.DataFrame) -> pd.DataFrame:
    """(province_adcode, file): each province's shapes file name in the stored datum, from rows
    ``adcode, province_adcode, geojson`` of the province-level shapes in adcode order (per province
    what ``queries/map_county_shapes.sql`` gives it)."""
    names = [
        (province, content_name(province_stem(province), shapes_file(rows), "json"))
        for province, rows in shapes.groupby("province_adcode", sort=True)
    ]
    return pd.DataFrame(names, columns=["province_adcode", "file"])
