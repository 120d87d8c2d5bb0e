"""The sections of the longer pages (Streamlit calls around the pure layers), so each page stays a short list of steps."""
