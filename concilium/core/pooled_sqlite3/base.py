"""Django's SQLite backend with the process's open connections kept for the next request.

Under ASGI every request runs in a thread of its own, so Django opens a new SQLite
connection for each, and a new connection's first statement reads and parses the whole
schema (about 1 ms on this schema, a third of a small API request's CPU). This backend keeps
up to KEPT closed-by-Django connections per database file and hands them to the next
request's thread instead: a connection is used by one thread at a time (Django opens it with
`check_same_thread=False`), a connection handed back inside a transaction is rolled back
first, and one that fails is dropped. An in-memory database (the tests') is never closed by
Django and so never kept. Everything else is Django's SQLite backend unchanged.
"""

from __future__ import annotations

import threading

from django.db.backends.sqlite3 import base

KEPT = 8
_kept: dict[str, list] = {}
_lock = threading.Lock()


class DatabaseWrapper(base.DatabaseWrapper):
    def get_new_connection(self, conn_params):
        with _lock:
            kept = _kept.get(str(conn_params["database"]))
            conn = kept.pop() if kept else None
        return conn if conn is not None else super().get_new_connection(conn_params)

    def _close(self):
        conn = self.connection
        if conn is None:
            return None
        try:
            if conn.in_transaction:
                conn.rollback()
        except base.Database.Error:
            return super()._close()
        with _lock:
            kept = _kept.setdefault(str(self.get_connection_params()["database"]), [])
            if len(kept) < KEPT:
                kept.append(conn)
                return None
        return super()._close()
