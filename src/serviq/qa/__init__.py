"""Quality inspection (質檢, R-QA-1 … R-QA-4 in docs/requirements.md).

Scorecards as data (:mod:`.scorecard`) and the review score (:mod:`.scoring`); the monthly
sampling plan that covers every agent (:mod:`.sampling`); reviews and disputes
(:mod:`.reviews`); agent scores with their uncertainty, trends and defects
(:mod:`.evaluation`); calibration between inspectors — ICC and Krippendorff's alpha
(:mod:`.calibration`); the scorecard as a measurement instrument (:mod:`.instrument`); the
weekly analysis, training plan and monthly summary (:mod:`.training`). Numbers a centre
would change are in ``serviq/data/qa/rules.yaml`` (:mod:`.ruleset`). Nothing here imports
Django, touches a database or keeps state.
"""
