"""Choropleth classification (mapclassify) with an explicit no-data class.

Breaks are computed once per (indicator, year, scheme, k) over a fixed reference set of
counties — never over what happens to be in view — so colours stay comparable.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import mapclassify
import numpy as np
import pandas as pd

SCHEMES = ("quantiles", "natural_breaks", "equal_interval", "manual")
NO_DATA_COLOR = "#d4d4d4"

# ColorBrewer YlOrRd / YlGnBu ramps (light → dark), indexed by class count.
_RAMPS = {
    "YlOrRd": ["#ffffb2", "#fed976", "#feb24c", "#fd8d3c", "#fc4e2a", "#e31a1c", "#b10026"],
    "YlGnBu": ["#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#0c2c84"],
}


def ramp(k: int, name: str = "YlOrRd") -> list[str]:
    """``k`` colours (2–7) spread over the named light-to-dark ramp."""
    colors = _RAMPS[name]
    if not 2 <= k <= len(colors):
        raise ValueError(f"k must be between 2 and {len(colors)}")
    positions = np.linspace(0, len(colors) - 1, k).round().astype(int)
    return [colors[i] for i in positions]


@dataclass(frozen=True)
class Classification:
    """Upper bounds of each class, the colours, and the data range they were built on."""

    scheme: str
    upper_bounds: tuple[float, ...]
    colors: tuple[str, ...]
    minimum: float

    def class_of(self, value: float | None) -> int:
        """Index of the class holding ``value``; -1 for missing."""
        if value is None or pd.isna(value):
            return -1
        for index, bound in enumerate(self.upper_bounds):
            if value <= bound:
                return index
        return len(self.upper_bounds) - 1

    def color_of(self, value: float | None) -> str:
        index = self.class_of(value)
        return NO_DATA_COLOR if index < 0 else self.colors[index]

    def intervals(self) -> list[tuple[float, float]]:
        lows = (self.minimum, *self.upper_bounds[:-1])
        return list(zip(lows, self.upper_bounds, strict=True))


def classify(
    values: pd.Series | Sequence[float],
    scheme: str = "quantiles",
    k: int = 5,
    manual_breaks: Sequence[float] | None = None,
    palette: str = "YlOrRd",
) -> Classification:
    """Classify the non-missing ``values``; fewer distinct values than ``k`` shrink ``k``."""
    if scheme not in SCHEMES:
        raise ValueError(f"unknown scheme {scheme!r}")
    data = pd.Series(values, dtype="float64").dropna()
    if data.empty:
        raise ValueError("no values to classify")
    k = max(2, min(k, data.nunique(), len(_RAMPS[palette])))
    if data.nunique() < 2:
        return Classification(scheme, (float(data.max()),), (ramp(2, palette)[-1],), float(data.min()))
    if scheme == "manual":
        breaks = sorted(float(b) for b in (manual_breaks or []))
        if not breaks:
            raise ValueError("manual classification needs at least one break")
        if breaks[-1] < data.max():
            breaks.append(float(data.max()))
        classifier = mapclassify.UserDefined(data.to_numpy(), bins=breaks)
    elif scheme == "natural_breaks":
        classifier = mapclassify.FisherJenks(data.to_numpy(), k=k)
    elif scheme == "equal_interval":
        classifier = mapclassify.EqualInterval(data.to_numpy(), k=k)
    else:
        classifier = mapclassify.Quantiles(data.to_numpy(), k=k)
    bounds = tuple(dict.fromkeys(float(b) for b in classifier.bins))  # quantiles may repeat bounds
    colors = tuple(ramp(max(2, len(bounds)), palette)[-len(bounds) :]) if len(bounds) > 1 else (ramp(2, palette)[-1],)
    return Classification(scheme, bounds, colors, float(data.min()))
