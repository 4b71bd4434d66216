"""The reference page: a bare Flask app served by gunicorn exactly like the real one."""
from flask import Flask

app = Flask(__name__)


@app.get("/")
def index() -> str:
    return "<!doctype html><title>bare</title><p>Hello</p>"
