"""No traceback reaches a browser: pages catch their own bad state, and Streamlit hides the rest."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent


def test_uncaught_errors_show_no_details() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["showErrorDetails"] == "none"


def test_workbench_filter_matching_no_county_shows_a_message_and_the_base_map(atlas_db: str) -> None:
    app = AppTest.from_file(str(ROOT / "pages" / "workbench.py"), default_timeout=120)
    app.query_params.update({"ind": "pop_census", "lo": "0", "hi": "1"})
    app.run()
    assert not app.exception
    assert any("没有符合筛选条件的县" in info.value for info in app.info)


@pytest.mark.parametrize(
    ("page", "params"),
    [
        ("workbench.py", {"prov": "110000", "lvl": "provincial", "flag": "no_airport"}),
        ("workbench.py", {"ind": "pop_census", "lo": "1e999", "hi": "nan"}),
        ("county.py", {"adcode": "\u0000" + "9" * 300}),
        ("overview.py", {"ov_color": "indicator", "ov_scheme": "manual", "ov_breaks": "1e999,nan,inf"}),
    ],
)
def test_junk_and_empty_states_do_not_raise(atlas_db: str, page: str, params: dict[str, str]) -> None:
    app = AppTest.from_file(str(ROOT / "pages" / page), default_timeout=120)
    app.query_params.update(params)
    app.run()
    assert not app.exception
