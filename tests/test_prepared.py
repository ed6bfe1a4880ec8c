"""ui/prepared.py relies on Streamlit's private altair conversion: fail here when an upgrade changes
what a prepared table or chart sends (it must be byte-for-byte what st.dataframe / st.altair_chart send)."""

from __future__ import annotations

import pyarrow as pa
import streamlit as st
from streamlit.testing.v1 import AppTest

from ui import prepared


def test_written_for_this_streamlit() -> None:
    assert st.__version__ == prepared.STREAMLIT_VERSION, "re-check ui/prepared.py against st.altair_chart, then bump"


def _both() -> None:
    import altair as alt
    import pandas as pd
    import streamlit as st

    from ui import prepared

    frame = pd.DataFrame({"年份": ["2020", "2021"], "数值": [1.5, None], "县": ["甲", "乙"]})
    st.dataframe(frame, hide_index=True, width="stretch")
    st.dataframe(prepared.arrow_table(frame), hide_index=True, width="stretch")
    chart = (
        alt.Chart(frame).mark_line(point=True)
        .encode(x=alt.X("年份:O", axis=alt.Axis(labelAngle=0)), y="数值:Q",
                color=alt.Color("县:N", title=None, legend=alt.Legend(orient="top")))
        .properties(height=200)
    )  # fmt: skip
    st.altair_chart(chart, width="stretch")
    spec = prepared.chart_spec(chart)
    prepared.show_chart(spec)
    prepared.show_chart(spec)  # a shared spec sent twice is sent the same


def test_prepared_table_and_chart_send_what_streamlit_sends() -> None:
    app = AppTest.from_function(_both).run()
    assert not app.exception
    plain, prepared = (element.proto for element in app.dataframe)
    assert plain.arrow_data.data == prepared.arrow_data.data and plain.columns == prepared.columns
    altair, first, second = (element.proto for element in app.get("vega_lite_chart"))
    for sent in (first, second):
        assert sent.spec == altair.spec
        assert [(d.name, d.data.data) for d in sent.datasets] == [(d.name, d.data.data) for d in altair.datasets]
        assert sent.use_container_width == altair.use_container_width and sent.theme == altair.theme


def test_arrow_table_is_immutable_and_keeps_missing_values() -> None:
    import pandas as pd

    table = prepared.arrow_table(pd.DataFrame({"a": [1.0, None]}))
    assert isinstance(table, pa.Table) and table.column("a").null_count == 1


def test_a_template_drawn_over_other_data_is_the_spec_of_the_chart_over_that_data() -> None:
    import altair as alt
    import pandas as pd

    def chart(frame: pd.DataFrame) -> alt.Chart:
        return alt.Chart(frame).mark_line(point=True).encode(x="年份:O", y="数值:Q", color="县:N")

    first = pd.DataFrame({"年份": ["2020", "2021"], "数值": [1.5, None], "县": ["甲", "乙"]})
    second = pd.DataFrame({"年份": ["2019", "2022", "2023"], "数值": [3.0, 4.0, 5.5], "县": ["丙", "丙", "丁"]})
    assert prepared.spec_over(prepared.chart_spec(chart(first)), second) == prepared.chart_spec(chart(second))
