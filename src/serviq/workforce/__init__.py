"""Running the customer-service department: the rule book of R-OPS-1 … R-OPS-7 (docs/requirements.md).

Calendars and rosters (:mod:`.calendars`, :mod:`.roster`), and the rules as pure functions
that return a :class:`~serviq.workforce.decisions.Decision`: leave (:mod:`.leave`), shift
swaps (:mod:`.swaps`), handover (:mod:`.handover`), escalation, confidentiality and
visitors (:mod:`.escalation`), attendance (:mod:`.attendance`) and meetings
(:mod:`.meetings`). Every number of the rules is a setting in ``serviq/data/rules.yaml``
(:mod:`.ruleset`). Nothing here imports Django, touches a database or keeps state.
"""
