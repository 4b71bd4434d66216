"""The drafting round's views, by page; ``questionnaire.consultation.routes`` gives each its URL.

- ``drafting``: the drafting round's index (sessions and consultations), a questionnaire's revisions,
  opening and closing a consultation;
- ``consultation_page``: one consultation's page and what is sent from it: posts, their changes,
  withdrawals and support, the secretariat's dispositions;
- ``documents``: comparing two drafts, a question's history, and the documents for meetings;
- ``shared``: what they all use: the role checks, the lookups that answer 404, how a POST ends.
"""
