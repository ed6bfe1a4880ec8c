"""Presentation mode: when the URL has ``present=1``, a wide large-type layout without the
sidebar and toolbar, and a slim deck bar (◀ n/N ▶, exit) driven by buttons or the
arrow / PageUp / PageDown keys. Called from app.py on every run, after ``st.navigation`` has
registered the pages and before the page runs.

A slide opens its page with ``ui.url.switch_page``, so the page seeds every widget from the
slide's saved state (validated by the page's schema; what no longer validates is dropped
with the page's notice). :func:`describe` puts a slide's state into words for the deck list.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import pandas as pd
import streamlit as st
import streamlit.components.v1 as components

from geo import decks, pageschemas, urlschema
from geo.filters import FLAGS
from geo.i18n import level_label, translator
from geo.site_points import SIZE_CLASS_ORDER, size_class_label
from ui import memo, registry, safe, url
from ui.state import db_version, lang, query, tr

PRESENT_LABELS = {
    "exit": ("退出演示", "Exit"),
    "deck_error": ("无法打开演示文稿", "Cannot open the deck"),
    "missing_page": ("页面不存在", "Page not available"),
    "bad_deck_id": ("演示文稿编号无效", "invalid deck id"),
    "whole_country": ("全国", "China"),
    "by_level": ("按帮扶级别着色", "coloured by support level"),
    "classes": ("{scheme} {k} 级", "{scheme}, {k} classes"),
    "quantiles": ("分位数", "quantiles"),
    "natural_breaks": ("自然断点", "natural breaks"),
    "equal_interval": ("等间距", "equal interval"),
    "manual": ("手动断点", "manual breaks"),
    "year_of": ("{year}年", "{year}"),
    "layers": ("叠加：{names}", "with {names}"),
    "pt_sites": ("安置点", "relocation sites"),
    "pt_rail": ("铁路站点", "rail stations"),
    "pt_air": ("机场", "airports"),
    "selected": ("已选 {n} 县", "{n} counties selected"),
    "range": ("{name} {low}–{high}", "{name} {low}–{high}"),
    "key_only": ("仅重点帮扶县", "key counties only"),
    "dist_rail_km": ("按到铁路站点距离", "by distance to rail"),
    "dist_airport_km": ("按到机场距离", "by distance to airports"),
    "both": ("国家级+省级", "national + provincial"),
    "view_rank": ("排名", "ranking"),
    "view_compare": ("对比", "comparison"),
    "view_export": ("导出", "export"),
    "stale": ("⚠ {n} 项设置已失效", "⚠ {n} settings no longer valid"),
}

CSS = """
<style>
html { font-size: clamp(16px, 1.1vw, 22px); }  /* 21px at 1920 wide, 16px at 1280 */
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
header[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
[data-testid="stElementToolbar"], [data-testid="stTooltipIcon"] { display: none !important; }
[data-testid="stMainBlockContainer"] { max-width: 100% !important; padding: 0.4rem 2.2rem 1.5rem !important; }
[data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li { font-size: 1.05rem; }
h1 { font-size: 2.4rem !important; } h2 { font-size: 1.9rem !important; } h3 { font-size: 1.5rem !important; }
[data-testid="stMetricValue"] { font-size: 2.6rem !important; }
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p { font-size: 0.95rem !important; color: #333 !important; }
.st-key-deck_bar { border-bottom: 2px solid #8b1a1a; padding-bottom: 0.2rem; margin-bottom: 0.4rem; }
.st-key-deck_bar p { margin: 0; }
.st-key-deck_keys { display: none !important; }
.st-key-deck_counter p { font-size: 1.2rem; font-weight: 600; text-align: center; }
</style>
"""

# Clicks the deck bar's buttons from the keyboard. The component's iframe shares the app's
# origin; it installs the listener as a script of the parent document, so the listener
# outlives the iframe (Streamlit may re-mount it on any rerun). Installed once per tab.
KEYS_JS = """
<script>
(function () {
  const doc = window.parent.document;
  if (window.parent.__deckKeys) return;
  const script = doc.createElement("script");
  script.textContent = `
    window.__deckKeys = function (event) {
      const keys = {ArrowRight: "deck_next", PageDown: "deck_next", ArrowLeft: "deck_prev", PageUp: "deck_prev"};
      const key = keys[event.key];
      if (!key || event.altKey || event.ctrlKey || event.metaKey || event.repeat) return;
      const target = event.target;
      if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
      // Streamlit may keep a hidden stale copy of the bar during a rerun: take the visible one.
      const button = Array.from(document.querySelectorAll(".st-key-" + key + " button"))
        .find((candidate) => candidate.offsetParent !== null);
      if (!button || button.disabled) return;
      event.preventDefault();
      button.click();
    };
    document.addEventListener("keydown", window.__deckKeys);
  `;
  doc.head.appendChild(script);
})();
</script>
"""


def present_query(slug: str, deck: decks.Deck, index: int) -> dict[str, str | list[str]]:
    """Query params that show slide ``index`` (0-based) of ``deck`` in presentation mode."""
    query_params: dict[str, str | list[str]] = {**deck.slides[index].params, "present": "1", "deck": slug,
                                                "slide": str(index + 1)}
    language = st.query_params.get("lang")
    if language:
        query_params["lang"] = language
    return query_params


_APPLIED = "_present_applied"  # (deck, slide index) whose saved state this session has opened


def go_to_slide(slug: str, deck: decks.Deck, index: int) -> None:
    """Switch to slide ``index`` (0-based) in presentation mode; an error if its page is missing."""
    page = deck.slides[index].page
    if page not in registry.BY_KEY or not registry.BY_KEY[page].file.is_file():
        safe.error("{}: {}", tr(PRESENT_LABELS)("missing_page"), page)
        return
    st.session_state[_APPLIED] = (slug, index)
    url.switch_page(page, present_query(slug, deck, index))


def _presentation() -> tuple[dict, list[urlschema.Dropped]]:
    """present / deck / slide from the URL, checked by ``pageschemas.PRESENTATION``."""
    raw = {name: st.query_params.get_all(name) for name in st.query_params}
    return urlschema.parse(pageschemas.PRESENTATION, raw)


def _slide_index(deck: decks.Deck) -> int:
    return max(0, min(len(deck.slides) - 1, int(_presentation()[0]["slide"]) - 1))


class _Names(NamedTuple):
    """Code → name tables a slide description looks up (read-only, shared by every session)."""

    province: dict[str, str]
    prefecture: dict[str, str]
    county: dict[str, str]
    indicator: dict[str, str]


@memo.shared(maxsize=8)
def _names(version: tuple[str, float], language: str) -> _Names:
    def table(frame: pd.DataFrame) -> dict[str, str]:
        return dict(zip(frame.adcode, frame.name, strict=True))

    catalog = query("indicator_catalog")
    return _Names(
        table(query("province_list")), table(query("prefecture_list", {"province": None})), table(query("county_list")),
        dict(zip(catalog.indicator_id, catalog.name_zh if language == "zh" else catalog.name_en, strict=True)),
    )


def _number(value: float | None) -> str:
    return "…" if value is None else f"{value:g}"


def describe(slide: decks.Slide) -> str:
    """The slide in words: page · place · what is shown, e.g. 全国总览 · 四川省凉山彝族自治州 · 文盲率（自然断点 5 级）."""
    frozen = tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in slide.params.items()))
    return _described(db_version(), lang(), slide.page, frozen)


@memo.shared(maxsize=512)
def _described(version: tuple[str, float], language: str, page: str, params: tuple[tuple[str, Any], ...]) -> str:
    """``describe`` for one database version and language: the same slide reads the same for everyone."""
    t = translator(language, PRESENT_LABELS)
    raw = {key: list(value) if isinstance(value, tuple) else value for key, value in params}
    values, dropped = urlschema.parse(pageschemas.SCHEMAS[page], raw, url.vocabulary())
    parts = [t(registry.BY_KEY[page].label)]
    names = _names(version, language)
    provinces, prefectures, counties, indicators = names.province, names.prefecture, names.county, names.indicator
    shown_layers: list[str] = []
    if page == "overview":
        region = provinces.get(values["ov_prov"], "") + prefectures.get(values["ov_pref"], "")
        parts.append(region or t("whole_country"))
        if values["ov_county"]:
            parts.append(counties.get(values["ov_county"], "—"))
        if values["ov_color"] == "indicator":
            scheme = t(values["ov_scheme"])
            detail = scheme if values["ov_scheme"] == "manual" else t("classes").format(scheme=scheme, k=values["ov_k"])
            if values["ov_year"]:
                detail = t("year_of").format(year=values["ov_year"]) + ("，" if language == "zh" else ", ") + detail
            parts.append(f"{indicators.get(values['ov_ind'], '—')}（{detail}）")
        else:
            parts.append(t("by_level"))
        shown_layers = [t(f"pt_{kind}") for kind in ("sites", "rail", "air") if values[f"ov_pt_{kind}"]]
    elif page == "county":
        code = values["adcode"]
        parts.append(counties.get(code, t("whole_country")) if code else "—")
    elif page == "workbench":
        place = [provinces.get(c, c) for c in values["prov"]] + [prefectures.get(c, c) for c in values["pref"]]
        parts.append("、".join(place) or t("whole_country"))
        if values["lvl"] != ["national", "provincial"]:
            parts.append("、".join(level_label(v if v != "none" else None, language) for v in values["lvl"]) or "—")
        parts += [FLAGS[f][1 if language == "zh" else 2] for f in values["flag"]]
        if values["ind"]:
            parts.append(t("range").format(name=indicators.get(values["ind"], "—"), low=_number(values["lo"]),
                                           high=_number(values["hi"])))
        if values["sel"]:
            parts.append(t("selected").format(n=len(values["sel"])))
        parts.append(t(f"view_{values['view']}"))
        shown_layers = [t(f"pt_{kind}") for kind in ("sites", "rail", "air") if values[f"wb_pt_{kind}"]]
    elif page == "sites":
        if list(values["st_sizes"]) != list(SIZE_CLASS_ORDER):
            parts.append("、".join(size_class_label(code, language) for code in values["st_sizes"]) or "—")
        if values["st_key"]:
            parts.append(t("key_only"))
    elif page == "infra":
        level = values["inf_level"]
        parts += [t(values["inf_metric"]), t("both") if level == "both" else level_label(level, language)]
        shown_layers = [t(name) for name, on in (("pt_rail", values["inf_rail"]), ("pt_air", values["inf_air"])) if on]
    if shown_layers:
        parts.append(t("layers").format(names="、".join(shown_layers)))
    if dropped:
        parts.append(t("stale").format(n=len(dropped)))
    return " · ".join(parts)


def _leave(deck: decks.Deck | None, index: int) -> None:
    """Back to the normal layout on the same view."""
    if deck is None or not deck.slides:
        for key in decks.RESERVED_PARAMS:
            st.query_params.pop(key, None)
        st.rerun()
    slide = deck.slides[index]
    query = dict(slide.params)
    if st.query_params.get("lang"):
        query["lang"] = st.query_params["lang"]
    url.switch_page(slide.page, query)


def apply_presentation_mode() -> None:
    """Presentation layout and deck bar when the URL asks for it (``present=1``); no-op otherwise."""
    if st.query_params.get("present") != "1":
        return
    t = tr(PRESENT_LABELS)
    st.html(CSS)
    values, dropped = _presentation()
    slug = values["deck"] or ""
    deck: decks.Deck | None = None
    if any(item.name == "deck" for item in dropped):
        safe.error("{}: {}", t("deck_error"), t("bad_deck_id"))
    elif slug:
        try:
            deck = decks.load(slug)
        except decks.DeckError as error:
            safe.error("{}: {}", t("deck_error"), error.message(lang()))
    has_slides = deck is not None and bool(deck.slides)
    index = _slide_index(deck) if has_slides else 0
    total = len(deck.slides) if has_slides else 0
    if has_slides and st.session_state.get(_APPLIED) != (slug, index):
        go_to_slide(slug, deck, index)  # a slide opened by its link: open its page with its saved state
    with st.container(key="deck_bar"):
        title, counter, previous, following, leave = st.columns([7, 1.2, 0.8, 0.8, 1.8], vertical_alignment="center")
        if has_slides:
            safe.markdown("**{}** · {}", deck.name, deck.slides[index].title, on=title)
        with counter.container(key="deck_counter"):
            if has_slides:
                safe.markdown("{} / {}", index + 1, total)
            else:
                st.markdown("—")
        if previous.button("◀", key="deck_prev", disabled=not has_slides or index == 0):
            go_to_slide(slug, deck, index - 1)
        if following.button("▶", key="deck_next", disabled=not has_slides or index >= total - 1):
            go_to_slide(slug, deck, index + 1)
        if leave.button(t("exit"), key="deck_exit"):
            _leave(deck, index)
        with st.container(key="deck_keys"):  # hidden by CSS; its script still runs
            components.html(KEYS_JS, height=0)
