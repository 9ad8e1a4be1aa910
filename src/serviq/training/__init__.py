"""Training and assessment (R-OPS-8, R-QA-3): sessions and attendance, question banks and
their scoring, item analysis of knowledge tests, and whether training moved the QA items it
was meant to move."""
