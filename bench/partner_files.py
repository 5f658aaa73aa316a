"""Four agencies' person files from a generator independent of the engine's own (a test instrument).

``saferplaces.evidence.synthetic.people`` was written with the linkage model and shares its nickname
table, so accuracy on it flatters the model. This generator shares nothing with the engine: its own
name lists and nickname table (with diminutives the engine's table lacks, and some it maps elsewhere:
"Bert" is Albert here, Robert there), spelling variants, and an error model of other kinds:

* people live in **households** (one surname and address; twins share a date of birth; a son may
  carry his father's forename), so strangers agree on surname, address and sometimes date of birth;
* names: keyboard-neighbour typos, dropped or doubled letters, spelling variants (Mohammed /
  Muhammad), nicknames, a middle name in the forename field, forename and surname swapped, half of a
  double-barrelled surname, a married surname, upper or lower case, spaces or hyphens moved;
* dates of birth: day and month transposed, impossible dates (31 April, 29 February in a common year),
  a mistyped or swapped year digit, a day off by one, 1 January of the year (a placeholder), missing;
* places: a move to another address (same district or not), a mistyped or missing postcode, postcodes
  without their space or in lower case, missing or abbreviated addresses;
* files as agencies write them: each its own headers, date format (``dd/mm/yyyy``, ``d/m/yyyy``,
  ``yyyy-mm-dd``, ``dd/mm/yyyy 00:00``), encoding (Windows-1252, gzip, UTF-8 with BOM) and no
  ``source`` column in some (the file name says it).

Each record carries the true person (``truth``). :data:`VARIANTS` are error models of different rates
and kinds, so accuracy is reported across them, not tuned on one.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import gzip
import io
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

FORENAMES_M = ("sean", "declan", "rhys", "aled", "owen", "gareth", "ian", "neil", "keith", "graham", "stuart",
               "martin", "philip", "simon", "jamie", "ross", "euan", "callum", "kyle", "reece", "jordan", "tyler",
               "bradley", "nathan", "shane", "wesley", "albert", "alfred", "sidney", "douglas", "malcolm",
               "mohammed", "ibrahim", "yusuf", "bilal", "hamza", "chidi", "emeka", "tunde", "kwabena", "wei",
               "jun", "vikram", "ravi", "krzysztof", "lukasz", "bogdan", "stefan", "jose", "luis", "marco",
               "giovanni", "alexander", "william", "robert", "james", "thomas", "michael", "daniel", "joseph")
FORENAMES_F = ("siobhan", "niamh", "bethan", "nia", "carys", "fiona", "morag", "kirsty", "shona", "leanne",
               "kerry", "joanne", "samantha", "rebecca", "katherine", "margaret", "maureen", "sandra", "doreen",
               "pauline", "beverley", "wendy", "gillian", "janet", "aisha", "fatima", "khadija", "maryam",
               "ngozi", "chioma", "abena", "mei", "ling", "priya", "deepa", "sunita", "agata", "magdalena",
               "ewa", "irina", "lucia", "francesca", "sophie", "chloe", "zoe", "jessica", "elizabeth",
               "victoria", "caroline", "amanda")
SURNAMES = ("smith", "jones", "taylor", "brown", "williams", "wilson", "johnson", "davies", "patel", "khan",
            "begum", "ahmed", "hussain", "singh", "kaur", "wright", "walker", "robinson", "thompson", "evans",
            "okoye", "adebayo", "owusu", "mensah", "nwosu", "chen", "li", "wang", "nguyen", "kowalczyk",
            "lewandowski", "popa", "silva", "santos", "rossi", "o'brien", "o'connor", "mcdonald", "mackenzie",
            "campbell", "stewart", "murray", "reid", "hughes", "morgan", "griffiths", "price", "jenkins",
            "pritchard", "llewellyn", "fitzgerald", "gallagher", "doherty", "de souza", "van der berg",
            "ashworth", "blackwood", "cartwright", "dunmore", "fairclough", "greenhalgh", "hollingsworth",
            "kettleborough", "lockwood", "merriweather", "northcott", "oakley", "penhaligon", "quarmby",
            "ravenscroft", "sheffield", "thistlethwaite", "underwood", "vickers", "whitlock", "yardley")
# The long tail of rarer surnames: most people do not bear one of the commonest hundred (in England
# and Wales the commonest, Smith, is about 1.3% of people), made here from elements of English,
# Scottish and Welsh surnames.
_HEADS = ("ab", "ap", "bal", "bram", "cad", "carr", "dal", "dun", "elm", "fern", "gil", "glen", "hal", "heb",
          "ing", "kel", "lind", "mac", "mor", "nan", "ort", "pem", "quin", "rad", "rom", "sel", "strat", "tam",
          "tre", "ul", "ven", "wal", "wyn", "yar", "pryce", "bow", "cham", "drum", "fos", "har")
_TAILS = ("ard", "berry", "bourne", "by", "croft", "den", "ell", "er", "ett", "ford", "gate", "ham", "hill",
          "ing", "kin", "lock", "low", "man", "mer", "more", "ney", "nock", "orth", "ridge", "rick", "shaw",
          "stone", "ton", "ville", "wick")
RARE_SURNAMES = tuple(head + tail for head in _HEADS for tail in _TAILS)
#: share of people bearing one of :data:`SURNAMES` (the rest bear a rare one)
COMMON_SURNAME_SHARE = 0.3

#: this generator's own diminutives (full name -> short forms), written independently of the engine's
NICKNAMES = {
    "alexander": ("sasha", "alex", "al"), "william": ("billy", "will", "wills"), "robert": ("rob", "bobby"),
    "james": ("jim", "jimbo"), "thomas": ("tom", "tam"), "michael": ("mike", "micky"), "daniel": ("danny", "dan"),
    "joseph": ("joe", "jo"), "albert": ("bert", "bertie", "al"), "alfred": ("alf", "alfie", "fred"),
    "sidney": ("sid",), "douglas": ("doug", "dougie"), "malcolm": ("mal",), "philip": ("phil", "pip"),
    "simon": ("si",), "stuart": ("stu",), "gareth": ("gaz",), "bradley": ("brad",), "nathan": ("nate",),
    "samantha": ("sam", "sammie"), "rebecca": ("becky", "bex"), "katherine": ("kate", "kath", "kathy"),
    "margaret": ("maggie", "mags", "peggy"), "maureen": ("mo", "mau"), "sandra": ("sandy",),
    "elizabeth": ("beth", "lizzie", "betty"), "victoria": ("vicky", "vikki"), "jessica": ("jess",),
    "caroline": ("caz", "carrie"), "amanda": ("mandy",), "gillian": ("gill", "jill"), "beverley": ("bev",),
    "pauline": ("paula",), "francesca": ("fran", "cesca"), "magdalena": ("magda",), "joanne": ("jo",),
}
#: spellings of one name that partners key interchangeably
VARIANT_SPELLINGS = (("mohammed", "muhammad", "mohamed", "mohammad"), ("katherine", "catherine", "kathryn"),
                     ("stephen", "steven"), ("sean", "shaun"), ("aisha", "ayesha"), ("sophie", "sophia"),
                     ("zoe", "zoey"), ("jamie", "jaimie"), ("leanne", "lee-anne"), ("kirsty", "kirstie"),
                     ("ngozi", "ngozie"), ("philip", "phillip"), ("jose", "josé"), ("zoe", "zoë"))
STREETS = ("Harrow Road", "Edgware Road", "Church Street", "Lisson Grove", "Warwick Avenue", "Elgin Avenue",
           "Shirland Road", "Kilburn Lane", "Portnall Road", "Fernhead Road", "Walterton Road", "Bravington Road",
           "Marylands Road", "Sutherland Avenue", "Formosa Street", "Delaware Road", "Lanark Road", "Carlton Vale",
           "Malvern Road", "Chippenham Road")
DISTRICTS = ("W9", "W2", "W10", "NW6", "NW8", "W1", "SW1", "NW1", "W11", "WC2")
_KEYBOARD = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_NEIGHBOURS = {c: "".join(row[j] for j in (i - 1, i + 1) if 0 <= j < len(row))
               for row in _KEYBOARD for i, c in enumerate(row)}


@dataclass(frozen=True)
class ErrorModel:
    """Per-record chances of each error (each drawn independently)."""

    typo: float = 0.05
    spelling: float = 0.04
    nickname: float = 0.06
    middle_name: float = 0.05
    swap: float = 0.02
    half_surname: float = 0.3  # of double-barrelled surnames
    married: float = 0.03
    case_spacing: float = 0.2
    dob_missing: float = 0.06
    dob_transposed: float = 0.03
    dob_impossible: float = 0.015
    dob_year_typo: float = 0.015
    dob_off_by_one: float = 0.01
    dob_placeholder: float = 0.005
    moved: float = 0.2
    postcode_typo: float = 0.02
    postcode_missing: float = 0.06
    address_missing: float = 0.15
    sex_missing: float = 0.05


#: only the error kinds issue 19 names (typos and spelling variants, nicknames, swapped names,
#: transposed and impossible dates, moves, missing fields, case, spacing and hyphenation), at the
#: standard rates: the accuracy target is asserted on this one
NAMED_KINDS = replace(ErrorModel(), married=0.0, middle_name=0.0, half_surname=0.0, dob_year_typo=0.0,
                      dob_off_by_one=0.0, dob_placeholder=0.0, postcode_typo=0.0)

VARIANTS = {
    "named-kinds": NAMED_KINDS,
    "standard": ErrorModel(),
    "clean": ErrorModel(typo=0.01, spelling=0.01, nickname=0.02, middle_name=0.01, swap=0.0, married=0.0,
                        dob_missing=0.02, dob_transposed=0.01, dob_impossible=0.005, dob_year_typo=0.0,
                        dob_off_by_one=0.0, dob_placeholder=0.0, moved=0.05, postcode_typo=0.0,
                        postcode_missing=0.02, address_missing=0.05),
    "names": ErrorModel(typo=0.15, spelling=0.1, nickname=0.15, middle_name=0.1, swap=0.05, married=0.05,
                        case_spacing=0.5),
    "dates": ErrorModel(dob_missing=0.12, dob_transposed=0.08, dob_impossible=0.05, dob_year_typo=0.05,
                        dob_off_by_one=0.03, dob_placeholder=0.02),
    "movers": ErrorModel(moved=0.5, postcode_typo=0.05, postcode_missing=0.15, address_missing=0.3),
    "harsh": ErrorModel(typo=0.12, spelling=0.08, nickname=0.12, middle_name=0.08, swap=0.04, married=0.05,
                        case_spacing=0.4, dob_missing=0.1, dob_transposed=0.06, dob_impossible=0.04,
                        dob_year_typo=0.04, dob_off_by_one=0.02, dob_placeholder=0.01, moved=0.35,
                        postcode_typo=0.04, postcode_missing=0.1, address_missing=0.25, sex_missing=0.1),
}


@dataclass(frozen=True)
class Agency:
    """How one agency writes its file."""

    name: str
    headers: dict[str, str]  # field -> header
    date_format: str  # "dmy", "d/m", "iso", "dmy-midnight"
    encoding: str  # "cp1252", "gzip", "utf-8-sig", "utf-8"
    source_column: bool
    identifier: str | None  # field holding this agency's identifier


AGENCIES = (
    Agency("met_police", {"record_id": "URN", "forename": "Forename", "surname": "Surname", "dob": "DOB",
                          "postcode": "Postcode", "address": "Address", "sex": "Sex", "pnc_id": "PNC ID"},
           "dmy", "cp1252", False, "pnc_id"),
    Agency("council_asb", {"record_id": "Case Ref", "forename": "First Name", "surname": "Last Name",
                           "dob": "Date of Birth", "postcode": "Post Code", "address": "Address Line 1",
                           "sex": "Gender"}, "d/m", "gzip", False, None),
    Agency("nhs_trust", {"source": "source", "record_id": "patient_id", "forename": "given_name",
                         "surname": "family_name", "dob": "birth_date", "postcode": "postcode",
                         "nhs_number": "nhs_no"}, "iso", "utf-8-sig", True, "nhs_number"),
    Agency("probation", {"record_id": "id", "forename": "forename", "surname": "surname", "dob": "dob",
                         "postcode": "postcode", "crn": "crn", "pnc_id": "pnc"}, "dmy-midnight", "utf-8",
           False, "crn"),
)


def column_map() -> dict[str, list[str]]:
    """Field -> the agencies' headers for it (what an analyst would give the link command)."""
    out: dict[str, list[str]] = {}
    for agency in AGENCIES:
        for field, header in agency.headers.items():
            if header != field and header not in out.get(field, []):
                out.setdefault(field, []).append(header)
    return out


@dataclass
class _Person:
    forename: str
    middle: str
    surname: str
    sex: str
    dob: dt.date
    household: int
    pnc: str
    nhs: str
    crn: str


class _Generator:
    def __init__(self, seed: int, errors: ErrorModel):
        self.rng = np.random.default_rng(seed)
        self.errors = errors
        self.variants = {name: group for group in VARIANT_SPELLINGS for name in group}

    def chance(self, p: float) -> bool:
        return bool(self.rng.random() < p)

    def pick(self, options, skew: float = 0.5):
        weights = 1.0 / np.arange(1, len(options) + 1) ** skew
        return options[int(self.rng.choice(len(options), p=weights / weights.sum()))]

    def surname_drawn(self) -> str:
        if self.chance(COMMON_SURNAME_SHARE):
            return self.pick(SURNAMES)
        return RARE_SURNAMES[int(self.rng.integers(len(RARE_SURNAMES)))]

    def address(self) -> tuple[str, str]:
        district = DISTRICTS[int(self.rng.integers(len(DISTRICTS)))]
        unit = "".join(self.rng.choice(list("ABDEFGHJLNPQRSTUWXYZ"), 2))
        postcode = f"{district} {int(self.rng.integers(1, 10))}{unit}"
        flat = f"Flat {int(self.rng.integers(1, 30))}, " if self.chance(0.4) else ""
        return postcode, f"{flat}{int(self.rng.integers(1, 300))} {STREETS[int(self.rng.integers(len(STREETS)))]}"

    def people(self, n_people: int) -> tuple[list[_Person], list[tuple[str, str]]]:
        people: list[_Person] = []
        homes: list[tuple[str, str]] = []
        while len(people) < n_people:
            household = len(homes)
            homes.append(self.address())
            surname = self.surname_drawn()
            if self.chance(0.08):
                surname = f"{surname}-{self.surname_drawn()}"
            parent_year = int(self.rng.integers(1945, 1995))
            size = int(self.rng.choice([1, 2, 3, 4, 5], p=[0.35, 0.3, 0.15, 0.12, 0.08]))
            twin_dob = None
            for member in range(size):
                sex = "M" if self.chance(0.5) else "F"
                names = FORENAMES_M if sex == "M" else FORENAMES_F
                if member < 2:
                    dob = dt.date(parent_year, 1, 1) + dt.timedelta(days=int(self.rng.integers(0, 365 * 4)))
                elif twin_dob is not None:
                    dob, twin_dob = twin_dob, None  # a twin
                else:
                    # a parent 18 to 40 at the birth, and no one born after 2023
                    child_year = int(self.rng.integers(parent_year + 18, min(parent_year + 40, 2024)))
                    dob = dt.date(child_year, 1, 1) + dt.timedelta(days=int(self.rng.integers(0, 365)))
                    # about 3% of babies born in England and Wales are twins (ONS, Birth characteristics)
                    twin_dob = dob if self.chance(0.03) else None
                taken = {p.forename for p in people[len(people) - member:]}
                forename = self.pick(names)
                while forename in taken:  # parents do not give two children one name
                    forename = self.pick(names)
                if member >= 2 and sex == "M" and people and people[-member].sex == "M" and self.chance(0.05):
                    forename = people[-member].forename  # named after his father
                middle = self.pick(names) if self.chance(0.5) else ""
                letter = chr(65 + int(self.rng.integers(0, 26)))
                pnc = f"{int(self.rng.integers(70, 99))}/{int(self.rng.integers(0, 10**6)):06d}{letter}"
                nhs = "".join(str(int(d)) for d in self.rng.integers(0, 10, 10))
                crn = f"{chr(65 + int(self.rng.integers(0, 26)))}{int(self.rng.integers(0, 10**6)):06d}"
                people.append(_Person(forename, middle, surname, sex, dob, household, pnc, nhs, crn))
        return people[:n_people], homes

    # --- errors -----------------------------------------------------------------------------------

    def typo(self, word: str) -> str:
        if len(word) < 3:
            return word
        i = int(self.rng.integers(1, len(word)))
        kind = int(self.rng.integers(0, 3))
        if kind == 0 and word[i] in _NEIGHBOURS:  # a neighbouring key
            near = _NEIGHBOURS[word[i]]
            return word[:i] + near[int(self.rng.integers(len(near)))] + word[i + 1:]
        if kind == 1:  # a letter dropped
            return word[:i] + word[i + 1:]
        return word[:i] + word[i] + word[i:]  # a letter doubled

    def forename(self, person: _Person) -> str:
        e, name = self.errors, person.forename
        if self.chance(e.nickname) and name in NICKNAMES:
            name = self.pick(NICKNAMES[name], 0.0)
        elif self.chance(e.spelling) and name in self.variants:
            name = self.pick(self.variants[name], 0.0)
        if self.chance(e.typo):
            name = self.typo(name)
        if person.middle and self.chance(e.middle_name):
            name = f"{name} {person.middle}"
        return name

    def surname(self, person: _Person) -> str:
        e, name = self.errors, person.surname
        if person.sex == "F" and self.chance(e.married):
            name = self.surname_drawn()
        if "-" in name and self.chance(e.half_surname):
            name = name.split("-")[int(self.rng.integers(2))]
        if self.chance(e.typo):
            name = self.typo(name)
        return name

    def styled(self, name: str) -> str:
        if not self.chance(self.errors.case_spacing):
            return " ".join(p.capitalize() for p in name.replace("-", "- ").split(" ")).replace("- ", "-")
        kind = int(self.rng.integers(0, 4))
        if kind == 0:
            return name.upper()
        if kind == 1:
            return name.lower()
        if kind == 2:
            return name.replace("-", " ").replace("'", " ").title()
        return f" {name.replace(' ', '').replace('-', '').replace(chr(39), '').title()}  "

    def dob(self, true: dt.date) -> tuple[int, int, int] | None:
        """Year, month, day as keyed (may be no date at all)."""
        e = self.errors
        if self.chance(e.dob_missing):
            return None
        y, m, d = true.year, true.month, true.day
        if self.chance(e.dob_transposed) and d <= 12 and d != m:
            m, d = d, m
        elif self.chance(e.dob_impossible):
            y, m, d = self.impossible(y, m, d)
        elif self.chance(e.dob_year_typo):
            text = str(y)
            if self.chance(0.5):
                y = int(text[:2] + text[3] + text[2]) if text[2] != text[3] else y + 1
            else:
                y = int(text[:3] + str(int(self.rng.integers(10))))
        elif self.chance(e.dob_off_by_one):
            shifted = true + dt.timedelta(days=int(self.rng.choice([-1, 1])))
            y, m, d = shifted.year, shifted.month, shifted.day
        elif self.chance(e.dob_placeholder):
            m, d = 1, 1
        return y, m, d

    def impossible(self, y: int, m: int, d: int) -> tuple[int, int, int]:
        """The date with one digit of its day or month mistyped so that it is no date at all (31 April,
        30 February, 29 February in a common year, a 35th day, a 13th month)."""
        slips = [(y, m, day) for day in {10 * (d // 10) + k for k in range(10)} | {10 * k + d % 10 for k in range(10)}
                 if day >= 1 and day > calendar.monthrange(y, m)[1]]
        slips += [(y, month, d) for month in {10 * (m // 10) + k for k in range(10)} | {m % 10 + 10}
                  if month >= 1 and (month > 12 or d > calendar.monthrange(y, month)[1])]
        return slips[int(self.rng.integers(len(slips)))]

    def postcode(self, postcode: str) -> str:
        e = self.errors
        if self.chance(e.postcode_missing):
            return ""
        if self.chance(e.postcode_typo):
            i = int(self.rng.integers(len(postcode) - 2, len(postcode)))
            postcode = postcode[:i] + str(self.rng.choice(list("ABDEFGHJLNPQRSTUWXYZ"))) + postcode[i + 1:]
        kind = int(self.rng.integers(0, 6))
        return postcode.replace(" ", "") if kind == 0 else postcode.lower() if kind == 1 else postcode


def _date_text(parts: tuple[int, int, int] | None, style: str) -> str:
    if parts is None:
        return ""
    y, m, d = parts
    if style == "iso":
        return f"{y:04d}-{m:02d}-{d:02d}"
    if style == "d/m":
        return f"{d}/{m}/{y:04d}"
    text = f"{d:02d}/{m:02d}/{y:04d}"
    return text + " 00:00" if style == "dmy-midnight" else text


def generate_partner_records(n_records: int, *, seed: int = 0, errors: ErrorModel = ErrorModel(),
                             records_per_person: float = 1.8) -> dict[str, list[dict[str, str]]]:
    """Agency name -> its records (field -> text, plus ``truth``), ``n_records`` in all."""
    gen = _Generator(seed, errors)
    rng = gen.rng
    n_people = max(1, int(n_records / records_per_person))
    people, homes = gen.people(n_people)
    later = [gen.address() for _ in people]  # where each would move to
    for i in range(len(later)):
        if rng.random() < 0.5:  # a move within the district
            district = homes[people[i].household][0].split(" ")[0]
            later[i] = (district + " " + later[i][0].split(" ")[1], later[i][1])
    owner = np.concatenate([np.arange(n_people), rng.integers(0, n_people, max(0, n_records - n_people))])
    rng.shuffle(owner)
    out: dict[str, list[dict[str, str]]] = {a.name: [] for a in AGENCIES}
    for number, who in enumerate(owner[:n_records]):
        person = people[int(who)]
        agency = AGENCIES[int(rng.integers(len(AGENCIES)))]
        forename, surname = gen.styled(gen.forename(person)), gen.styled(gen.surname(person))
        if gen.chance(errors.swap):
            forename, surname = surname, forename
        postcode, address = later[int(who)] if gen.chance(errors.moved) else homes[person.household]
        if gen.chance(0.2):
            address = address.replace("Road", "Rd").replace("Street", "St").replace("Avenue", "Ave")
        record = {
            "record_id": f"{agency.name[:3].upper()}{number:07d}", "forename": forename, "surname": surname,
            "dob": _date_text(gen.dob(person.dob), agency.date_format), "postcode": gen.postcode(postcode),
            "address": "" if gen.chance(errors.address_missing) else address,
            "sex": "" if gen.chance(errors.sex_missing) else person.sex,
            "pnc_id": person.pnc if agency.identifier == "pnc_id" or (
                "pnc_id" in agency.headers and gen.chance(0.7)) else "",
            "nhs_number": person.nhs if agency.identifier == "nhs_number" and gen.chance(0.9) else "",
            "crn": person.crn if agency.identifier == "crn" else "",
            "source": agency.name, "truth": f"person{int(who)}",
        }
        out[agency.name].append(record)
    return out


def write_partner_files(folder: str | Path, n_records: int, *, seed: int = 0,
                        errors: ErrorModel = ErrorModel()) -> list[Path]:
    """Write the four agencies' files as they would send them (each its headers, date format and
    encoding, the true person in column ``truth``); return their paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    records = generate_partner_records(n_records, seed=seed, errors=errors)
    paths = []
    for agency in AGENCIES:
        fields = [f for f in agency.headers if agency.source_column or f != "source"]
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow([agency.headers[f] for f in fields] + ["truth"])
        for record in records[agency.name]:
            writer.writerow([record[f] for f in fields] + [record["truth"]])
        text = buffer.getvalue()
        if agency.encoding == "gzip":
            path = folder / f"{agency.name}.csv.gz"
            path.write_bytes(gzip.compress(text.encode("utf-8")))
        else:
            path = folder / f"{agency.name}.csv"
            path.write_bytes(text.encode(agency.encoding))
        paths.append(path)
    return paths


def variant(name: str, **changes: float) -> ErrorModel:
    """A named error model, with some rates changed."""
    return replace(VARIANTS[name], **changes)
