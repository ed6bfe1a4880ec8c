"""Plain-Python core of the Key County Atlas: data build, boundaries, layers, exports.

Nothing in this package imports Streamlit; pages call into it.
"""
