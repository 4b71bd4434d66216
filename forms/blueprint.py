"""The answering stage's blueprint: templates in forms/templates/forms, scripts in forms/static."""
from flask import Blueprint

bp = Blueprint(
    "forms", __name__, template_folder="templates", static_folder="static",
    static_url_path="/forms-static", cli_group=None,
)
