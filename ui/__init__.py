"""Streamlit pages and the widgets they share; data comes only through catalog/ and services/."""
