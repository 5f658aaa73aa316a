"""The ASB risk matrix: yes/no questions with weights, summed to a score, banded standard / medium /
high.

The questions follow the themes of the victim-focused ASB risk assessments English partnerships
adopted after the Home Office's 2010-2011 ASB call-handling trials (Home Office, *Anti-social
behaviour: call handling trials*, 2011): who is targeted and why, the victim's vulnerability, the
frequency and escalation of the behaviour, and its effect on the victim's life. The weights and bands
are this partnership's (docs/asb.md); a professional may raise the level with a reason, never lower
it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

#: code, question, weight when answered yes
QUESTIONS: list[tuple[str, str, int]] = [
    ("targeted", "Is the victim targeted because of who they are (race, religion, disability, sexual orientation, "
                 "gender identity or another characteristic)?", 3),
    ("vulnerable", "Does the victim have a disability, long-term illness or mental health condition, or are they "
                   "otherwise vulnerable?", 3),
    ("violence", "Has the victim been threatened with violence or assaulted?", 3),
    ("frequent", "Has the behaviour happened more than three times in the last month?", 2),
    ("escalating", "Is the behaviour getting worse or more frequent?", 2),
    ("afraid", "Is the victim afraid to leave home, or to stay in it?", 2),
    ("health", "Is the behaviour affecting the victim's physical or mental health (for example sleep or "
               "anxiety)?", 2),
    ("children", "Are children in the victim's household affected?", 2),
    ("perpetrator_risk", "Is the alleged perpetrator known for violence, weapons or drug dealing?", 2),
    ("reported_before", "Has the victim reported anti-social behaviour to any agency before?", 1),
    ("isolated", "Is the victim isolated, without support from family, friends or neighbours?", 1),
    ("property", "Has the victim's home or property been damaged?", 1),
]
CODES = [code for code, _question, _weight in QUESTIONS]
WEIGHTS = {code: weight for code, _question, weight in QUESTIONS}
MAX_SCORE = sum(WEIGHTS.values())
#: lowest score of each band above standard
MEDIUM_FROM = 6
HIGH_FROM = 12
LEVELS = ("standard", "medium", "high")


@dataclass(frozen=True)
class Assessment:
    """The result of the risk matrix.

    Attributes
    ----------
    score : int
        Sum of the weights of the questions answered yes (0 to ``MAX_SCORE``).
    matrix_level : str
        The band the score falls in: ``standard`` (below ``MEDIUM_FROM``), ``medium``, ``high``
        (``HIGH_FROM`` or more).
    level : str
        The level that applies: the matrix level, or the higher one a professional chose.
    raised : bool
        True when professional judgement raised the level above the matrix's.
    """

    score: int
    matrix_level: str
    level: str
    raised: bool


def score(answers: Iterable[str]) -> int:
    """Sum of the weights of the questions answered yes; an unknown code is an error."""
    answers = set(answers)
    unknown = answers - set(CODES)
    if unknown:
        raise ValueError(f"Unknown risk question codes: {sorted(unknown)}")
    return sum(WEIGHTS[code] for code in answers)


def band(total: int) -> str:
    if total >= HIGH_FROM:
        return "high"
    if total >= MEDIUM_FROM:
        return "medium"
    return "standard"


def assess(answers: Iterable[str], judgement_level: str = "") -> Assessment:
    """Score the answers and band them; ``judgement_level`` may raise the band, never lower it."""
    total = score(answers)
    matrix = band(total)
    level = matrix
    if judgement_level:
        if judgement_level not in LEVELS:
            raise ValueError(f"Unknown risk level {judgement_level!r}")
        if LEVELS.index(judgement_level) > LEVELS.index(matrix):
            level = judgement_level
    return Assessment(total, matrix, level, level != matrix)
