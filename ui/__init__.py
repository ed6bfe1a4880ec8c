"""Streamlit glue shared by the pages: cached connection, language, map display."""
