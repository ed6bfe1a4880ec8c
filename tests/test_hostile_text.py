"""Hostile text from URLs, deck names and imported files reaches real pages only as literal text.

Streamlit renders every ``st.markdown``/``st.caption``/``st.warning``/… body (and the text between
tags with ``unsafe_allow_html``) as Markdown; these tests read the bodies the pages send and
assert that no link, image, raw HTML tag or bold made of the hostile text is among them.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from geo import importer
from tests.conftest import examples

ROOT = Path(__file__).resolve().parent.parent
PAYLOADS = [
    "**会话已过期** [请重新登录](http://attacker/login) ![](http://attacker/px.png)",
    "![](//127.1:8729/r)",
    "x) [y](http://e/) <img src=http://e/p.png>",
    "<b>粗</b><script>alert(1)</script>",
    "http://autolink.example/x :red[红] $x$",
]
hostile = st.one_of(
    st.sampled_from(PAYLOADS),
    st.lists(st.sampled_from(["**", "[a](http://e/)", "![](http://e/p.png)", "<img src=x>", ")", "云南", " "]),
             min_size=1, max_size=6).map("".join),
)  # fmt: skip
# Markdown/HTML that would make a link, an image, markup or bold; only escaped text is acceptable
SYNTAX = re.compile(r"\]\(|!\[|<img|<script|<a\s|\*\*会话|:red\[|https?://|//127")
# each example is a page run: 4 in the full suite, 1 in the fast lane (tests/conftest.py profiles)
SETTINGS = settings(max_examples=examples(4), deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)


def bodies(app: AppTest) -> list[str]:
    """Every Markdown or HTML body of the run (markdown, html, caption, alerts, expander labels, tabs)."""
    texts = [e.value for kind in ("markdown", "html", "caption", "warning", "error", "info", "success") for e in getattr(app, kind)]
    texts += [e.label for e in app.expander]
    return [str(t) for t in texts]


def assert_inert(app: AppTest, payload: str, echoed: bool = True) -> None:
    assert not app.exception, app.exception
    for body in bodies(app):
        # our own labels and legends carry no links; a hit can only come from the payload
        assert not SYNTAX.search(body), body
    if echoed:  # the hostile text is shown (as text) so the person sees what was wrong
        assert any(html.unescape(body).find(payload.strip()[:12]) >= 0 for body in bodies(app)), bodies(app)


def _page(name: str, **params: str) -> AppTest:
    app = AppTest.from_file(str(ROOT / "pages" / name), default_timeout=120)
    for key, value in params.items():
        app.query_params[key] = value
    return app.run()


@SETTINGS
@given(hostile)
def test_presentation_deck_name_from_the_url(atlas_db: str, payload: str) -> None:
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    app.query_params["present"] = "1"
    app.query_params["deck"] = payload
    assert_inert(app.run(), payload, echoed=False)


@SETTINGS
@given(hostile)
def test_county_code_from_the_url(atlas_db: str, payload: str) -> None:
    assert_inert(_page("county.py", adcode=payload), payload[:20], echoed=False)


@SETTINGS
@given(hostile)
def test_overview_manual_breaks_from_the_url(atlas_db: str, payload: str) -> None:
    app = _page("overview.py", ov_color="indicator", ov_scheme="manual", ov_breaks=f"1000,5000,{payload}")
    assert_inert(app, payload, echoed=False)


def test_known_reflections_are_escaped_and_shown(atlas_db: str) -> None:
    payload = PAYLOADS[0]
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    app.query_params.update({"present": "1", "deck": payload})
    # refused link values are named by their parameter, never echoed (geo.urlschema.parse)
    app = app.run()
    assert_inert(app, payload, echoed=False)
    assert any("演示文稿编号无效" in body for body in bodies(app)), bodies(app)
    county = _page("county.py", adcode="![](//127.1:8729/r)")
    assert_inert(county, "![](//127.1", echoed=False)
    assert any("（adcode）" in body for body in bodies(county)), bodies(county)


@pytest.mark.slow  # several imports, each a full database version (~5 s apiece)
def test_stored_note_source_url_and_source_title(env: tuple[Path, Path]) -> None:
    """Imported key-county note and source_url, and a declared source title, on the county page."""
    base, state = env
    note = PAYLOADS[0]
    url = "http://gov.example/list)[登录](http://attacker/)"
    listing = f"adcode,level,source_url,note\n520526,national,{url},\"{note}\"\n".encode()
    plan = importer.check_file(listing, "k.csv", importer.DeclaredSource("名单"), db_path=base, state=state)
    assert plan.ok, plan.report()
    importer.commit(plan, "tester", report=lambda _m: None)
    title = "统计 [年鉴](http://attacker/) ![](http://attacker/p.png)"
    values = b"adcode,year,pop_census\n520526,2031,123456\n"
    plan = importer.check_file(values, "v.csv", importer.DeclaredSource(title), db_path=base, state=state)
    assert plan.ok, plan.report()
    importer.commit(plan, "tester", report=lambda _m: None)

    app = _page("county.py", adcode="520526")
    assert not app.exception
    links = [b for b in bodies(app) if "](" in b]
    # every link is the app's own (the best source first, earlier sources in the expander); the
    # imported URL makes exactly one, to the escaped http(s) URL, with the text escaped
    imported = [b for b in links if "gov.example" in html.unescape(b)]
    assert len(imported) == 1 and imported[0].count("](<http://gov.example/list%29") == 1, links
    for body in links:
        assert body.count("](") == 1 and not SYNTAX.search(body.split("](<", 1)[0]), links
    shown = html.unescape(" ".join(bodies(app)))
    assert note in shown and title in shown
