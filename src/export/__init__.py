"""Files that carry their provenance: slides, decks, briefing packs, CSVs. No Streamlit."""
