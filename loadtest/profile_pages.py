"""In-process page costs, repeatable on a busy machine: CPU milliseconds (``time.process_time``) and SQL
statements per request for the smallest signed-in page, the dashboard, a cluster page (asked for again: drawn
from what the worker kept, ``forms.kept_pages``), the same cluster page just after one of its answers was saved
(``cluster_new``: rendered afresh; its database figure includes the save), the review page, an autosave of a
21-answer cluster and the monitoring table of 193 States, through Flask's test client on a seeded SQLite
database.

    .venv/bin/python -m loadtest.profile_pages [--db /tmp/profile.sqlite] [-n 20] [--profile cluster]
        [--cluster IV] [--lang fr]

The database is seeded once (193 States with answers, the SOM questionnaire open, focal points) and reused
when ``--db`` names an existing file. ``--profile PAGE`` prints a cProfile of that page's requests; ``--cluster`` names the cluster of the cluster page
and the autosave (``IV`` is the SOM questionnaire's biggest, 44 questions) and ``--lang`` the focal point's
language (``fr``: the pages and the shipped questionnaire's texts in French).
"""
from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import random
import re
import statistics
import time
from pathlib import Path
from typing import Callable

from sqlalchemy import event, select, update
from werkzeug.security import generate_password_hash
from sqlalchemy.orm import Session
from werkzeug.datastructures import MultiDict

from loadtest.client import FocalPoint, read_form
from loadtest.seeding import seed_database
from questionnaire import create_app
from questionnaire.db import make_engine
from questionnaire.models import Questionnaire, User

CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
CLUSTER = "I"
PROFILE_PASSWORD = "profile-pages-password"


def seeded(path: Path, language: str | None = None, url: str | None = None) -> tuple[str, int, str]:
    """The seeded database: the SQLite file at ``path``, or the PostgreSQL database ``url`` (seeded when it
    holds no questionnaire yet)."""
    if url is None:
        url = f"sqlite:///{path}"
        if not path.exists():
            seed_database(url, 150)
    elif not _has_questionnaire(url):
        seed_database(url, 150)
    engine = make_engine(url)
    with Session(engine) as db:  # the seeding's password is random per run: set a known one
        questionnaire_id = db.scalar(select(Questionnaire.id).order_by(Questionnaire.id.desc()))
        db.execute(update(User).where(User.email.like("%@load.example"))
                   .values(password_hash=generate_password_hash(PROFILE_PASSWORD), locale=language))
        db.commit()
    engine.dispose()
    return url, questionnaire_id, "secretariat@load.example"


def _has_questionnaire(url: str) -> bool:
    engine = make_engine(url)
    try:
        with Session(engine) as db:
            return db.scalar(select(Questionnaire.id).limit(1)) is not None
    except Exception:  # no tables yet
        return False
    finally:
        engine.dispose()


def database_cpu_ms(app) -> Callable[[], float]:
    """On PostgreSQL, a reading of the CPU milliseconds the server process behind the app's (one, reused)
    connection has used (``/proc``, clock ticks), so a page's cost includes the database's work; on SQLite
    (in-process: already in the CPU time) a reading of zero."""
    engine = app.extensions["db_engine"]
    if engine.dialect.name != "postgresql":
        return lambda: 0.0
    with engine.connect() as connection:
        pid = connection.exec_driver_sql("SELECT pg_backend_pid()").scalar()
    tick_ms = 1000 / os.sysconf("SC_CLK_TCK")

    def reading() -> float:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) * tick_ms  # utime, stime

    return reading


def sign_in(client, email: str, password: str) -> None:
    page = client.get("/login")
    token = CSRF.search(page.get_data(as_text=True)).group(1)
    done = client.post("/login", data={"csrf_token": token, "email": email, "password": password})
    assert done.status_code == 302, (email, done.status_code)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", default="/tmp/saq-profile.sqlite")
    parser.add_argument("--url", default=None, help="a PostgreSQL database to seed (once) and use instead")
    parser.add_argument("-n", type=int, default=20, help="requests per page")
    parser.add_argument("--only", default=None, help="comma-separated pages to measure")
    parser.add_argument("--profile", default=None, help="print a cProfile of this page")
    parser.add_argument("--sort", default="cumulative", help="the cProfile's order (cumulative, tottime, ...)")
    parser.add_argument("--cluster", default=CLUSTER, help="the cluster of the cluster page and the autosave")
    parser.add_argument("--lang", default=None, help="the focal point's language (e.g. fr)")
    args = parser.parse_args(argv)
    url, q, secretariat = seeded(Path(args.db), args.lang, args.url)
    app = create_app({
        "DATABASE_URL": url, "SECRET_KEY": os.urandom(32).hex(), "LOGIN_RATE_LIMIT": "10000 per minute",
        "MFA_REQUIRED_ROLES": "", "RATELIMIT_STORAGE_URL": "memory://",
    })
    database_cpu = database_cpu_ms(app)
    queries = [0]
    event.listen(app.extensions["db_engine"], "before_cursor_execute", lambda *a: queries.__setitem__(0, queries[0] + 1))

    focal = app.test_client()
    sign_in(focal, "focal.afg@load.example", PROFILE_PASSWORD)
    staff = app.test_client()
    sign_in(staff, secretariat, PROFILE_PASSWORD)
    cluster_url = f"/answers/{q}/AFG/section/{args.cluster}"
    person = FocalPoint("", "focal.afg@load.example", "AFG", PROFILE_PASSWORD, random.Random(1))
    person.form = read_form(focal.get(cluster_url).get_data(as_text=True))
    autosave_url = person.form.autosave_url

    def autosave():
        data, _texts = person._values()
        return lambda: _post(data)

    def _post(data):
        answer = focal.post(autosave_url, data=MultiDict(data), headers={"X-Requested-With": "fetch"})
        payload = answer.get_json()
        for name, base in payload["bases"].items():
            person.form.hidden[f"base_{name[2:]}"] = base
        return answer

    def after_a_save():
        # outside the timing, one answer's text changed (as an autosave mostly sends): nothing kept of the whole
        # page can serve it, its question blocks still can
        data, texts = person._values()
        changed = next(iter(texts))
        _post([(name, value) for name, value in data if name in person.form.hidden or name == changed])
        return lambda: focal.get(cluster_url)

    pages = {  # each makes the request to time (the autosave's new texts are written outside the timing)
        "signed_in": lambda: lambda: focal.get("/account/security"),
        "dashboard": lambda: lambda: focal.get("/answers/"),
        "cluster": lambda: lambda: focal.get(cluster_url),
        "cluster_new": after_a_save,
        "review": lambda: lambda: focal.get(f"/answers/{q}/AFG/review"),
        "save": autosave,
        "monitoring": lambda: lambda: staff.get(f"/monitoring/{q}"),
    }
    if os.environ.get("PROFILE_SQL"):
        event.listen(app.extensions["db_engine"], "before_cursor_execute",
                     lambda c, cur, statement, *a: print("SQL", statement[:150].replace("\n", " ")))
    print(f"{'page':<12}{'cpu ms median':>15}{'cpu ms min':>12}{'queries':>9}{'database cpu ms':>17}")
    for name, prepare in pages.items():
        if args.only and name not in args.only.split(","):
            continue
        answer = prepare()()  # warm-up
        assert answer.status_code == 200, (name, answer.status_code)
        times, counts = [], []
        database_before = database_cpu()
        profiler = cProfile.Profile() if args.profile == name else None
        for _ in range(args.n):
            request = prepare()
            queries[0] = 0
            started = time.process_time()
            if profiler:
                profiler.enable()
            answer = request()
            if profiler:
                profiler.disable()
            times.append((time.process_time() - started) * 1000)
            counts.append(queries[0])
            assert answer.status_code == 200, (name, answer.status_code)
        database_ms = (database_cpu() - database_before) / args.n
        print(f"{name:<12}{statistics.median(times):>15.1f}{min(times):>12.1f}{max(counts):>9}{database_ms:>17.2f}")
        if profiler:
            pstats.Stats(profiler).sort_stats(args.sort).print_stats(45)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
