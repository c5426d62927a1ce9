"""The live server the browser tests drive answers concurrent requests the way
production does (issue #20).

A unit page loads its targets and coverage partials at once; a browser moving
on leaves a request running while the next page is asked for. With Django's
default in-memory SQLite test database, the live server hands the test thread's
single connection to every request thread, and these requests disturbed each
other: `database table is locked`, sessions read as deleted (400), and a
commune officer's assignments read as none (403 "chưa được phân công"). Every
request thread must have its own connection, as each gunicorn thread has.
"""

import threading
from collections import Counter

import pytest
import requests
from django.db import connection

from conftest import Tree, client_for

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 6
ROUNDS = 15


def test_each_request_thread_has_its_own_connection() -> None:
    assert not (connection.vendor == "sqlite" and connection.is_in_memory_db())


def test_concurrent_requests_of_one_officer_all_succeed(
    live_server, tree: Tree, commune_a_officer
) -> None:
    session = client_for(commune_a_officer).cookies["sessionid"].value
    urls = [
        f"{live_server.url}/units/{tree.a1.pk}/",
        f"{live_server.url}/teams/coverage/{tree.a1.pk}/?partial=1&on=2025-06-30",
        f"{live_server.url}/evaluation/targets/?unit={tree.a1.pk}&partial=1",
        f"{live_server.url}/units/?partial=results&q=thon",
    ]
    statuses: Counter[int] = Counter()
    lock = threading.Lock()
    start = threading.Barrier(THREADS, timeout=30)

    def browse(offset: int) -> None:
        for i in range(ROUNDS):
            start.wait()  # every thread asks at the same moment
            response = requests.get(
                urls[(offset + i) % len(urls)],
                cookies={"sessionid": session},
                allow_redirects=False,
                timeout=30,
            )
            with lock:
                statuses[response.status_code] += 1

    threads = [threading.Thread(target=browse, args=(n,)) for n in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert statuses == Counter({200: THREADS * ROUNDS})
