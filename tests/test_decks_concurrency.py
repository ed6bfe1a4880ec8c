"""Two processes adding slides to the same deck at once lose nothing (lock + re-read inside it)."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

from geo import decks

PER_PROCESS = 25


def _add_slides(folder: str, who: str, start: multiprocessing.synchronize.Event) -> None:
    start.wait()
    for number in range(PER_PROCESS):
        slide = decks.make_slide(f"{who}-{number}", "county", {"adcode": "530326"})
        decks.update("shared", lambda deck, slide=slide: decks.add_slide(deck, slide), Path(folder), user=who)


def test_two_processes_saving_the_same_deck_lose_no_slide(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("ATLAS_STATE_DIR", str(tmp_path / "state"))
    folder = tmp_path / "decks"
    decks.save(decks.Deck("共享"), "shared", folder, user="setup")
    # fork: the children start at once with geo.decks already imported (spawn re-imported it, ~3 s CPU each);
    # they share nothing with this process but the folder, so the lock and the re-read are what is tested
    context = multiprocessing.get_context("fork")
    start = context.Event()
    workers = [context.Process(target=_add_slides, args=(str(folder), who, start)) for who in ("a", "b")]
    for worker in workers:
        worker.start()
    start.set()
    for worker in workers:
        worker.join(timeout=600)
        assert worker.exitcode == 0
    titles = [slide.title for slide in decks.load("shared", folder).slides]
    assert len(titles) == 2 * PER_PROCESS
    assert sorted(titles) == sorted(f"{who}-{n}" for who in ("a", "b") for n in range(PER_PROCESS))
    assert not list(folder.glob(".*.tmp"))
