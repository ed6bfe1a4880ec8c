"""The tests' one Streamlit internal (tests/conftest.py): AppTest's component-manifest scan, run once per session."""

from __future__ import annotations

import pytest
from streamlit.components.v2 import manifest_scanner
from streamlit.testing.v1 import AppTest

from tests import conftest


def test_the_session_scans_once_and_sees_what_a_real_scan_sees() -> None:
    assert manifest_scanner.scan_component_manifests is conftest.scan_component_manifests_once
    assert conftest.scan_component_manifests_once() == conftest._scan_component_manifests()


def test_a_new_apptest_still_scans_through_the_patched_function(monkeypatch: pytest.MonkeyPatch) -> None:
    """If an upgrade makes AppTest find components another way, the session patch saves nothing: say so."""
    calls: list[int | None] = []

    def counting(max_workers: int | None = None) -> list:
        calls.append(max_workers)
        return conftest.scan_component_manifests_once(max_workers)

    monkeypatch.setattr(manifest_scanner, "scan_component_manifests", counting)
    app = AppTest.from_string("import streamlit as st\nst.write('x')").run()
    assert not app.exception and app.markdown[0].value == "x"
    assert len(calls) == 1, "AppTest no longer scans component manifests through manifest_scanner"
