"""The overview's first view keeps its widgets behind popovers, so the map's frame does not wait.

A closed ``st.popover``'s children are not rendered in the browser, so their element scripts
(select box, text input, checkbox, button) are neither fetched nor rendered before the map's
component frame is committed (docs/performance.md, paint round 6; ``python bench/map.py``).
"""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

PAGE = Path(__file__).resolve().parent.parent / "pages" / "overview.py"
WIDGETS = {"selectbox", "checkbox", "text_input", "button", "radio", "slider", "multiselect", "button_group"}


def _widgets(node: object, in_popover: bool = False) -> list[tuple[str, str | None, bool]]:
    """(type, key, inside a popover) of every widget under ``node``."""
    kind = getattr(node, "type", None)
    found = [(kind, getattr(node, "key", None), in_popover)] if kind in WIDGETS else []
    for child in getattr(node, "children", {}).values():
        found += _widgets(child, in_popover or kind == "popover")
    return found


def test_only_the_colour_choice_is_outside_a_popover_on_the_first_view() -> None:
    app = AppTest.from_file(str(PAGE), default_timeout=180)
    app.run()
    assert not app.exception
    widgets = _widgets(app.sidebar) + _widgets(app.main)
    outside = {(kind, key) for kind, key, inside in widgets if not inside}
    assert outside == {("button_group", "ov_color")}, outside  # button groups share one script with the language toggle
    inside = {key for _kind, key, inside in widgets if inside}
    assert {"ov_prov", "ov_pref", "ov_county_q", "ov_basemap", "ov_pt_sites", "ov_pt_rail", "ov_pt_air",
            "ov_print_render"} <= inside, inside


def test_the_missing_tianditu_key_notice_is_not_hidden_in_the_popover(monkeypatch) -> None:
    monkeypatch.delenv("TIANDITU_KEY", raising=False)
    app = AppTest.from_file(str(PAGE), default_timeout=180)
    app.query_params["ov_basemap"] = "tianditu"
    app.run()
    assert not app.exception
    assert any("TIANDITU_KEY" in info.value for info in app.sidebar.info), [i.value for i in app.sidebar.info]


def test_the_province_box_says_whole_country_when_no_province_is_chosen() -> None:
    app = AppTest.from_file(str(PAGE), default_timeout=180)
    app.run()
    box = app.selectbox(key="ov_prov")
    assert box.value is None
    assert box.proto.placeholder == "全国", box.proto.placeholder  # not 请选择: nothing chosen is the whole country
