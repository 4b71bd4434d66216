"""The answering stage's views by page family; :mod:`forms.routes` gives each its address."""
