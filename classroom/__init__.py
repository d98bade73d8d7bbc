"""The live classroom's storage: room codes and the database of rooms and anonymous answers.

- ``codes``: six-character room codes without look-alike characters, drawn with ``secrets``;
- ``store``: rooms, participants and answers through SQLAlchemy (SQLite by default, PostgreSQL
  when a URL is configured), with the caps, the 24-hour lifetime and who may read what.

Nothing here imports Streamlit: the UI reads its settings (``st.secrets``) and passes them in.
"""
