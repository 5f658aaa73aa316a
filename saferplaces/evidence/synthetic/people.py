"""Synthetic partner person records with known truth, for linkage tests and benchmarks.

People are generated first (name, sex, date of birth, addresses, identifiers); each then appears in
one or more agencies' records (police, council, health, probation), each record keyed with the
errors real partner data has: nicknames ("Bill" for William), typing errors, initials only,
forename and surname swapped, missing or day/month-transposed dates of birth, an old or new
address, missing postcodes. Identifiers appear only where the agency holds them (PNC ID in police
and probation records, NHS number in health records, CRN in probation records).

Names, streets and postcodes are drawn from short lists written for this module, with skewed
(Zipf-like) frequencies so that common names collide as they do in real data; nothing is copied
from any dataset. Everything is seeded: the same seed gives the same records.
"""

from __future__ import annotations

import string
from dataclasses import dataclass

import numpy as np
import pandas as pd

from saferplaces.evidence.linkage.names import NICKNAMES

MALE = ["james", "john", "robert", "michael", "william", "david", "richard", "thomas", "christopher", "daniel",
        "matthew", "anthony", "joseph", "edward", "alexander", "benjamin", "samuel", "jonathan", "nicholas", "stephen",
        "andrew", "peter", "charles", "henry", "frederick", "patrick", "timothy", "kenneth", "ronald", "raymond",
        "leonard", "oliver", "joshua", "zachary", "callum", "mohammed", "george", "harry", "jack", "jacob", "noah",
        "leo", "arthur", "oscar", "theo", "archie", "freddie", "alfie", "ethan", "lewis", "ryan", "liam", "connor",
        "kieran", "dylan", "aaron", "adam", "luke", "mark", "paul", "gary", "craig", "darren", "wayne", "lee", "dean",
        "scott", "jason", "ahmed", "ali", "hassan", "omar", "yusuf", "tariq", "imran", "kwame", "kofi", "tyrone",
        "marcus", "jermaine", "rajesh", "sanjay", "arjun", "piotr", "tomasz", "jakub", "andrei", "mihai"]
FEMALE = ["elizabeth", "margaret", "catherine", "katherine", "jennifer", "rebecca", "victoria", "alexandra",
          "samantha", "susan", "deborah", "patricia", "christine", "jacqueline", "dorothy", "abigail", "charlotte",
          "eleanor", "amelia", "olivia", "isabella", "sophie", "natalie", "jessica", "hannah", "emily", "gemma",
          "louise", "theresa", "josephine", "joanne", "frances", "sarah", "laura", "emma", "lucy", "amy", "rachel",
          "claire", "helen", "nicola", "karen", "julie", "michelle", "kelly", "lisa", "tracey", "donna", "stacey",
          "chloe", "megan", "lauren", "holly", "grace", "ava", "mia", "poppy", "isla", "freya", "ruby", "evie",
          "fatima", "aisha", "maryam", "zainab", "amina", "priya", "anjali", "chantelle", "shanice", "precious",
          "blessing", "agnieszka", "katarzyna", "anna", "maria", "elena", "ioana"]
SURNAMES = ["smith", "jones", "williams", "taylor", "brown", "davies", "evans", "wilson", "thomas", "johnson",
            "roberts", "robinson", "thompson", "wright", "walker", "white", "edwards", "hughes", "green", "hall",
            "lewis", "harris", "clarke", "patel", "jackson", "wood", "turner", "martin", "cooper", "hill", "ward",
            "morris", "moore", "clark", "lee", "king", "baker", "harrison", "morgan", "allen", "james", "scott",
            "phillips", "watson", "davis", "parker", "price", "bennett", "young", "griffiths", "mitchell", "kelly",
            "cook", "carter", "richardson", "bailey", "collins", "bell", "shaw", "murphy", "miller", "cox", "richards",
            "khan", "marshall", "anderson", "simpson", "ellis", "adams", "singh", "begum", "wilkinson", "foster",
            "chapman", "powell", "webb", "rogers", "gray", "mason", "ali", "hunt", "hussain", "campbell", "matthews",
            "owen", "palmer", "holmes", "mills", "barnes", "knight", "lloyd", "butler", "russell", "barker", "fisher",
            "stevens", "jenkins", "murray", "dixon", "harvey", "graham", "pearson", "ahmed", "fletcher", "walsh",
            "kaur", "gibson", "howard", "andrews", "stewart", "ford", "reynolds", "saunders", "payne", "fox", "ross",
            "mahmood", "rahman", "akhtar", "chaudhry", "okafor", "mensah", "adeyemi", "boateng", "osei", "nowak",
            "kowalski", "wisniewski", "popescu", "obrien", "oconnor", "mcdonald", "macleod", "fraser", "hamilton",
            "reid", "dawson", "hart", "lawrence", "newman", "nicholson", "spencer", "barrett", "o'neill", "doyle",
            "brennan", "quinn", "kennedy", "abbott", "atkinson", "bishop", "bradley", "burton", "chambers", "cole",
            "cunningham", "day", "dean", "douglas", "duncan", "elliott", "farmer", "fleming", "francis", "gardner",
            "gordon", "grant", "hayes", "henderson", "hopkins", "hudson", "hunter", "jordan", "lamb", "lane", "little",
            "lowe", "marsh", "mcCarthy", "moss", "norris", "page", "parsons", "perry", "potter", "rees", "rhodes",
            "riley", "rose", "rowe", "sharp", "shepherd", "slater", "stone", "sutton", "swift", "tucker", "wade",
            "wallace", "warren", "watts", "webster", "west", "wheeler", "whitehouse", "wong", "yates", "zhang", "chen",
            "wang", "liu", "nguyen", "tran", "kim"]
# Surnames from places ("Ashford", "Whitfield"), the largest group of English surnames, made from
# common first and second elements so the list is long, as real surname lists are.
_FIRST = ("ash", "black", "brad", "brook", "church", "cliff", "cross", "east", "fair", "green", "hay",
          "holt", "kings", "lang", "mar", "new", "north", "old", "ravens", "ross", "south", "stan",
          "thorn", "wake", "west", "whit", "wood", "ather", "bar", "bromp", "cal", "dun", "ember",
          "fen", "gold", "hart", "kirk", "lyn", "mid", "pen", "red", "shel", "sel", "tal", "wins")
_SECOND = ("ford", "ley", "ton", "wood", "field", "worth", "by", "ham", "well", "more", "dale",
           "combe", "hurst", "ridge", "stead", "brook", "bury", "cott", "land", "wick")
PLACE_SURNAMES = tuple(a + b for a in _FIRST for b in _SECOND if a[-1] != b[0])
STREETS = ["high", "church", "station", "park", "victoria", "albert", "queens", "kings", "mill", "school", "chapel",
           "north", "south", "west", "east", "london", "manor", "grove", "new", "green", "elm", "oak", "cedar",
           "maple", "windsor", "york", "harrow", "edgware", "marylebone", "baker", "oxford", "regent", "portland",
           "warwick", "cambridge", "sussex", "kent", "essex", "drummond", "lisson", "bell", "carlton"]
STREET_KINDS = ("Road", "Street", "Lane", "Avenue", "Gardens", "Close", "Court", "Place", "Way",
                "Terrace", "Square", "Mews")
DISTRICTS = ("W1", "W2", "W9", "W10", "W11", "NW1", "NW6", "NW8", "SW1", "SW3", "SW5", "SW7",
             "WC1", "WC2", "N1", "N7", "E1", "E2", "SE1", "SE5", "SE11", "SE15", "EC1", "W12")
SOURCES = ("police", "council", "health", "probation")
SOURCE_PREFIX = {"police": "POL", "council": "CNL", "health": "NHS", "probation": "PRB"}


@dataclass(frozen=True)
class ErrorRates:
    """Per-record chance of each keying error or change (independent draws)."""

    nickname: float = 0.08
    forename_typo: float = 0.04
    surname_typo: float = 0.04
    initial_only: float = 0.02
    name_swap: float = 0.01
    dob_missing: float = 0.08
    dob_transposed: float = 0.03
    dob_typo: float = 0.02
    moved: float = 0.15
    postcode_missing: float = 0.05
    address_missing: float = 0.10
    sex_missing: float = 0.03


def _zipf_weights(n: int, exponent: float) -> np.ndarray:
    weights = 1.0 / np.arange(1, n + 1) ** exponent
    return weights / weights.sum()


def _nhs_numbers(rng: np.random.Generator, n: int) -> np.ndarray:
    """Ten-digit NHS numbers whose last digit is the modulus-11 check digit (NHS Data Dictionary)."""
    out: list[str] = []
    while len(out) < n:
        digits = rng.integers(0, 10, size=(n, 9))
        digits[:, 0] = rng.integers(4, 10, size=n)
        total = (digits * np.arange(10, 1, -1)).sum(axis=1)
        check = 11 - total % 11
        check[check == 11] = 0
        ok = check != 10
        for row, c in zip(digits[ok], check[ok], strict=True):
            out.append("".join(map(str, row)) + str(c))
    return np.array(out[:n], dtype=object)


def _typo(rng: np.random.Generator, word: str) -> str:
    """One keying error: a substituted, deleted, inserted or swapped neighbouring letter."""
    if len(word) < 3:
        return word
    i = int(rng.integers(1, len(word) - 1))
    kind = int(rng.integers(0, 4))
    letter = string.ascii_lowercase[int(rng.integers(0, 26))]
    if kind == 0:
        return word[:i] + letter + word[i + 1:]
    if kind == 1:
        return word[:i] + word[i + 1:]
    if kind == 2:
        return word[:i] + letter + word[i:]
    return word[:i - 1] + word[i] + word[i - 1] + word[i + 1:]


def _postcodes(rng: np.random.Generator, n: int) -> np.ndarray:
    district = np.array(DISTRICTS, dtype=object)[rng.integers(0, len(DISTRICTS), n)]
    sector = rng.integers(0, 10, n).astype(str)
    letters = np.array(list("ABDEFGHJLNPQRSTUWXYZ"), dtype=object)
    unit = letters[rng.integers(0, 20, n)] + letters[rng.integers(0, 20, n)]
    return district + " " + sector + unit


def _addresses(rng: np.random.Generator, n: int) -> np.ndarray:
    number = rng.integers(1, 200, n).astype(str)
    street = np.array([s.title() for s in STREETS], dtype=object)[rng.integers(0, len(STREETS), n)]
    kind = np.array(STREET_KINDS, dtype=object)[rng.integers(0, len(STREET_KINDS), n)]
    return number + " " + street + " " + kind


def generate_people(n_records: int, *, seed: int = 0, sources: tuple[str, ...] = SOURCES,
                    errors: ErrorRates = ErrorRates(), mean_records_per_person: float = 2.0) -> pd.DataFrame:
    """``n_records`` partner person records with the true person in column ``person``.

    Parameters
    ----------
    n_records : number of records to make (across all sources).
    seed : random seed; the same seed gives the same records.
    sources : agency names; each record comes from one of them (a person may have several
        records in one agency, as duplicates do).
    errors : per-record error rates.
    mean_records_per_person : average number of records each person has (1 + Poisson).

    Returns
    -------
    DataFrame with ``source, record_id, forename, surname, dob, postcode, address, sex, pnc_id,
    nhs_number, crn, person`` (``dob`` is ``YYYY-MM-DD`` or blank; blanks are empty strings).
    """
    rng = np.random.default_rng(seed)
    n_people = max(1, int(n_records / mean_records_per_person))
    counts = 1 + rng.poisson(mean_records_per_person - 1, n_people)
    person = np.repeat(np.arange(n_people), counts)[:n_records]
    if len(person) < n_records:  # top up with single-record people
        extra = np.arange(n_people, n_people + n_records - len(person))
        person = np.concatenate([person, extra])
        n_people += len(extra)
    n = len(person)

    # The people themselves.
    sex = rng.choice(np.array(["M", "F"], dtype=object), n_people)
    # Skew as in the population: the commonest forename about 5% of a sex, the commonest surname
    # (Smith) under 2% of people (ONS baby names; surname frequencies of the electoral roll).
    male = np.array(MALE, dtype=object)[rng.choice(len(MALE), n_people, p=_zipf_weights(len(MALE), 0.5))]
    female = np.array(FEMALE, dtype=object)[rng.choice(len(FEMALE), n_people, p=_zipf_weights(len(FEMALE), 0.5))]
    forename = np.where(sex == "M", male, female)
    all_surnames = SURNAMES + list(PLACE_SURNAMES)
    surname = np.array(all_surnames, dtype=object)[rng.choice(len(all_surnames), n_people,
                                                              p=_zipf_weights(len(all_surnames), 0.5))]
    dob = np.datetime64("1940-01-01") + rng.integers(0, 365 * 70, n_people).astype("timedelta64[D]")
    home_pc, old_pc = _postcodes(rng, n_people), _postcodes(rng, n_people)
    home_addr, old_addr = _addresses(rng, n_people), _addresses(rng, n_people)
    pnc = np.array([f"{y:02d}/{s:07d}{c}" for y, s, c in zip(
        rng.integers(0, 100, n_people), rng.integers(0, 10**7, n_people),
        rng.choice(list("ABCDEFGHJKLMNPQRTUVWXYZ"), n_people), strict=True)], dtype=object)
    nhs = _nhs_numbers(rng, n_people)
    crn = np.array([f"{c}{d:06d}" for c, d in zip(rng.choice(list("ABCDEFGHX"), n_people),
                                                   rng.integers(0, 10**6, n_people), strict=True)], dtype=object)

    # Their records.
    src = np.array(sources, dtype=object)[rng.integers(0, len(sources), n)]
    f, s = forename[person].copy(), surname[person].copy()
    draw = lambda rate: rng.random(n) < rate  # noqa: E731 - one draw per record
    nick = draw(errors.nickname)
    for i in np.flatnonzero(nick):
        options = NICKNAMES.get(f[i])
        if options:
            f[i] = options[int(rng.integers(0, len(options)))]
    for i in np.flatnonzero(draw(errors.forename_typo)):
        f[i] = _typo(rng, f[i])
    for i in np.flatnonzero(draw(errors.surname_typo)):
        s[i] = _typo(rng, s[i])
    initial = draw(errors.initial_only)
    f[initial] = [name[0] for name in f[initial]]
    swap = draw(errors.name_swap)
    f[swap], s[swap] = s[swap], f[swap].copy()
    d = dob[person].copy()
    transpose = draw(errors.dob_transposed)
    days = d.astype("datetime64[D]")
    years = days.astype("datetime64[Y]").astype(int) + 1970
    months = days.astype("datetime64[M]").astype(int) % 12 + 1
    dom = (days - days.astype("datetime64[M]")).astype(int) + 1
    can_swap = transpose & (dom <= 12) & (dom != months)
    dob_text = np.array([f"{y:04d}-{m:02d}-{dd:02d}" for y, m, dd in zip(years, months, dom, strict=True)],
                        dtype=object)
    dob_text[can_swap] = [f"{y:04d}-{dd:02d}-{m:02d}" for y, m, dd in
                          zip(years[can_swap], months[can_swap], dom[can_swap], strict=True)]
    for i in np.flatnonzero(draw(errors.dob_typo) & ~can_swap):
        text = dob_text[i]
        pos = int(rng.choice([2, 3, 9]))  # a year or day digit mistyped
        dob_text[i] = text[:pos] + str(int(rng.integers(0, 10))) + text[pos + 1:]
        try:
            np.datetime64(dob_text[i])
        except ValueError:
            dob_text[i] = text  # keep it a real date (no 29 February in 1983)
    dob_text[draw(errors.dob_missing)] = ""
    moved = draw(errors.moved)
    postcode = np.where(moved, old_pc[person], home_pc[person])
    address = np.where(moved, old_addr[person], home_addr[person])
    postcode[draw(errors.postcode_missing)] = ""
    address[draw(errors.address_missing)] = ""
    record_sex = sex[person].copy()
    record_sex[draw(errors.sex_missing)] = ""

    def held(agencies, rate):
        return np.isin(src, agencies) & (rng.random(n) < rate)

    pnc_id = np.where(held(["police"], 0.9) | held(["probation"], 0.8), pnc[person], "")
    nhs_number = np.where(held(["health"], 0.95), nhs[person], "")
    crn_id = np.where(held(["probation"], 1.0), crn[person], "")

    order = rng.permutation(n)
    frame = pd.DataFrame({
        "source": src, "forename": [x.title() for x in f], "surname": [x.title() for x in s],
        "dob": dob_text, "postcode": postcode, "address": address, "sex": record_sex,
        "pnc_id": pnc_id, "nhs_number": nhs_number, "crn": crn_id, "person": person,
    }).iloc[order].reset_index(drop=True)
    serial = frame.groupby("source").cumcount() + 1
    frame.insert(1, "record_id", frame["source"].map(SOURCE_PREFIX) + serial.map("{:07d}".format))
    frame["person"] = "T" + frame["person"].astype(str)
    return frame
