"""The ASB case search: what each typed word matches, and a plan that stays fast at a borough's volume.

A word of three or more characters is looked for anywhere in a case's title, location and postcode,
in its parties' typed names and in the names of the person records linked as parties that the
searcher may see; a reference (ASB-2026-00012, or its number) also finds that case. Shorter words
cannot use the trigram indexes (pg_trgm needs three characters) and, looked for anywhere, would match
nearly every case ("at" in "Flat", "1" in every case number with a 1), so they mean what a caseworker
typing them means: one or two digits are a case number (12 is ASB-…-00012), a letter and a digit are
a postcode district (W2 is W2 5EH, not W21 …), and any other (``at``, ``of``) is left out of the
search and the page says so.

Every word must match (AND). Each word of three or more characters is first looked up through its
trigram indexes, at most :data:`RARE_MATCHES` + 1 cases read: a word found in no more cases than that
(a name, "noise") filters the list to those cases by id, so the database reads only them; a commoner
word ("Street" in every generated title) is tested on each case instead, as the list is read in its
sort order (its index), which stops once the page is full. A word's case number is matched either way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet

from saferplaces.asb.models import AsbCase, Party
from saferplaces.people.models import Person
from saferplaces.policy import access

#: the shortest word looked for anywhere in the text (pg_trgm's trigram)
MIN_WORD = 3
#: a word in at most this many cases is looked up by its trigram indexes and the cases named by id
RARE_MATCHES = 500
#: digits beyond this are no case number (and would overflow the id column)
MAX_NUMBER_DIGITS = 12

_DISTRICT = re.compile(r"^[A-Za-z][0-9]$")


@dataclass(frozen=True)
class Word:
    """One typed word and what it matches: ``text`` anywhere (three or more characters), ``number``
    a case number, ``district`` a postcode district; a word with none of them is left out."""

    typed: str
    text: str = ""
    number: int | None = None
    district: str = ""

    @property
    def ignored(self) -> bool:
        return not self.text and self.number is None and not self.district


def words_of(query: str) -> list[Word]:
    """The words of ``query`` and what each matches (see the module's docstring)."""
    words = []
    for typed in query.split():
        digits = typed.rsplit("-", 1)[-1]
        number = int(digits) if digits.isascii() and digits.isdigit() and len(digits) <= MAX_NUMBER_DIGITS else None
        if len(typed) >= MIN_WORD:
            words.append(Word(typed, text=typed, number=number))
        elif number is not None:
            words.append(Word(typed, number=number))
        elif _DISTRICT.match(typed):
            words.append(Word(typed, district=typed.upper()))
        else:
            words.append(Word(typed))
    return words


def ignored_words(query: str) -> list[str]:
    """The words of ``query`` the search leaves out (one or two letters that are no case number or
    postcode district), for the page to say so."""
    return [word.typed for word in words_of(query) if word.ignored]


def _district_q(district: str) -> Q:
    # The starting letters let the trigram index on the postcode find the candidates; the pattern then
    # keeps W2 5EH and W25EH (the inward code is always a digit and two letters) but not W21 ….
    return Q(postcode__istartswith=district) & Q(postcode__iregex=rf"^{district}( ?[0-9][A-Z]{{2}})?$")


def _case_columns(word: Word) -> Q:
    if word.district:
        return _district_q(word.district)
    return Q(title__icontains=word.text) | Q(location__icontains=word.text) | Q(postcode__icontains=word.text)


def _named_people(actor, text: str) -> QuerySet:
    # A linked person's name is the person record's: it matches only for those who may see the record.
    return access.scope(actor, Person.objects.filter(Q(forename__icontains=text) | Q(surname__icontains=text)))


def _rare_matches(actor, word: Word) -> list[int] | None:
    """The ids of the cases ``word``'s text or district matches, read through the trigram indexes, or
    None when there are more than :data:`RARE_MATCHES` (the word is common: test it case by case)."""
    # (unordered: a compound statement's parts may not be sorted)
    sources = [AsbCase.objects.filter(_case_columns(word)).order_by().values_list("pk", flat=True)]
    if word.text:
        sources.append(Party.objects.filter(name__icontains=word.text).order_by().values_list("case_id", flat=True))
        sources.append(Party.objects.filter(person__in=_named_people(actor, word.text).values("pk")).order_by()
                       .values_list("case_id", flat=True))
    # UNION ALL with a LIMIT: the database stops reading once it has more than enough; a case named
    # twice (a title and a party) is counted twice, which only makes the word look commoner.
    found = list(sources[0].union(*sources[1:], all=True)[:RARE_MATCHES + 1])
    return sorted(set(found)) if len(found) <= RARE_MATCHES else None


def _each_case(actor, word: Word) -> Q:
    """``word`` tested on each case's own row: its columns first (cheapest), then its parties."""
    match = _case_columns(word)
    if word.text:
        match |= Q(Exists(Party.objects.filter(case=OuterRef("pk"), name__icontains=word.text)))
        match |= Q(Exists(Party.objects.filter(case=OuterRef("pk"),
                                               person__in=_named_people(actor, word.text).values("pk"))))
    return match


def case_search(cases: QuerySet, *, actor, query: str) -> QuerySet:
    """Of ``cases`` (already scoped to what ``actor`` may see), those matching every word of ``query``.

    Reads the trigram indexes once for each word of three or more characters, or a postcode district
    (one query each, at most :data:`RARE_MATCHES` + 1 rows).
    """
    by_id: set[int] | None = None  # the cases the rare words allow, when there is one
    for word in words_of(query):
        if word.ignored:
            continue
        if not word.text and not word.district:
            cases = cases.filter(pk=word.number)
            continue
        ids = _rare_matches(actor, word)
        if ids is None:
            match = _each_case(actor, word)
            cases = cases.filter(match | Q(pk=word.number) if word.number is not None else match)
            continue
        allowed = set(ids) | ({word.number} if word.number is not None else set())
        by_id = allowed if by_id is None else by_id & allowed
    if by_id is not None:
        cases = cases.filter(pk__in=sorted(by_id))
    return cases
