"""Continuous improvement (R-IND-9): records tied to indicators that fall short, their
lifecycle, suggestions and effectiveness verdicts decided by the indicator's own data.

- :mod:`serviq.actions.record` — series, criterion, the record's state;
- :mod:`serviq.actions.lifecycle` — statuses and who may move a record;
- :mod:`serviq.actions.suggestions` — records proposed from short periods and signals;
- :mod:`serviq.actions.effectiveness` — the before/after verdict on the control chart;
- :mod:`serviq.actions.register` — open / overdue / due-this-week, and the report section;
- :mod:`serviq.actions.ruleset` — the centre's numbers (``data/actions/rules.yaml``).
"""
