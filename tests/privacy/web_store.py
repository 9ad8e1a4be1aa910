"""Load the web demo into a SQLite file and write through the web's paths, with planted
personal data (run by test_no_raw_personal_data.py in a fresh process).

    python web_store.py CONFIG.json

CONFIG names the demo's size (``demo``: generate's arguments), the planted ``comment``,
``ip`` and ``staff_text``. Prints one JSON line: what was stored.
"""

from __future__ import annotations

import datetime as dt
import json
import sys


def main(config_path: str) -> None:
    with open(config_path, encoding="utf-8") as fh:
        cfg = json.load(fh)
    import django

    django.setup()
    from django.test import Client
    from django.utils import timezone

    from serviq.demo import generate
    from serviq.web import boot

    boot.migrate()
    from serviq.web.demo import ensure_logins, load_centre
    from serviq.web.qa.demo import load_demo_qa

    data = generate(**cfg["demo"])
    load_centre(data)
    load_demo_qa(data.qa_reviews, data.qa_calibration)
    ensure_logins()

    # a customer answers the survey on the public page, from a planted address
    from serviq.web.surveys import actions
    from serviq.web.surveys.models import PublishedQuestionnaire, SurveyResponse

    q = PublishedQuestionnaire.objects.get(code="bank_service")
    token = actions.do_create_links(q, [{"language": "zh-hans"}])[0].token
    answers = {
        it["code"]: str(it["max"]) for it in q.definition["items"] if it["kind"] != "comment"
    }
    client = Client(REMOTE_ADDR=cfg["ip"])
    posted = client.post(f"/s/{token}/", {**answers, "COMMENT": cfg["comment"]})

    # staff write free text: handover log, escalation report, minutes, a visit, an incident
    from serviq.web.org.models import Person
    from serviq.web.workforce import actions as wf
    from serviq.web.workforce import shiftlog
    from serviq.web.workforce.confidentiality import record_visit, report_incident
    from serviq.web.workforce.minutes import record_minutes

    text = cfg["staff_text"]
    lead = Person.objects.filter(role="team_lead", team__isnull=False).first()
    agent = Person.objects.filter(role="agent", team=lead.team).first()
    director = Person.objects.filter(role="department_director").first()
    if lead is None or agent is None or director is None:
        raise SystemExit("the demo centre has no team lead, agent or department director")
    shiftlog.record_handover(
        lead,
        lead.team,
        {"equipment": "正常", "hard_cases": text, "staff_changes": text, "notices_read": text},
    )
    wf.open_report(agent, "beyond_remit", text, text)
    report_incident(agent, text, text, text)
    record_minutes(lead, "weekly", timezone.localdate(), notes=text, decisions=text)
    now = timezone.now()
    record_visit(director, "访客甲", "审计部", text, now - dt.timedelta(hours=1), now)
    print(
        json.dumps(
            {
                "survey_status": posted.status_code,
                "responses": SurveyResponse.objects.count(),
                "stored_comment": SurveyResponse.objects.order_by("-id").first().comment,
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main(sys.argv[1])
