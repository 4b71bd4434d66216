"""The rules of a State's reply that every stage shares: which follow-ups show, progress and lateness
(``answering``), reopening a submitted reply (``reopening``), the words for reply and questionnaire
statuses and regional groups (``status_labels``) and the language marks on what a State wrote (``written``)."""
