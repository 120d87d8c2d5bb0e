"""Pure figure builders: DataFrame in, go.Figure out, with title, period and source inside. No Streamlit."""
