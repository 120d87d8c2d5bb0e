"""Pure answers from the tables: shares, events, relations, headlines, profiles, the report's claims
against the data, one sentence per chart. No Streamlit, no Plotly, no URL state."""
