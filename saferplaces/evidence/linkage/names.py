"""Name standardisation for person linkage: cleaning and nickname canonical forms.

The linkage model standardises in SQL (:mod:`.prepare`); these functions state the same rules in
Python for the synthetic data and the tests.

The nickname table lists common English diminutives (Bill → William, Peggy → Margaret). Both the
linkage model (to compare names by their canonical form) and the synthetic partner data (to plant
nicknames) read it. Diminutives are common knowledge; the table is written for this project, in the
spirit of the name-variant tables used by ONS and NHS record linkage (e.g. Harron et al. 2017,
"Challenges in administrative data linkage for research", Big Data & Society 4(2)).
"""

from __future__ import annotations

import re

#: canonical forename → common diminutives and short forms
NICKNAMES: dict[str, tuple[str, ...]] = {
    "william": ("bill", "billy", "will", "liam", "willy"),
    "robert": ("bob", "bobby", "rob", "robbie", "bert"),
    "richard": ("dick", "rick", "ricky", "rich", "richie"),
    "james": ("jim", "jimmy", "jamie"),
    "john": ("jack", "johnny", "jon"),
    "michael": ("mike", "mick", "mickey", "mikey"),
    "david": ("dave", "davey", "davy"),
    "thomas": ("tom", "tommy"),
    "christopher": ("chris", "kit"),
    "daniel": ("dan", "danny"),
    "matthew": ("matt", "matty"),
    "anthony": ("tony", "ant"),
    "joseph": ("joe", "joey"),
    "edward": ("ed", "eddie", "ted", "ned"),
    "alexander": ("alex", "sandy", "xander"),
    "benjamin": ("ben", "benny", "benji"),
    "samuel": ("sam", "sammy"),
    "jonathan": ("jon", "jonny"),
    "nicholas": ("nick", "nicky"),
    "stephen": ("steve", "stevie"),
    "steven": ("steve", "stevie"),
    "andrew": ("andy", "drew"),
    "peter": ("pete",),
    "charles": ("charlie", "chas", "chuck"),
    "henry": ("harry", "hal", "hank"),
    "frederick": ("fred", "freddie"),
    "patrick": ("pat", "paddy"),
    "timothy": ("tim", "timmy"),
    "kenneth": ("ken", "kenny"),
    "ronald": ("ron", "ronnie"),
    "donald": ("don", "donnie"),
    "gerald": ("gerry",),
    "lawrence": ("larry", "laurie"),
    "terence": ("terry",),
    "raymond": ("ray",),
    "leonard": ("len", "lenny"),
    "nathaniel": ("nat", "nate"),
    "oliver": ("ollie",),
    "joshua": ("josh",),
    "zachary": ("zach", "zac"),
    "callum": ("cal",),
    "mohammed": ("mo",),
    "elizabeth": ("liz", "lizzie", "beth", "betty", "eliza", "libby"),
    "margaret": ("maggie", "meg", "peggy", "marge"),
    "catherine": ("cath", "cathy", "kate", "katie", "kat"),
    "katherine": ("kate", "katie", "kathy", "kat"),
    "jennifer": ("jen", "jenny"),
    "rebecca": ("becky", "becca"),
    "victoria": ("vicky", "tori"),
    "alexandra": ("alex", "lexi", "sandra"),
    "samantha": ("sam", "sammy"),
    "susan": ("sue", "susie"),
    "deborah": ("debbie", "deb"),
    "patricia": ("pat", "trish", "patty"),
    "christine": ("chris", "chrissie"),
    "jacqueline": ("jackie",),
    "dorothy": ("dot", "dolly"),
    "abigail": ("abbie", "abby"),
    "charlotte": ("lottie", "charlie"),
    "eleanor": ("ellie", "nell"),
    "amelia": ("millie", "amy"),
    "olivia": ("liv", "livvy"),
    "isabella": ("bella", "izzy"),
    "sophie": ("soph",),
    "natalie": ("nat",),
    "jessica": ("jess", "jessie"),
    "hannah": ("annie",),
    "emily": ("em", "emmy"),
    "gemma": ("gem",),
    "louise": ("lou",),
    "theresa": ("tess", "terri"),
    "josephine": ("jo", "josie"),
    "joanne": ("jo",),
    "frances": ("fran", "frankie"),
}

_DIMINUTIVE: dict[str, str] = {}
for _canonical, _short in NICKNAMES.items():
    for _name in _short:
        # A short form shared by two names (sam, alex, chris) maps to the first listed; the
        # comparison also keeps the raw name, so this only decides which pairs look alike.
        _DIMINUTIVE.setdefault(_name, _canonical)

_NOT_LETTER = re.compile(r"[^a-z]")


def clean_name(text: str | None) -> str:
    """Lower-case letters only: "O'Brien-Smith " → "obriensmith"."""
    return _NOT_LETTER.sub("", (text or "").lower())


def canonical_forename(name: str) -> str:
    """The full form of a cleaned forename ("bill" → "william"); unknown names unchanged."""
    return _DIMINUTIVE.get(name, name)
