"""Formatting (万/亿), classification with a no-data class, and the GCJ-02 ⇄ WGS-84 conversion."""

from __future__ import annotations

import math

import numpy as np
import pytest
import shapely

from geo import classify, datum, fmt


@pytest.mark.parametrize(
    ("value", "unit", "lang", "expected"),
    [
        (398447, "人", "zh", "39.8万人"),
        (1_349_795_00, "人", "zh", "1.35亿人"),
        (2_517_100, "万元", "zh", "251.71亿元"),
        (13027, "元", "zh", "13,027元"),
        (12.345, "%", "zh", "12.3%"),
        (None, "人", "zh", "无数据"),
        (float("nan"), "%", "en", "no data"),
        (398447, "人", "en", "398,447 persons"),
        (2_517_100, "万元", "en", "25.17 bn yuan"),
    ],
)
def test_format_value(value: object, unit: str, lang: str, expected: str) -> None:
    per_capita = unit == "元"
    assert fmt.format_value(value, unit, lang, per_capita=per_capita) == expected


def test_classification_puts_missing_values_in_the_no_data_class() -> None:
    result = classify.classify([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], "quantiles", 5)
    assert len(result.colors) == 5
    assert result.class_of(None) == -1
    assert result.color_of(float("nan")) == classify.NO_DATA_COLOR
    assert result.class_of(1) == 0 and result.class_of(10) == 4


@pytest.mark.parametrize("scheme", ["quantiles", "natural_breaks", "equal_interval"])
def test_every_value_falls_in_a_class(scheme: str) -> None:
    values = np.random.default_rng(1).lognormal(size=160)
    result = classify.classify(values, scheme, 5)
    assert all(0 <= result.class_of(v) < len(result.colors) for v in values)
    assert result.upper_bounds[-1] == pytest.approx(values.max())


def test_manual_breaks_and_bad_input() -> None:
    result = classify.classify([1, 5, 9, 20], "manual", manual_breaks=[3, 10])
    assert result.upper_bounds == (3.0, 10.0, 20.0)
    with pytest.raises(ValueError):
        classify.classify([1, 2], "bogus")
    with pytest.raises(ValueError):
        classify.classify([], "quantiles")


def test_wgs84_to_gcj02_reference_point() -> None:
    """Reference vector of the public formula (Beijing)."""
    lon, lat = datum.wgs84_to_gcj02(116.404, 39.915)
    assert (float(lon), float(lat)) == pytest.approx((116.41024449916938, 39.91640428150164), abs=1e-9)


def test_round_trip_is_sub_metre_and_outside_china_unchanged() -> None:
    lon = np.array([103.7, 87.6, 126.5])
    lat = np.array([27.3, 43.8, 45.8])
    glon, glat = datum.wgs84_to_gcj02(lon, lat)
    assert np.all(np.hypot(glon - lon, glat - lat) > 1e-3)  # a real shift, hundreds of metres
    wlon, wlat = datum.gcj02_to_wgs84(glon, glat)
    metres = np.hypot((wlon - lon) * 111_000 * np.cos(np.radians(lat)), (wlat - lat) * 111_000)
    assert metres.max() < 0.5
    assert datum.wgs84_to_gcj02(2.35, 48.85) == (pytest.approx(2.35), pytest.approx(48.85))


def test_convert_geometry() -> None:
    square = shapely.box(104, 30, 104.1, 30.1)
    moved = datum.convert_geometry(square, "GCJ-02", "WGS-84")
    assert not moved.equals(square)
    back = datum.convert_geometry(moved, "WGS-84", "GCJ-02")
    assert math.isclose(back.area, square.area, rel_tol=1e-6)
    assert datum.convert_geometry(square, "GCJ-02", "GCJ-02") is square
    with pytest.raises(ValueError):
        datum.convert_geometry(square, "BD-09", "WGS-84")


def test_one_home_for_datum_names_and_the_china_box() -> None:
    from geo import maps, printmap, site_points, topology

    assert datum.parse_datum(" gcj02 ") == datum.GCJ02 == maps.DATUM == topology.DATUM
    assert datum.parse_datum("WGS_84") == datum.WGS84 and datum.parse_datum("BD-09") is None
    assert datum.GCJ02 in printmap.DATUM_LABEL and not hasattr(site_points, "DATUMS")
    assert datum.in_china(np.array([103.0, 2.35]), np.array([30.0, 48.85])).tolist() == [True, False]
    assert maps.NATIONAL_EXTENT == (73.4, 17.8, 135.1, 53.6)
