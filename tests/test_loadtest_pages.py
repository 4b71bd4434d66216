"""The load test's page client: it counts what the server answered, sends the person's cookie, and keeps going
for the time asked."""
from __future__ import annotations

import threading

import requests
from flask import Flask, request
from werkzeug.serving import make_server

from loadtest.pages import Target, throughput


def serving(app: Flask):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def test_the_page_client_counts_answers_and_sends_the_session_cookie():
    app = Flask("pages")

    @app.get("/reply")
    def reply():
        return ("mine", 200) if request.cookies.get("session") == "signed-in" else ("sign in", 302)

    server = serving(app)
    try:
        url = f"http://127.0.0.1:{server.server_port}/reply"
        person = requests.Session()
        person.cookies.set("session", "signed-in")
        rate, median, errors = throughput([Target.of(url, person)], seconds=0.5, processes=2)
        assert rate > 10 and median > 0 and errors == 0
        rate, _median, errors = throughput([Target.of(url)], seconds=0.5, processes=1)
        assert rate > 10 and errors > 0.4 * rate  # every request without the cookie is an error
    finally:
        server.shutdown()


def test_a_target_keeps_the_path_and_every_cookie():
    person = requests.Session()
    person.cookies.set("session", "a")
    person.cookies.set("lang", "fr")
    target = Target.of("http://127.0.0.1:8123/answers/1/AFG/section/I", person)
    assert (target.host, target.port, target.path) == ("127.0.0.1", 8123, "/answers/1/AFG/section/I")
    assert set(target.cookie.split("; ")) == {"session=a", "lang=fr"}
    assert target.request().startswith(b"GET /answers/1/AFG/section/I HTTP/1.1\r\n")
