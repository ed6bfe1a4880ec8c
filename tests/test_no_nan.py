"""AppTest over every page, several counties, both languages: no rendered value says nan/None/NaT."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.page_text import MISSING_WORDS, missing_markers, page_texts

PAGES = Path(__file__).resolve().parent.parent / "pages"
CASES = [
    ("overview.py", {}),
    ("overview.py", {"ov_color": "indicator", "ov_ind": "relief_amplitude", "ov_prov": "530000"}),
    ("county.py", {"adcode": "530627"}),  # 镇雄县: national key county, many indicators
    ("county.py", {"adcode": "513431"}),  # 昭觉县
    ("county.py", {"adcode": "110101"}),  # 东城区: not a key county, sparse data
    ("county.py", {"adcode": "650000"}),  # not a county: a warning, nothing else
    ("workbench.py", {}),
    ("workbench.py", {"view": "compare", "sel": "530627,530628,530602"}),
    ("workbench.py", {"view": "export"}),
    ("sites.py", {}),
    ("infra.py", {}),
    ("present.py", {}),
    ("data_admin.py", {}),
]


def test_the_detector_catches_glued_units() -> None:
    assert MISSING_WORDS.search("110.3nan") and MISSING_WORDS.search("None") and MISSING_WORDS.search("NaT年")
    assert not MISSING_WORDS.search("Nanning 南宁") and not MISSING_WORDS.search("Nonexistent")


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(("page", "params"), CASES, ids=[p + ''.join(f'-{k}={v}' for k, v in q.items()) for p, q in CASES])
def test_no_rendered_value_shows_a_missing_marker(atlas_db: str, page: str, params: dict, lang: str) -> None:
    app = AppTest.from_file(str(PAGES / page), default_timeout=180)
    app.session_state["lang"] = lang
    for key, value in params.items():
        app.query_params[key] = value.split(",") if "," in value else value
    app.run()
    assert not app.exception, app.exception
    assert page_texts(app), "the page rendered nothing to check"
    assert missing_markers(app) == []
