"""The tier of a site under the Terrorism (Protection of Premises) Act 2025 ("Martyn's Law").

The Act (legislation.gov.uk/ukpga/2025/10) sorts premises and events by their use and by how many
people it is reasonable to expect present at the same time:

* Section 2(2): premises are *qualifying premises* when they consist of a building (or a building and
  other land), are wholly or mainly used for one or more uses specified in Schedule 1, and 200 or more
  individuals may reasonably be expected to be present at the same time in connection with those uses
  (and they are not excluded by Part 1 of Schedule 2).
* Section 2(3): qualifying premises are *enhanced duty premises* when 800 or more may reasonably be
  expected; otherwise *standard duty premises*.
* Schedule 1 treats some qualifying premises as standard duty premises whatever their capacity: places
  of communal worship, and premises used for childcare, schools and further education (the Home
  Office's factsheets and the Act's explanatory notes on Schedule 1). Higher education is not among them.
* Section 3: an event is a *qualifying event* when 800 or more individuals may reasonably be expected
  to attend at the same time at premises that are not themselves qualifying premises (and the other
  conditions of section 3 hold: admission is checked, the premises are not excluded).

Duties follow the tier: the public protection procedures of section 5 (evacuation, invacuation,
lockdown, communication) for every tier; the public protection measures of section 6 and a designated
senior individual (section 10) for enhanced duty premises and qualifying events; notifying the regulator,
the Security Industry Authority (section 9). A tier set by hand (a site whose capacity the figure does
not capture, a determination by the tribunal under section 11) needs a reason: the model refuses one
without.
"""

from __future__ import annotations

import calendar
import datetime as dt

from django.db import models

#: Section 2(2)(c): qualifying premises from this many people
STANDARD_FROM = 200
#: Sections 2(3)(a) and 3: enhanced duty premises and qualifying events from this many people
ENHANCED_FROM = 800


class Use(models.TextChoices):
    """The uses of Schedule 1 to the Act, grouped as its headings are, and "other" for a vulnerable site
    that is not a Schedule 1 use (a street, a square, a transport interchange's forecourt)."""

    SHOP = "shop", "Shops and services to visiting members of the public"
    FOOD_DRINK = "food_drink", "Food and drink (pubs, bars, restaurants)"
    ENTERTAINMENT = "entertainment", "Entertainment and leisure (theatres, cinemas, clubs)"
    SPORTS = "sports", "Sports grounds"
    LIBRARY_MUSEUM = "library_museum", "Libraries, museums and galleries"
    HALL = "hall", "Halls and conference or exhibition venues"
    VISITOR_ATTRACTION = "visitor_attraction", "Visitor attractions"
    HOTEL = "hotel", "Hotels and other accommodation"
    WORSHIP = "worship", "Places of worship"
    HEALTH = "health", "Health care"
    TRANSPORT = "transport", "Bus and railway stations"
    AERODROME = "aerodrome", "Aerodromes"
    CHILDCARE = "childcare", "Childcare"
    SCHOOL = "school", "Schools"
    FURTHER_EDUCATION = "further_education", "Further education"
    HIGHER_EDUCATION = "higher_education", "Higher education"
    PUBLIC_BUILDING = "public_building", "Public buildings (council, government, courts)"
    OTHER = "other", "Other vulnerable site (not a Schedule 1 use)"


class Tier(models.TextChoices):
    NONE = "none", "Not in scope of the Act"
    STANDARD = "standard", "Standard duty"
    ENHANCED = "enhanced", "Enhanced duty"
    EVENT = "event", "Qualifying event"


#: Schedule 1: qualifying premises of these uses are standard duty premises whatever their capacity
ALWAYS_STANDARD = frozenset({Use.WORSHIP, Use.CHILDCARE, Use.SCHOOL, Use.FURTHER_EDUCATION})


def site_tier(*, use: str, capacity: int, is_event: bool = False, override: str = "") -> str:
    """The site's tier: ``override`` when set, else the Act's tier for its use and capacity."""
    if override:
        return override
    if is_event:
        return Tier.EVENT if capacity >= ENHANCED_FROM else Tier.NONE
    if use == Use.OTHER or capacity < STANDARD_FROM:
        return Tier.NONE
    if capacity >= ENHANCED_FROM and use not in ALWAYS_STANDARD:
        return Tier.ENHANCED
    return Tier.STANDARD


def needs_senior_individual(tier: str) -> bool:
    """Section 10: enhanced duty premises and qualifying events designate a senior individual."""
    return tier in (Tier.ENHANCED, Tier.EVENT)


class Heading(models.TextChoices):
    """What a security assessment looks at. The first four are the public protection procedures of
    section 5 of the Act (every tier); the rest are public protection measures of section 6 (enhanced
    duty premises and qualifying events), as the security advisers group their advice."""

    EVACUATION = "evacuation", "Evacuation"
    INVACUATION = "invacuation", "Invacuation"
    LOCKDOWN = "lockdown", "Lockdown"
    COMMUNICATION = "communication", "Communication"
    VEHICLE_MITIGATION = "vehicle_mitigation", "Vehicle mitigation"
    ACCESS_CONTROL = "access_control", "Access control"
    SEARCH_SCREENING = "search_screening", "Search and screening"
    CCTV = "cctv", "CCTV"
    STAFF_AWARENESS = "staff_awareness", "Staff awareness"


PROCEDURES = (Heading.EVACUATION, Heading.INVACUATION, Heading.LOCKDOWN, Heading.COMMUNICATION)


#: The partnership's re-assessment cycle: a site is assessed again this many months after its last
#: assessment. No law sets it (the Act puts the duty on the responsible person, not on the advisers);
#: it is the group's own choice, kept here so that it is changed in one place.
REASSESS_AFTER_MONTHS = 12


def next_assessment_due(assessed_on: dt.date) -> dt.date:
    """The date a site assessed on ``assessed_on`` is next due (the same day, :data:`REASSESS_AFTER_MONTHS`
    later; the 29th to 31st fall back to the month's last day)."""
    month = assessed_on.month - 1 + REASSESS_AFTER_MONTHS
    year, month = assessed_on.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(assessed_on.day, calendar.monthrange(year, month)[1]))


def headings_for(tier: str) -> list[str]:
    """What an assessment of a site of ``tier`` looks at: the public protection procedures of section 5
    for every site; the public protection measures of section 6 too for enhanced duty premises and
    qualifying events."""
    if tier in (Tier.ENHANCED, Tier.EVENT):
        return list(Heading.values)
    return [heading.value for heading in PROCEDURES]
