# Copy to instance/config.py (or let `questionnaire init` write it) and adjust.
# Every setting can also come from the environment with the QUESTIONNAIRE_ prefix,
# e.g. QUESTIONNAIRE_DATABASE_URL; the environment wins over this file.

# A long random string; keep it secret. `python -c "import secrets; print(secrets.token_hex(32))"`
SECRET_KEY = "change-me"  # refused outside debug: replace it with a generated key

# Default: a SQLite file in this folder. For production, PostgreSQL with psycopg 3:
# DATABASE_URL = "postgresql+psycopg://questionnaire:PASSWORD@db.example.org:5432/questionnaire"

# Largest upload accepted (definition files), in bytes.
# MAX_CONTENT_LENGTH = 5 * 1024 * 1024

# Behind HTTPS (production), send the session cookie over HTTPS only.
# SESSION_COOKIE_SECURE = True

# Time zone used to show and export times when the reader has none: an IANA name.
# BABEL_DEFAULT_TIMEZONE = "UTC"

# Security (see the README's Security section). Behind HTTPS, also SESSION_COOKIE_SECURE = True above.
# IDLE_TIMEOUT_MINUTES = 60
# MFA_REQUIRED_ROLES = "secretariat"          # comma-separated; "" for none (the demo)
# RATELIMIT_STORAGE_URL = "redis://127.0.0.1:6379"   # default memory:// (one process only)
# LOGIN_RATE_LIMIT = "20 per minute;200 per hour"

# Mail (see the README's Configuration and Production sections). Without MAIL_URL every message is written as an
# .eml file to this folder's mail/ (the demo).
# MAIL_URL = "smtp+starttls://saq%40example.org:password@smtp.example.org:587"   # or smtp://, smtps://, file:///…
# MAIL_FROM = "UNODC Secretariat <saq@example.org>"
# BASE_URL = "https://saq.example.org"        # links in mail
# REDIS_URL = "redis://127.0.0.1:6379/0"      # the worker's queue; default: worker.sqlite in this folder
# INVITATION_HOURS = 72
# PASSWORD_RESET_HOURS = 2
# REMINDER_DAYS = "30,14,7,1"
# MAIL_MAX_ATTEMPTS = 8
# MAIL_RETRY_SECONDS = 60                     # doubled after each failure, at most a day

# Cluster pages each worker keeps rendered while nothing they show has changed (README, Performance): how many,
# and at most for how many seconds. KEPT_PAGES = 0 keeps none.
# KEPT_PAGES = 500
# KEPT_PAGE_SECONDS = 60
