"""The builder's views by page family; :mod:`questionnaire.builder.routes` gives each its address."""
