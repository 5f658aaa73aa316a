"""The DASH risk identification checklist (DASH RIC, 2009): 24 questions, in our own short words.

DASH (Domestic Abuse, Stalking and Harassment and Honour-based Violence) was developed by Laura
Richards with ACPO and CAADA (now SafeLives) in 2009. Practitioners ask the victim each question;
14 or more "yes" answers marks the case as high risk and eligible for referral to MARAC, as does
professional judgement (with a reason) or escalation. The wording below is ours: it names the
topic of each published question, and is not the form's own text.
"""

from __future__ import annotations

#: SafeLives' "visible high risk" threshold: this many "yes" answers or more.
HIGH_RISK_THRESHOLD = 14

QUESTIONS: list[tuple[str, str]] = [
    ("injury", "Did the latest incident cause an injury?"),
    ("frightened", "Is the victim very frightened?"),
    ("fears", "Is the victim afraid of further harm (to themselves or others)?"),
    ("isolated", "Does the victim feel cut off from family or friends?"),
    ("depressed", "Is the victim feeling low, depressed or having suicidal thoughts?"),
    ("separation", "Has the victim separated, or tried to, in the last year?"),
    ("child_contact", "Is there conflict over contact with children?"),
    ("stalking", "Does the abuser keep contacting, following or harassing the victim?"),
    ("pregnancy", "Is the victim pregnant or has she had a baby in the last 18 months?"),
    ("more_often", "Is the abuse happening more often?"),
    ("worse", "Is the abuse getting worse?"),
    ("control", "Does the abuser try to control everything the victim does, or show extreme jealousy?"),
    ("weapons", "Has the abuser used a weapon or object to hurt the victim?"),
    ("threat_to_kill", "Has the abuser threatened to kill the victim or anyone else?"),
    ("strangulation", "Has the abuser tried to strangle, choke, suffocate or drown the victim?"),
    ("sexual", "Does the abuser do or say sexual things that hurt or degrade the victim?"),
    ("third_party", "Is another person threatening the victim, or does the victim fear someone else?"),
    ("hurt_others", "Has the abuser hurt anyone else (children, relatives, others)?"),
    ("animals", "Has the abuser hurt or mistreated an animal or pet?"),
    ("money", "Are there money problems, or is the victim financially dependent on the abuser?"),
    ("substances", "Has the abuser had problems with drugs, alcohol or mental health in the last year?"),
    ("suicide_threat", "Has the abuser threatened or attempted suicide?"),
    ("breach", "Has the abuser broken bail, an injunction or another agreement?"),
    ("criminal_history", "Is the abuser known to the police or to have a criminal history?"),
]
CODES = [code for code, _ in QUESTIONS]
assert len(QUESTIONS) == 24


def score(yes_codes) -> int:
    """The number of questions answered "yes"; unknown codes are refused."""
    answers = set(yes_codes)
    unknown = answers - set(CODES)
    if unknown:
        raise ValueError(f"Unknown DASH questions: {sorted(unknown)}")
    return len(answers)


def is_high_risk(dash_score: int | None, professional_judgement: bool) -> bool:
    """High risk: 14 or more "yes" answers, or a practitioner's professional judgement."""
    return professional_judgement or (dash_score is not None and dash_score >= HIGH_RISK_THRESHOLD)
