"""The tier rule of the Terrorism (Protection of Premises) Act 2025 at its boundaries, and the
re-assessment cycle."""

import datetime as dt

import pytest

from saferplaces.contest.rules import Heading, Tier, Use, headings_for, next_assessment_due, site_tier


@pytest.mark.parametrize(("capacity", "tier"), [
    (0, Tier.NONE), (199, Tier.NONE), (200, Tier.STANDARD), (799, Tier.STANDARD), (800, Tier.ENHANCED),
    (50000, Tier.ENHANCED)])
def test_premises_tier_follows_capacity_at_200_and_800(capacity, tier):
    assert site_tier(use=Use.SHOP, capacity=capacity) == tier


@pytest.mark.parametrize(("capacity", "tier"), [(799, Tier.NONE), (800, Tier.EVENT), (20000, Tier.EVENT)])
def test_an_event_qualifies_from_800(capacity, tier):
    assert site_tier(use=Use.ENTERTAINMENT, capacity=capacity, is_event=True) == tier


@pytest.mark.parametrize("use", [Use.WORSHIP, Use.CHILDCARE, Use.SCHOOL, Use.FURTHER_EDUCATION])
def test_schedule_1_keeps_worship_and_schools_standard_however_large(use):
    assert site_tier(use=use, capacity=199) == Tier.NONE
    assert site_tier(use=use, capacity=5000) == Tier.STANDARD


def test_higher_education_and_other_uses():
    assert site_tier(use=Use.HIGHER_EDUCATION, capacity=800) == Tier.ENHANCED
    assert site_tier(use=Use.OTHER, capacity=5000) == Tier.NONE  # not a Schedule 1 use


def test_an_override_replaces_the_computed_tier():
    assert site_tier(use=Use.OTHER, capacity=5000, override=Tier.ENHANCED) == Tier.ENHANCED


def test_headings_are_the_procedures_and_for_enhanced_tiers_the_measures():
    assert headings_for(Tier.STANDARD) == ["evacuation", "invacuation", "lockdown", "communication"]
    assert headings_for(Tier.ENHANCED) == headings_for(Tier.EVENT) == list(Heading.values)
    assert len(Heading.values) == 9


def test_the_next_assessment_is_due_twelve_months_on():
    assert next_assessment_due(dt.date(2025, 5, 1)) == dt.date(2026, 5, 1)
    assert next_assessment_due(dt.date(2024, 2, 29)) == dt.date(2025, 2, 28)
    assert next_assessment_due(dt.date(2025, 12, 31)) == dt.date(2026, 12, 31)
