"""Read-only values for what every session shares (cached feature collections, colour maps).

A cached value is one object handed to every session (``ui.memo.shared``): if one caller
changed it, every other visitor would see the change. ``freeze`` makes a value that refuses
changes loudly instead, while still being a ``dict`` for folium, ``json`` and Jinja.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any


class FrozenDict(dict):
    """A dict that refuses changes: the shared, cached GeoJSON every session reads.

    It is still a ``dict`` (folium, ``json`` and Jinja's ``tojson`` read it as one);
    ``copy.copy`` and ``copy.deepcopy`` return plain, editable dicts.
    """

    def _refuse(self, *_args: object, **_kwargs: object) -> None:
        raise TypeError("cached map data is shared by every session: copy it (copy.copy) before changing it")

    __setitem__ = __delitem__ = update = pop = popitem = clear = setdefault = __ior__ = _refuse  # type: ignore[assignment]

    def __copy__(self) -> dict:
        return dict(self)

    def __deepcopy__(self, memo_: dict) -> dict:
        return thaw(self)

    def __reduce__(self) -> tuple:
        return (FrozenDict, (dict(self),))

    def derived(self, name: str, compute: Callable[[FrozenDict], Any]) -> Any:
        """``compute(self)``, once per object (it never changes): e.g. a cache key of its content."""
        found = self.__dict__.get(name, _MISSING)
        if found is _MISSING:
            found = self.__dict__[name] = compute(self)
        return found


_MISSING = object()


def items_key(mapping: Mapping) -> tuple:
    """A hashable key of a mapping's content (computed once for a ``FrozenDict``)."""
    if isinstance(mapping, FrozenDict):
        return mapping.derived("items_key", _sorted_items)
    return _sorted_items(mapping)


def _sorted_items(mapping: Mapping) -> tuple:
    return tuple(sorted(mapping.items()))


def freeze(value: Any) -> Any:
    """``value`` with every dict made a ``FrozenDict`` and every list a tuple (recursively).

    GeoJSON ``coordinates`` are the one exception, kept as parsed: turning a province's
    hundred thousand points into tuples cost more than building the layer, and nothing
    edits a coordinate in place (what gets changed by mistake is a property or a feature,
    and those refuse).
    """
    if isinstance(value, dict):
        return FrozenDict({key: item if key == "coordinates" else freeze(item) for key, item in value.items()})
    if isinstance(value, list | tuple):
        return tuple(freeze(item) for item in value)
    return value


def thaw(value: Any) -> Any:
    """An editable deep copy of a frozen value (dicts and lists again)."""
    if isinstance(value, dict):
        return {key: thaw(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [thaw(item) for item in value]
    return value
