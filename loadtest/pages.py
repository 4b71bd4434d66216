"""Page throughput measured with a client that costs the machine little: plain HTTP/1.1 over sockets in a
few processes (no HTTP library, no thread switching under one interpreter lock), so that the reference page's
figure is the server's and not the load generator's. Each request opens a connection, as a browser's does
against gunicorn's sync workers (which close it after every response), sends the person's session cookie and
reads the whole response.
"""
from __future__ import annotations

import multiprocessing
import socket
import statistics
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import requests

#: Client processes: enough to keep two workers busy, few enough to leave them the cores.
PROCESSES = 3


@dataclass(frozen=True)
class Target:
    """One page as one person asks for it: the host, port, path and the ``Cookie`` header (may be empty)."""

    host: str
    port: int
    path: str
    cookie: str

    @classmethod
    def of(cls, url: str, http: requests.Session | None = None) -> "Target":
        parts = urlsplit(url)
        cookie = "; ".join(f"{name}={value}" for name, value in (http.cookies.get_dict() if http else {}).items())
        return cls(parts.hostname or "127.0.0.1", parts.port or 80, parts.path or "/", cookie)

    def request(self) -> bytes:
        lines = [f"GET {self.path} HTTP/1.1", f"Host: {self.host}:{self.port}", "Connection: close"]
        if self.cookie:
            lines.append(f"Cookie: {self.cookie}")
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


#: The cluster every page measurement asks for: 21 answers (texts, choices, a date, links).
CLUSTER = "I"


def page_targets(base: str, bare: str, questionnaire_id: int,
                 readers: list[tuple[requests.Session, str]]) -> dict[str, list[Target]]:
    """The pages measured in every run, each asked for by every reader (a signed-in session and its State's code)
    in turn: the bare page, the smallest signed-in page (session, person, the site's header and footer, no query
    of its own: what any page of the app costs at the least), the dashboard, a cluster page and the review page."""
    def reply(iso3: str, page: str) -> str:
        return f"{base}/answers/{questionnaire_id}/{iso3}/{page}"

    return {
        "bare": [Target.of(bare + "/")],
        "signed_in": [Target.of(base + "/account/security", http) for http, _iso3 in readers],
        "dashboard": [Target.of(base + "/answers/", http) for http, _iso3 in readers],
        "cluster": [Target.of(reply(iso3, f"section/{CLUSTER}"), http) for http, iso3 in readers],
        "review": [Target.of(reply(iso3, "review"), http) for http, iso3 in readers],
    }


def get(target: Target, request: bytes) -> bool:
    """One request; True when the answer is a 200."""
    with socket.create_connection((target.host, target.port), timeout=30) as connection:
        connection.sendall(request)
        first = connection.recv(65536)
        while connection.recv(65536):
            pass
    return first.startswith(b"HTTP/1.1 200") or first.startswith(b"HTTP/1.0 200")


def _client(targets: list[Target], stop_at: float, results: multiprocessing.Queue) -> None:
    requests_ = [(target, target.request()) for target in targets]
    latencies: list[float] = []
    errors = 0
    index = 0
    while time.time() < stop_at:
        target, request = requests_[index % len(requests_)]
        index += 1
        started = time.perf_counter()
        try:
            ok = get(target, request)
        except OSError:
            ok = False
        latencies.append(time.perf_counter() - started)
        errors += not ok
    results.put((latencies, errors))


def throughput(targets: list[Target], seconds: float = 4.0, processes: int = PROCESSES) -> tuple[float, float, int]:
    """``(requests per second, median ms, errors)`` of GET ``targets`` (taken in turn) by ``processes`` clients
    for ``seconds``."""
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    began = time.time()
    stop_at = began + seconds
    clients = [context.Process(target=_client, args=(targets[n::processes] or targets, stop_at, results))
               for n in range(processes)]
    for client in clients:
        client.start()
    gathered = [results.get(timeout=seconds + 120) for _client_process in clients]
    for client in clients:
        client.join(timeout=30)
    elapsed = time.time() - began
    latencies = [latency for found, _errors in gathered for latency in found]
    errors = sum(found_errors for _found, found_errors in gathered)
    median = statistics.median(latencies) * 1000 if latencies else 0.0
    return len(latencies) / elapsed, median, errors
