"""CSRF protection on every POST, the per-address rate limits and the security headers of every response."""
from __future__ import annotations

from flask import Flask, Response, current_app
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_wtf.csrf import CSRFProtect, generate_csrf
from markupsafe import Markup

csrf = CSRFProtect()
# Storage from RATELIMIT_STORAGE_URL (memory:// in one process; redis://... shared by every worker).
# Behind a reverse proxy, PROXY_COUNT wraps the app in werkzeug's ProxyFix so the client's address is the key.
limiter = Limiter(get_remote_address)


def sign_in_rate_limit() -> str:
    """The per-address limit on sign-in attempts (password and second-factor steps), from the config."""
    return current_app.config["LOGIN_RATE_LIMIT"]

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


def set_security_headers(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    return response


def trust_proxies(app: Flask) -> None:
    """With ``PROXY_COUNT`` > 0, read the client's address, scheme and host from the headers that many
    reverse proxies set (werkzeug's ProxyFix): sign-in limits then count per real client, not per proxy,
    and links in pages and mail use the public scheme and host."""
    count = int(app.config.get("PROXY_COUNT") or 0)
    if count > 0:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)  # type: ignore[method-assign]


def check_limits_only_where_set(app: Flask) -> None:
    """Take the limiter's check off requests to views that set no limit.

    Flask-Limiter checks every request before its view for application-wide, default and blueprint limits,
    none of which this app sets (unless a deployment sets ``RATELIMIT_DEFAULT`` or ``RATELIMIT_APPLICATION``,
    when the check stays): its limits are on the sign-in views (``limiter.limit``), whose wrappers check them
    when they run. The per-request check found nothing to count and cost every page about a twentieth of the
    smallest signed-in page's work.
    """
    check = limiter._check_request_limit  # the hook Flask-Limiter's init_app registers
    app.before_request_funcs[None] = [hook for hook in app.before_request_funcs.get(None, []) if hook != check]


def csrf_field() -> Markup:
    """A form's hidden CSRF field, for forms drawn without a WTForms form (nothing when CSRF checks are off)."""
    if not current_app.config.get("WTF_CSRF_ENABLED", True):
        return Markup("")
    return Markup('<input name="csrf_token" type="hidden" value="{}">').format(generate_csrf())


def init_app(app: Flask) -> None:
    trust_proxies(app)
    csrf.init_app(app)
    app.jinja_env.globals["csrf_field"] = csrf_field
    limiter.init_app(app)
    if not (app.config.get("RATELIMIT_DEFAULT") or app.config.get("RATELIMIT_APPLICATION")):
        check_limits_only_where_set(app)
    app.after_request(set_security_headers)
