"""The plain controls of the answering form written as WTForms writes them, without its generic rendering path."""
from __future__ import annotations

from typing import Any, Mapping

from markupsafe import Markup, escape
from wtforms.meta import clean_key
from wtforms.widgets import CheckboxInput, Input, RadioInput, TextArea, TextInput


def render_control(field: Any, **attributes: Any) -> Markup:
    """``field(**attributes)`` as WTForms writes it (same attributes, same order, same escaping) for the plain
    controls of the answering form (text boxes, text areas, radio buttons and check boxes without validators),
    without WTForms' generic rendering path; any other field is left to WTForms."""
    widget = field.widget
    widget_type = type(widget)
    if (widget_type not in _FAST_WIDGETS or vars(field.flags) or getattr(field, "_datalist", None) is not None):
        return field(**attributes)
    merged = {clean_key(key): value for key, value in (field.render_kw or {}).items()}
    merged.update((clean_key(key), value) for key, value in attributes.items())
    merged.setdefault("id", field.id)
    if widget_type is TextArea:
        merged["name"] = field.name
        return Markup(f"<textarea {_attributes(merged)}>\r\n{escape(field._value())}</textarea>")
    if widget_type is RadioInput:
        if field.checked:
            merged.setdefault("checked", True)
    elif widget_type is CheckboxInput:
        if getattr(field, "checked", field.data):
            merged["checked"] = True
    merged.setdefault("type", widget.input_type)
    if "value" not in merged:
        merged["value"] = field._value()
    merged["name"] = field.name
    return Markup(f"<input {_attributes(merged)}>")


_FAST_WIDGETS = frozenset({Input, TextInput, RadioInput, CheckboxInput, TextArea})


def _attributes(attributes: Mapping[str, Any]) -> str:
    """``wtforms.widgets.html_params`` for cleaned names: sorted, ``True`` bare, ``False`` left out."""
    parts = []
    for key in sorted(attributes):
        value = attributes[key]
        if value is True:
            parts.append(key)
        elif value is not False:
            text = str(escape(value))
            parts.append(f'{key}="{text.replace(chr(34), "&quot;")}"')
    return " ".join(parts)
