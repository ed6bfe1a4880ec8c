"""ui.county_warm: the parts counties share are made ahead, once, and only while the process is idle."""

from __future__ import annotations

import threading
import time

from ui import county_map, county_warm, state


def test_start_begins_once_per_version_and_language(monkeypatch) -> None:
    begun: list[tuple] = []
    monkeypatch.setattr(county_warm, "warm", lambda version, lang: begun.append((version, lang)))
    monkeypatch.setattr(county_warm, "_started", set())
    version = ("a database", 1.0)
    assert county_warm.start(version, "zh") and not county_warm.start(version, "zh")
    assert county_warm.start(version, "en") and county_warm.start(("a new version", 2.0), "zh")
    deadline = time.monotonic() + 10
    while len(begun) < 3 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert sorted(begun) == sorted([(version, "zh"), (version, "en"), (("a new version", 2.0), "zh")])


def test_parts_make_what_the_locators_then_share(atlas_db: str) -> None:
    version = state.db_version()
    parts = list(county_warm.parts(version, "zh"))
    provinces = list(state.query("province_list").adcode)
    assert len(parts) == 2 * len(provinces)  # every province's trajectory panels, then its locator layer
    made = parts[len(provinces) + provinces.index("620000")]()
    assert county_map.locator_map(version, "622927", "zh").layers[1] is made  # 积石山's map finds it made


def test_idle_is_false_while_another_thread_works() -> None:
    idle = county_warm.Idle()
    stop = threading.Event()

    def spin() -> None:
        while not stop.is_set():
            sum(range(1000))

    worker = threading.Thread(target=spin, daemon=True)
    worker.start()
    try:
        time.sleep(0.05)
        assert not idle()  # the other thread used CPU since the last look: wait, do not make a part
    finally:
        stop.set()
        worker.join()


def test_idle_watches_a_whole_window_before_each_part() -> None:
    began = time.monotonic()
    idle = county_warm.Idle()
    idle()  # at the start: the gap between a visitor's runs is a few ms, a part must not begin in it
    first = time.monotonic()
    idle()  # and between parts
    window = county_warm.IDLE_WINDOW
    assert first - began >= window and time.monotonic() - began >= 2 * window


def test_a_part_does_not_count_as_quiet() -> None:
    """A visitor who waited for a part resumes right after it: the next look must see that work."""
    idle = county_warm.Idle()
    idle()
    time.sleep(county_warm.IDLE_WINDOW * 1.5)  # a part is made: the others wait for it, using no CPU
    stop = threading.Event()

    def spin() -> None:
        while not stop.is_set():
            sum(range(1000))

    worker = threading.Thread(target=spin, daemon=True)
    worker.start()  # the visitor resumes
    try:
        began = time.monotonic()
        assert not idle()
        assert time.monotonic() - began >= county_warm.IDLE_WINDOW  # watched after the part, not over it
    finally:
        stop.set()
        worker.join()


def test_warm_waits_for_idle_and_stops_quietly_when_a_part_fails(monkeypatch, caplog) -> None:
    made: list[int] = []

    def broken() -> None:
        raise OSError("the database went away")

    monkeypatch.setattr(county_warm, "parts", lambda version, lang: iter([lambda: made.append(1), broken, lambda: made.append(3)]))
    answers = iter([False, False, True, True])
    county_warm.warm(("v", 0.0), "zh", idle=lambda: next(answers))
    assert made == [1]  # made after two busy looks; the failing part ends the warming, without raising
    assert "county warm-up stopped" in caplog.text
