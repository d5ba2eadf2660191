"""The UI's one way to reach the database: the app's engine, built and migrated once per process and URL."""
from __future__ import annotations

import streamlit as st
from sqlalchemy import Engine

import db
from settings import get_settings


def engine() -> Engine:
    """The app's engine for the configured database, shared by every session of this process."""
    return _engine_for(get_settings().database_url)


@st.cache_resource(show_spinner=False)
def _engine_for(database_url: str) -> Engine:
    # Like db.get_engine, but keyed by URL, so tests (and a changed setting) get a fresh engine, not the first one.
    # st.cache_resource builds each key once even when first page loads race.
    engine = db.make_engine(database_url)
    db.upgrade(engine)
    return engine
