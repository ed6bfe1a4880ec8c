"""Showing folium maps in Streamlit without rebuilding them.

The base map is built once per process and language (``st.cache_resource``); per rerun
only the small dynamic layers travel to the browser through ``feature_group_to_add``.
streamlit-folium attaches those groups to the map object it is given, so access to a
shared base map is serialised and the groups are detached again afterwards.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

import folium
import streamlit as st
from streamlit_folium import st_folium

_MAP_LOCK = threading.Lock()


def show_map(
    base: folium.Map,
    *,
    key: str,
    layers: Sequence[folium.FeatureGroup] = (),
    center: tuple[float, float] | None = None,
    zoom: float | None = None,
    height: int = 640,
    returned_objects: Sequence[str] = ("last_active_drawing",),
) -> dict[str, Any]:
    """Render ``base`` with ``layers`` on top; return only the requested interaction data."""
    with _MAP_LOCK:
        try:
            return (
                st_folium(
                    base,
                    key=key,
                    height=height,
                    use_container_width=True,
                    feature_group_to_add=list(layers) or None,
                    center=list(center) if center else None,
                    zoom=zoom,
                    returned_objects=list(returned_objects),
                    render=False,
                )
                or {}
            )
        finally:
            for index in range(len(layers)):
                base._children.pop(f"feature_group_feature_group_{index}", None)


def clicked_adcode(result: dict[str, Any], state_key: str) -> str | None:
    """The adcode of a newly clicked county, once per click (not again on later reruns)."""
    drawing = result.get("last_active_drawing") or {}
    adcode = (drawing.get("properties") or {}).get("adcode")
    marker = (adcode, str(drawing.get("geometry", ""))[:80])
    if adcode and st.session_state.get(state_key) != marker:
        st.session_state[state_key] = marker
        return str(adcode)
    return None
