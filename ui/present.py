"""Presentation mode: when the URL has ``present=1``, a wide large-type layout without the
sidebar and toolbar, and a slim deck bar (◀ n/N ▶, exit) driven by buttons or the
arrow / PageUp / PageDown keys. Called from app.py on every run, before ``st.navigation``.
"""

from __future__ import annotations

import streamlit as st
import streamlit.components.v1 as components

from geo import decks
from ui import registry, safe, url
from ui.state import tr

PRESENT_LABELS = {
    "exit": ("退出演示", "Exit"),
    "deck_error": ("无法打开演示文稿", "Cannot open the deck"),
    "missing_page": ("页面不存在", "Page not available"),
}

CSS = """
<style>
html { font-size: 21px; }
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
header[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
[data-testid="stElementToolbar"], [data-testid="stTooltipIcon"] { display: none !important; }
[data-testid="stMainBlockContainer"] { max-width: 100% !important; padding: 0.4rem 2.2rem 1.5rem !important; }
[data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li { font-size: 1.05rem; }
h1 { font-size: 2.4rem !important; } h2 { font-size: 1.9rem !important; } h3 { font-size: 1.5rem !important; }
[data-testid="stMetricValue"] { font-size: 2.6rem !important; }
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
    query: dict[str, str | list[str]] = {**deck.slides[index].params, "present": "1", "deck": slug,
                                         "slide": str(index + 1)}
    lang = st.query_params.get("lang")
    if lang:
        query["lang"] = lang
    return query


def go_to_slide(slug: str, deck: decks.Deck, index: int) -> None:
    """Switch to slide ``index`` (0-based) in presentation mode; an error if its page is missing."""
    page = deck.slides[index].page
    if page not in registry.BY_KEY or not registry.BY_KEY[page].file.is_file():
        safe.error("{}: {}", tr(PRESENT_LABELS)("missing_page"), page)
        return
    url.switch_page(page, present_query(slug, deck, index))


def _slide_index(deck: decks.Deck) -> int:
    try:
        number = int(st.query_params.get("slide", "1"))
    except ValueError:
        number = 1
    return max(0, min(len(deck.slides) - 1, number - 1))


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
    slug = st.query_params.get("deck", "")
    deck: decks.Deck | None = None
    if slug:
        try:
            deck = decks.load(slug)
        except decks.DeckError as error:
            safe.error("{}: {}", t("deck_error"), error)
    has_slides = deck is not None and bool(deck.slides)
    index = _slide_index(deck) if has_slides else 0
    total = len(deck.slides) if has_slides else 0
    with st.container(key="deck_bar"):
        title, counter, previous, following, leave = st.columns([8, 1.4, 0.8, 0.8, 1.4], vertical_alignment="center")
        if has_slides:
            safe.markdown("**{}** · {}", deck.name, deck.slides[index].title, on=title)
        with counter.container(key="deck_counter"):
            safe.markdown("{} / {}", index + 1, total) if has_slides else st.markdown("—")
        if previous.button("◀", key="deck_prev", disabled=not has_slides or index == 0):
            go_to_slide(slug, deck, index - 1)
        if following.button("▶", key="deck_next", disabled=not has_slides or index >= total - 1):
            go_to_slide(slug, deck, index + 1)
        if leave.button(t("exit"), key="deck_exit"):
            _leave(deck, index)
        with st.container(key="deck_keys"):  # hidden by CSS; its script still runs
            components.html(KEYS_JS, height=0)
