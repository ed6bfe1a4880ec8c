"""Showing maps in Streamlit: a cached payload per base map, fresh dynamic layers per run.

A base map is serialised once per process (``ui.folium_adapter.serialise``, cached by its
builder); per run only the small dynamic layers are built and sent through
``feature_group_to_add``. Nothing shared is modified, so there is no lock.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import folium
import streamlit as st

from ui.folium_adapter import MapPayload, RenderedLayer, show


def show_map(
    base: MapPayload,
    *,
    key: str,
    layers: Sequence[folium.FeatureGroup | RenderedLayer] = (),
    center: tuple[float, float] | None = None,
    zoom: float | None = None,
    height: int = 640,
    returned_objects: Sequence[str] = ("last_active_drawing",),
) -> dict[str, Any]:
    """Render ``base`` with ``layers`` on top; return only the requested interaction data."""
    return show(base, key=key, layers=layers, center=center, zoom=zoom, height=height, returned_objects=returned_objects)


def clicked_adcode(result: dict[str, Any], state_key: str) -> str | None:
    """The adcode of a newly clicked county, once per click (not again on later reruns)."""
    drawing = result.get("last_active_drawing") or {}
    adcode = (drawing.get("properties") or {}).get("adcode")
    marker = (adcode, str(drawing.get("geometry", ""))[:80])
    if adcode and st.session_state.get(state_key) != marker:
        st.session_state[state_key] = marker
        return str(adcode)
    return None
