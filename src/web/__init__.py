"""The Streamlit side: page set-up, cached loading, URL state, widgets, charts, exports and the page sections."""
