"""One person in a browser: signs in through the real form (CSRF token read from the page), opens a cluster,
fills every answer with new realistic values and autosaves, remembering what the server acknowledged."""
from __future__ import annotations

import http.client
import json
import os
import random
import re
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from html.parser import HTMLParser
from urllib.parse import urlencode, urlsplit

import requests

TIMEOUT = 60
WORDS = ("smuggling migrants protocol legislation offence penalty aggravating circumstances border "
         "cooperation training prosecution jurisdiction vessel sea land air victims protection assistance "
         "return documents fraudulent identity travel national authority agency report data case").split()


class FormReader(HTMLParser):
    """The fields of the page's forms: inputs (with their type and value), textareas and selects."""

    def __init__(self) -> None:
        super().__init__()
        self.hidden: dict[str, str] = {}
        self.radios: dict[str, list[str]] = {}
        self.checkboxes: dict[str, list[str]] = {}
        self.texts: dict[str, str] = {}  # name → input type ("text", "url", "date", "number", "textarea")
        self.selects: dict[str, list[str]] = {}
        self._select: str | None = None
        self.autosave_url: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "form" and a.get("data-autosave-url"):
            self.autosave_url = a["data-autosave-url"]
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if kind == "hidden":
                self.hidden[name] = a.get("value") or ""
            elif kind == "radio":
                self.radios.setdefault(name, []).append(a.get("value") or "")
            elif kind == "checkbox":
                self.checkboxes.setdefault(name, []).append(a.get("value") or "")
            elif kind not in ("submit", "button"):
                self.texts[name] = kind
        elif tag == "textarea" and name:
            self.texts[name] = "textarea"
        elif tag == "select" and name:
            self._select = name
            self.selects[name] = []
        elif tag == "option" and self._select and a.get("value"):
            self.selects[self._select].append(a["value"])

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def read_form(html: str) -> FormReader:
    reader = FormReader()
    reader.feed(html)
    return reader


#: A long run of the words above in random order, which texts are cut from.
_CORPUS = " ".join(random.Random(20260301).choices(WORDS, k=20_000))


def text_of(rng: random.Random, high: int = 2000) -> str:
    """A run of words of 40..``high`` characters cut from a random place of a long text (so a 2,000-character
    text costs the load generator microseconds, not the CPU the server under test needs)."""
    length = rng.randint(40, high)
    start = rng.randrange(len(_CORPUS) - high)
    return _CORPUS[start:start + length].strip() + "."


@dataclass
class Ack:
    base: str  # "<revision>:<fingerprint>" the server answered for this field
    text: str | None  # the text posted, for long and short text fields


@dataclass
class FocalPoint:
    base_url: str
    email: str
    iso3: str
    password: str
    rng: random.Random
    http: requests.Session = field(default_factory=requests.Session)
    page_url: str = ""
    autosave_url: str = ""
    form: FormReader | None = None
    acked: dict[str, Ack] = field(default_factory=dict)  # field name → last acknowledged save
    unknown: dict[str, list[str]] = field(default_factory=dict)  # saves whose outcome never came back
    saves: int = 0
    errors: int = 0

    def sign_in(self) -> None:
        sign_in(self.http, self.base_url, self.email, self.password)

    def open_cluster(self, questionnaire_id: int, code: str) -> None:
        self.page_url = f"{self.base_url}/answers/{questionnaire_id}/{self.iso3}/section/{code}"
        page = self.http.get(self.page_url, timeout=TIMEOUT)
        page.raise_for_status()
        self.form = read_form(page.text)
        if not self.form.autosave_url:
            raise RuntimeError(f"{self.email} cannot write on {self.page_url}")
        self.autosave_url = self.base_url + self.form.autosave_url

    def _values(self) -> tuple[list[tuple[str, str]], dict[str, str]]:
        form, rng = self.form, self.rng
        data = [(name, value) for name, value in form.hidden.items()]
        texts: dict[str, str] = {}
        for name, options in form.radios.items():
            data.append((name, rng.choice(options)))
        for name, options in form.checkboxes.items():
            for value in rng.sample(options, rng.randint(1, len(options))):
                data.append((name, value))
        for name, options in form.selects.items():
            data.append((name, rng.choice(options)))
        for name, kind in form.texts.items():
            if kind == "date":
                value = (date(2000, 1, 1) + timedelta(days=rng.randint(0, 9000))).isoformat()
            elif kind == "number":
                value = str(rng.randint(0, 5000))
            elif kind == "url" or name.endswith("-url"):
                value = f"https://example.org/{self.iso3.lower()}/{rng.randint(1, 10**6)}"
            elif kind == "textarea":
                value = texts[name] = text_of(rng)
            else:
                value = text_of(rng, 120)
                if re.fullmatch(r"q_\d+", name):
                    texts[name] = value
            data.append((name, value))
        return data, texts

    def save(self) -> tuple[bool, float]:
        """One autosave of the whole cluster with new values; ``(acknowledged, seconds)``."""
        data, texts = self._values()
        started = time.perf_counter()
        try:
            status, body = post_form(self.http, self.autosave_url, data)
            elapsed = time.perf_counter() - started
            payload = json.loads(body) if status == 200 else None
        except (OSError, http.client.HTTPException, ValueError):
            payload, elapsed = None, time.perf_counter() - started
        self.saves += 1
        posted = {match.group(0) for name, _value in data if (match := re.match(r"q_\d+", name))}
        if payload is None:
            self.errors += 1
            for name in posted:  # the outcome is unknown: either value may be stored
                self.unknown.setdefault(name, []).append(texts.get(name, "?"))
            self._refresh()
            return False, elapsed
        for name, base in payload["bases"].items():
            self.acked[name] = Ack(base, texts.get(name))
            self.unknown.pop(name, None)
            self.form.hidden[f"base_{name[2:]}"] = base
        if payload.get("errors") or payload.get("conflicts"):
            if os.environ.get("LOADTEST_DEBUG"):
                print(self.email, payload.get("errors"), payload.get("conflicts"))
            self.errors += 1
            self._refresh()
            return False, elapsed
        return True, elapsed

    def _refresh(self) -> None:
        """After a failed save, reload the page for fresh bases (as the person's browser would)."""
        for _attempt in range(5):
            try:
                page = self.http.get(self.page_url, timeout=TIMEOUT)
                if page.status_code == 200:
                    self.form = read_form(page.text)
                    return
            except requests.RequestException:
                pass
            time.sleep(0.5)


def post_form(session: requests.Session, url: str, fields: list[tuple[str, str]]) -> tuple[int, bytes]:
    """POST ``fields`` form-encoded to ``url`` as the page's script does (``X-Requested-With: fetch``), with
    ``session``'s cookies, over a plain connection (the standard library's ``http.client``, as the page
    measurements use plain sockets: an HTTP library's own work per request cost the load generator about as much
    CPU as a third of a save, on the cores the server needs); a cookie the answer sets replaces the session's.
    ``(status, body)``."""
    parts = urlsplit(url)
    jar = session.cookies
    headers = {"Content-Type": "application/x-www-form-urlencoded", "X-Requested-With": "fetch",
               "Cookie": "; ".join(f"{cookie.name}={cookie.value}" for cookie in jar)}
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=TIMEOUT)
    try:
        connection.request("POST", parts.path, urlencode(fields).encode("ascii"), headers)
        response = connection.getresponse()
        body = response.read()
        for header in response.msg.get_all("Set-Cookie") or ():
            name, _equals, rest = header.partition("=")
            kept = next((cookie for cookie in jar if cookie.name == name.strip()), None)
            where = {"domain": kept.domain, "path": kept.path} if kept is not None else {}
            jar.set(name.strip(), rest.split(";", 1)[0], **where)
        return response.status, body
    finally:
        connection.close()


_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def sign_in(http: requests.Session, base_url: str, email: str, password: str) -> None:
    """Sign in through the login form with the CSRF token of the page."""
    page = http.get(f"{base_url}/login", timeout=TIMEOUT)
    token = _CSRF.search(page.text)
    if token is None:
        raise RuntimeError("no CSRF token on the login page")
    done = http.post(f"{base_url}/login", data={"csrf_token": token.group(1), "email": email, "password": password},
                     timeout=TIMEOUT, allow_redirects=False)
    if done.status_code != 302:
        raise RuntimeError(f"sign-in refused for {email}: {done.status_code}")
