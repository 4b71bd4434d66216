"""The load run: gunicorn (2 sync workers, 127.0.0.1, a free port) on a temporary database; page throughput
against a bare Flask page, both asked for by a plain-socket client (``loadtest.pages``); 150 focal points
saving at 20 saves/s, then as fast as they can, with one worker killed; then every acknowledged save checked
against the database. Bounded: every loop stops by count or by time, all traffic goes to 127.0.0.1, the whole
run takes a few minutes.

Prints ``RESULT users=150 saves=N rate_p95_ms=A max_saves_s=B cluster_ratio=C monitoring_ms=D errors=E lost=L``.
"""
from __future__ import annotations

import argparse
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from queue import Empty, Queue

import requests
from sqlalchemy import select
from sqlalchemy.orm import Session

from loadtest.client import FocalPoint, sign_in
from loadtest.pages import CLUSTER, Target, page_targets, throughput
from loadtest.seeding import PASSWORD, seed_database, temporary_database

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


@contextmanager
def gunicorn(app: str, env: dict[str, str], workdir: str, name: str, root: Path = ROOT):
    """``app`` of the checkout at ``root`` under gunicorn, 2 sync workers on a free port of 127.0.0.1, the app
    loaded once and the workers forked from it (``--preload``, as the README's deployment serves it); yields
    (base URL, process)."""
    port = free_port()
    log = open(Path(workdir) / f"{name}.log", "w")
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--bind", f"{HOST}:{port}", "--workers", "2", "--worker-class", "sync",
         "--timeout", "60", "--backlog", "512", "--preload", app],
        cwd=root, env={**os.environ, "PYTHONPATH": str(root), **env}, stdout=log, stderr=subprocess.STDOUT,
    )
    base = f"http://{HOST}:{port}"
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                requests.get(base + "/", timeout=2)
                break
            except requests.RequestException:
                time.sleep(0.2)
        else:
            raise RuntimeError(f"{name} did not start; see {log.name}")
        yield base, process
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def worker_pids(master: int) -> list[int]:
    path = Path(f"/proc/{master}/task/{master}/children")
    return [int(pid) for pid in path.read_text().split()] if path.exists() else []


def save_phase(clients: list[FocalPoint], rate: float | None, seconds: float, max_saves: int,
               kill_after: float | None = None, master: int | None = None) -> tuple[list[float], int, float, int]:
    """Saves for ``seconds`` (at most ``max_saves``): at ``rate`` per second, or as fast as the clients can.

    Returns (latencies of acknowledged saves, acknowledged saves, elapsed seconds, killed worker pid or 0).
    """
    tickets: Queue = Queue()
    latencies: list[float] = []
    acked = [0]
    killed = [0]
    began = time.monotonic()
    stop = began + seconds

    def feed() -> None:
        issued = 0
        while rate is not None and time.monotonic() < stop and issued < max_saves:
            time.sleep(max(0.0, began + issued / rate - time.monotonic()))
            tickets.put(1)
            issued += 1

    def killer() -> None:
        while kill_after is not None and time.monotonic() - began < kill_after:
            time.sleep(0.05)
        if kill_after is not None:
            killed[0] = kill_worker(master)

    def person(client: FocalPoint) -> None:
        while time.monotonic() < stop and client.saves < max_saves:
            if rate is not None:
                try:
                    tickets.get(timeout=0.2)
                except Empty:
                    continue
            ok, elapsed = client.save()
            if ok:
                latencies.append(elapsed)
                acked[0] += 1

    threads = [threading.Thread(target=feed), threading.Thread(target=killer)]
    threads += [threading.Thread(target=person, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 120)
    return latencies, acked[0], time.monotonic() - began, killed[0]


def kill_worker(master: int | None) -> int:
    pids = worker_pids(master) if master else []
    if not pids:
        return 0
    os.kill(pids[0], signal.SIGKILL)
    return pids[0]


def check_saved(url: str, clients: list[FocalPoint]) -> int:
    """How many acknowledged answers the database does not hold (neither the acknowledged value nor a
    later save whose outcome never came back)."""
    from forms.answers import base_of
    from questionnaire.db import make_engine
    from questionnaire.models import Answer

    engine = make_engine(url)
    lost = 0
    with Session(engine) as db:
        for client in clients:
            ids = [int(name[2:]) for name in client.acked]
            stored = {answer.question_id: answer for answer in db.scalars(
                select(Answer).join(Answer.response).where(Answer.question_id.in_(ids))
                .where(Answer.response.has(state_id=_state_id(db, client.iso3)))
            )}
            for name, ack in client.acked.items():
                answer = stored.get(int(name[2:]))
                if answer is None:
                    lost += 1
                    continue
                revision = int(ack.base.split(":")[0])
                if base_of(answer) == ack.base and (ack.text is None or answer.value == ack.text):
                    continue
                if answer.revision > revision and name in client.unknown:
                    continue  # a later save whose answer never arrived was stored: nothing acknowledged is lost
                lost += 1
    engine.dispose()
    return lost


def _state_id(db: Session, iso3: str) -> int:
    from questionnaire.models import State

    return db.scalar(select(State.id).where(State.iso3 == iso3))


def timed_get(http: requests.Session, url: str) -> float:
    """Milliseconds to get ``url`` (an error stops the run)."""
    started = time.perf_counter()
    http.get(url, timeout=30).raise_for_status()
    return (time.perf_counter() - started) * 1000


def percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def app_environment(url: str, workdir: str) -> dict[str, str]:
    """The settings of the app under load. All its focal points sign in from 127.0.0.1: the per-address sign-in
    limit (20 a minute by default) would refuse most of them, so it gets a limit above the run's sign-ins."""
    return {"QUESTIONNAIRE_DATABASE_URL": url, "QUESTIONNAIRE_SECRET_KEY": os.urandom(32).hex(),
            "QUESTIONNAIRE_INSTANCE_PATH": workdir,
            "QUESTIONNAIRE_LOGIN_RATE_LIMIT": os.environ.get("LOADTEST_LOGIN_RATE_LIMIT", "10000 per minute"),
            "QUESTIONNAIRE_MFA_REQUIRED_ROLES": os.environ.get("QUESTIONNAIRE_MFA_REQUIRED_ROLES", "")}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--users", type=int, default=150)
    parser.add_argument("--steady-seconds", type=float, default=20)
    parser.add_argument("--max-seconds", type=float, default=30)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="saq-loadtest-") as workdir, temporary_database(workdir) as url:
        print(f"database: {url.split('@')[-1]}")
        seeded = seed_database(url, args.users)
        env = app_environment(url, workdir)
        with gunicorn("loadtest.bare:app", {}, workdir, "bare") as (bare, _bare_process), \
                gunicorn("questionnaire:create_app()", env, workdir, "app") as (base, app_process):
            return measure(base, bare, seeded, app_process.pid, args)


def measure(base: str, bare: str, seeded, master: int, args) -> int:
    q = seeded.questionnaire_id
    staff = requests.Session()
    sign_in(staff, base, seeded.secretariat, PASSWORD)
    clients = [FocalPoint(base, email, iso3, PASSWORD, random.Random(n))
               for n, (email, iso3) in enumerate(seeded.focal_points)]
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda client: client.sign_in(), clients))
        list(pool.map(lambda client: client.open_cluster(q, CLUSTER), clients))
    print(f"{len(clients)} focal points signed in")

    readers = clients[:6]  # six focal points, each asking for their own State's pages
    pages = page_targets(base, bare, q, [(client.http, client.iso3) for client in readers])
    pages["monitoring"] = [Target.of(f"{base}/monitoring/{q}", staff)]
    rates = {}
    for name, targets in pages.items():
        rates[name], median, errors = throughput(targets)
        print(f"page {name:<11} {rates[name]:8.1f} req/s  median {median:7.1f} ms  errors {errors}")
    print(f"the smallest signed-in page serves {rates['signed_in'] / rates['bare']:.1%} of the bare page's throughput, "
          f"the cluster page {rates['cluster'] / rates['signed_in']:.1%} of the smallest signed-in page's")
    monitoring_ms = statistics.median(timed_get(staff, f"{base}/monitoring/{q}") for _ in range(15))

    steady, steady_acked, steady_s, _ = save_phase(clients, 20.0, args.steady_seconds, int(20 * args.steady_seconds))
    print(f"steady: {steady_acked} saves in {steady_s:.1f} s, p50 {percentile(steady, .5) * 1000:.0f} ms, "
          f"p95 {percentile(steady, .95) * 1000:.0f} ms")
    flat, flat_acked, flat_s, killed = save_phase(clients, None, args.max_seconds, 100_000,
                                                  kill_after=args.max_seconds / 3, master=master)
    print(f"as fast as possible: {flat_acked} saves in {flat_s:.1f} s, p50 {percentile(flat, .5) * 1000:.0f} ms; "
          f"worker {killed or 'none'} killed")
    lost = check_saved(seeded.url, clients)
    after_saves = [timed_get(staff, f"{base}/monitoring/{q}") for _ in range(6)]
    print(f"monitoring after the saves (each reply changed, counted again): first {after_saves[0]:.0f} ms, "
          f"then median {statistics.median(after_saves[1:]):.0f} ms")
    print(f"saves a second for each 1,000 bare pages a second this machine serves: "
          f"{flat_acked / flat_s / rates['bare'] * 1000:.1f}")
    saves = sum(client.saves for client in clients)
    errors = sum(client.errors for client in clients)
    print(f"RESULT users={len(clients)} saves={saves} rate_p95_ms={percentile(steady, .95) * 1000:.0f} "
          f"max_saves_s={flat_acked / flat_s:.1f} cluster_ratio={rates['cluster'] / rates['bare']:.3f} "
          f"monitoring_ms={monitoring_ms:.0f} errors={errors} lost={lost}")
    return 0 if lost == 0 else 1
