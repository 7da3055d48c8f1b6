"""An export job survives the death of its worker, and any web process serves its file.

Real processes on a real store (a temporary SQLite file, or a PostgreSQL database of its
own when DATABASE_URL is PostgreSQL): two web servers and a background worker. The worker
is killed (SIGKILL: no chance to tidy up) in the middle of a PDF export; a new worker takes
the job up again and finishes it; both web servers follow its progress and serve the file.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.parse

from concilium.core.loadgen import get, load
from concilium.web.testing import (
    ROOT,
    demo_environment,
    demo_tokens,
    start_server,
    stop_server,
)

LONG = "SCO/CFM/2020/LONG"
MAKE_LONG = f"""
import django
django.setup()
from concilium.web.sample import sample_document
sample_document(symbol="{LONG}", paragraphs=400, positions=False)
"""


def _worker(env: dict) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "concilium", "worker", "--interval", "0.2"],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)


def _ask(url: str, token: str, method: str = "GET", path: str = "", body: dict | None = None):
    port = int(url.rsplit(":", 1)[1])
    data = json.dumps(body).encode() if body is not None else b""
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    result = load("127.0.0.1", port, clients=1, per_client=1,
                  plan=lambda n, i: (method, path, headers, data) if body is not None
                  else get(path, headers))
    (status, content), = result.bodies.items()
    return status, content


def _until(check, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def test_a_job_whose_worker_is_killed_finishes_on_the_next_worker(tmp_path):
    base = os.environ.get("DATABASE_URL", "")
    name = f"{urllib.parse.urlparse(base).path.lstrip('/')}_survive" if base else None
    env = demo_environment(tmp_path, database=name, extra={
        "CONCILIUM_DEBUG": "0", "CONCILIUM_WORKER_BEAT": "0.3", "CONCILIUM_WORKER_STALE": "2"})
    subprocess.run([sys.executable, "-c", MAKE_LONG], cwd=ROOT, env=env, check=True)
    token = demo_tokens(env, ["officer"])["officer"]
    first, url_a = start_server(env)
    second, url_b = start_server(env)
    workers = [_worker(env)]
    try:
        status, body = _ask(url_a, token, "POST", "/api/exports/jobs",
                            {"symbol": LONG, "format": "pdf", "lang": "en"})
        assert status == 202, body
        job = json.loads(body)["id"]

        def progress():  # read through the other web server: the row is the truth
            found = json.loads(_ask(url_b, token, path=f"/api/exports/jobs/{job}")[1])
            return found if found["status"] == "running" and found["progress"] > 0 else None

        seen = _until(progress, 120, "the export to start")
        workers[0].kill()  # SIGKILL, in the middle of the export
        workers[0].wait(10)
        time.sleep(1)
        lost = json.loads(_ask(url_b, token, path=f"/api/exports/jobs/{job}")[1])
        assert lost["status"] == "running" and lost["progress"] < 100, (seen, lost)

        workers.append(_worker(env))

        def finished():
            found = json.loads(_ask(url_a, token, path=f"/api/exports/jobs/{job}")[1])
            return found if found["status"] in ("done", "failed") else None

        done = _until(finished, 240, "the export to finish after the restart")
        assert (done["status"], done["progress"], done["error"]) == ("done", 100, "")
        files = [_ask(url, token, path=done["file_url"]) for url in (url_a, url_b)]
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.terminate()
                worker.wait(10)
        stop_server(first)
        stop_server(second)
    assert [status for status, _ in files] == [200, 200]
    assert files[0][1].startswith(b"%PDF") and files[0][1] == files[1][1]
