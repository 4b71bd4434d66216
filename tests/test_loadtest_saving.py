"""The load test's saving client: it posts the form as the page's script does, with the person's cookies, reads
the answer, and keeps a cookie the answer sets for the next request."""
from __future__ import annotations

import threading

import requests
from flask import Flask, jsonify, request
from werkzeug.serving import make_server

from loadtest.client import post_form


def test_a_save_posts_the_fields_with_the_cookies_and_keeps_a_renewed_cookie():
    app = Flask("saving")
    seen = []

    @app.post("/save")
    def save():
        seen.append((request.cookies.get("session"), request.headers.get("X-Requested-With"),
                     request.form.getlist("q_1"), request.form.get("q_2")))
        if request.cookies.get("session") not in ("signed-in", "renewed"):
            return jsonify(error="signed out"), 403
        response = jsonify(bases={"q_2": "2:abc"})
        response.set_cookie("session", "renewed", httponly=True, samesite="Lax")
        return response

    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/save"
        person = requests.Session()
        person.cookies.set("session", "signed-in", domain="127.0.0.1", path="/")
        status, body = post_form(person, url, [("q_1", "sea"), ("q_1", "air"), ("q_2", "Act 5 & 6 = «2 000»")])
        assert status == 200 and b'"2:abc"' in body
        assert seen[-1] == ("signed-in", "fetch", ["sea", "air"], "Act 5 & 6 = «2 000»")
        assert [(cookie.name, cookie.value) for cookie in person.cookies] == [("session", "renewed")]
        post_form(person, url, [("q_2", "again")])
        assert seen[-1][0] == "renewed"
        assert person.get(url.replace("/save", "/nothing")).status_code == 404  # the jar still serves its pages

        status, _body = post_form(requests.Session(), url, [("q_2", "x")])
        assert status == 403
    finally:
        server.shutdown()
