"""The drill-down menus' names (ui/places.py), from the real database."""

from __future__ import annotations

import pytest

from ui import places
from ui.state import db_version


def test_province_and_prefecture_names_come_from_the_database() -> None:
    version = db_version()
    assert places.province_names(version)["530000"] == "云南省"
    assert places.prefecture_names(version, "530000")["530600"] == "昭通市"
    assert all(code.startswith("53") for code in places.prefecture_names(version, "530000"))


def test_no_province_has_no_prefectures_and_the_names_are_shared_read_only() -> None:
    version = db_version()
    assert places.prefecture_names(version, None) == {}
    assert places.prefecture_names(version, "530000") is places.prefecture_names(version, "530000")
    with pytest.raises(TypeError):
        places.province_names(version)["999999"] = "x"
