"""What pages call: record facts in the database and derive what the learner sees (no Streamlit here)."""
