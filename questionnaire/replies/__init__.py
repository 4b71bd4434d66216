"""The rules of a State's reply that every stage shares: which follow-ups show, progress and lateness
(``answering``), reopening a submitted reply (``reopening``) and the words for reply and questionnaire
statuses and regional groups (``status_labels``)."""
