"""SQLite connections are kept between requests: each request's new thread takes one that
is already open (its schema read) instead of opening its own."""

import threading

import pytest
from django.db.utils import ConnectionHandler

from concilium.core.pooled_sqlite3 import base


@pytest.fixture(autouse=True)
def _own_files(django_db_blocker):
    """These tests open SQLite files of their own, not the test database."""
    with django_db_blocker.unblock():
        yield


def _wrapper(path):
    return ConnectionHandler({"default": {"ENGINE": "concilium.core.pooled_sqlite3",
                                          "NAME": str(path)}})["default"]


def _in_a_new_thread(fn):
    out = []
    thread = threading.Thread(target=lambda: out.append(fn()))
    thread.start()
    thread.join()
    return out[0]


def test_the_next_request_thread_takes_the_closed_connection(tmp_path):
    first = _wrapper(tmp_path / "kept.sqlite3")
    first.ensure_connection()
    raw = first.connection
    first.close()

    def next_request():
        later = _wrapper(tmp_path / "kept.sqlite3")
        later.ensure_connection()
        taken = later.connection
        later.close()
        return taken

    assert _in_a_new_thread(next_request) is raw


def test_a_connection_handed_back_in_a_transaction_is_rolled_back(tmp_path):
    path = tmp_path / "rolled.sqlite3"
    setup = _wrapper(path)
    with setup.cursor() as cursor:
        cursor.execute("CREATE TABLE t (x INTEGER)")
    setup.close()
    writer = _wrapper(path)
    writer.ensure_connection()
    writer.connection.execute("BEGIN")
    writer.connection.execute("INSERT INTO t VALUES (1)")
    writer.close()  # as a request that failed half-way
    reader = _wrapper(path)
    with reader.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM t")
        assert cursor.fetchone()[0] == 0
    reader.close()


def test_at_most_kept_connections_stay_open(tmp_path):
    wrappers = [_wrapper(tmp_path / "many.sqlite3") for _ in range(base.KEPT + 3)]
    for w in wrappers:
        w.ensure_connection()
    for w in wrappers:
        w.close()
    assert len(base._kept[str(tmp_path / "many.sqlite3")]) == base.KEPT
