"""``make loadtest``: the app under gunicorn on PostgreSQL (or SQLite), 150 focal points saving, one
worker killed, every acknowledged save checked against the database. See ``loadtest.run``."""
