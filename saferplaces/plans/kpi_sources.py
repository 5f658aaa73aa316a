"""Where each of the plan's KPIs gets its figure: a measure computing it from the product's own
records, or a note saying where the figure comes from (SafeLives' MARAC data, Victim Support's
quarterly data, a commissioned service's monitoring return, a survey...).

The table is keyed by the KPI's name as the plan data write it (``plans/data/``); a test checks that
every name is in the plan, so a renamed KPI is noticed. A computed KPI may bring further measure
KPIs to its action (``also``): the figures the strategy asks beside it (the ASB tools beside "No of
cases logged", each cohort beside the overlap report); a family measure written ``prefix:*`` brings
one KPI per member (each priority area that names its wards). :func:`kpi_sources_apply` applies the
table to a strategy; the demo loader calls it, and so can a deployment after importing its plan.
"""

from __future__ import annotations

from dataclasses import dataclass

from saferplaces.plans import measures
from saferplaces.plans.models import KPI, Direction, Source, Strategy, Unit


@dataclass(frozen=True)
class Computed:
    """The KPI reads ``measure``; each measure of ``also`` becomes a KPI of the same action."""

    measure: str
    also: tuple[str, ...] = ()
    target: float | None = None


@dataclass(frozen=True)
class Elsewhere:
    """The KPI's figure comes from outside the product: ``note`` says where."""

    note: str
    source: str = Source.MANUAL


#: measures where a lower figure is better (every other one: higher is better)
LOWER_IS_BETTER = frozenset({
    "victims.repeat_rate", "victims.repeat_victims", "victims.complaints_received", "victims.complaints_upheld",
    "victims.complaining_agencies", "policy.agreements_due_for_review", "insights.ward_crime", "insights.ward_vli",
    "offenders.people_in_several", "offenders.overlap_share",
})

_MILESTONE = "A milestone the action's lead records when it is met (1 = met)"
_SERVICE_RETURN = "The commissioned service's quarterly monitoring return to the delivery group"
_COHORTS = tuple(f"offenders.cohort_{cohort}" for cohort in
                 ("iom", "yos", "gangs", "mappa", "missing", "mace", "marac", "unite", "asb", "channel"))

KPI_SOURCES: dict[str, Computed | Elsewhere] = {
    # Victim
    "# of housing providers signed up to standard": Elsewhere(
        "The housing providers that have signed the minimum standard, counted by the action's lead"),
    "Repeat victimisation levels": Computed("victims.repeat_rate",
                                            also=("victims.repeat_victims", "victims.victims_recorded")),
    "Safelives monitoring data": Computed("marac.repeat_rate", also=(
        "marac.repeat_rate_against_national", "marac.cases_heard", "marac.attendance_rate")),
    "Women report increased physical safety and /or psychological safety and feelings of safety as measured by "
    "exit surveys/ closing assessments": Elsewhere(
        "The Angelou Partnership's exit surveys and closing assessments, in its quarterly return", Source.RETURN),
    "Sustain services through to 2021": Elsewhere(_MILESTONE),
    "Referral levels between commissioned services and victim support": Computed(
        "victims.vs_referrals_services",
        also=("victims.vs_referrals", "victims.vs_referrals_police", "victims.vs_referrals_council")),
    "KPI from the service": Elsewhere("The young women's advocate service's quarterly monitoring return",
                                      Source.RETURN),
    "Victim support service user data": Elsewhere(
        "Victim Support's quarterly Westminster data (service users, their needs and outcomes)", Source.RETURN),
    "Directory published": Elsewhere(_MILESTONE),
    "Number of complaints received.": Computed("victims.complaints_received",
                                               also=("victims.complaints_upheld", "victims.complaining_agencies")),
    "Public attitude survey": Elsewhere("The MOPAC Public Attitude Survey, quarterly by borough", Source.SURVEY),
    "Number of young people accessing support services": Computed("victims.young_supported",
                                                                  also=("victims.young_positive_share",)),
    "Take-up of training by community safety partners": Elsewhere(
        "The attendance registers of the safeguarding thresholds training, kept by the action's lead"),
    # Offender
    "A reduction in charge data by what %? Up to 30 clients are engaged at any one time. Number of housing needs "
    "met": Elsewhere("Starting Over's quarterly return (clients engaged, housing needs met) and the police's "
                     "charge data for its clients", Source.RETURN),
    "A KPI from the service": Elsewhere("The ETE provider's LCPF monitoring return", Source.RETURN),
    "Review complete": Elsewhere(_MILESTONE),
    "List complete": Elsewhere(_MILESTONE),
    "Reduce the use of custody for all young people in the borough. % accessing ETE": Elsewhere(
        "The Youth Offending Service's quarterly data (custodial sentences; young people in education, training "
        "or employment)", Source.RETURN),
    "Reduction in serious youth violence, robbery reduction in level of concern about gang and gang violence.":
        Elsewhere("The MPS crime figures for serious youth violence and robbery (MOPAC crime dashboard) and the "
                  "Public Attitude Survey's concern about gangs", Source.RETURN),
    "A target from the commissioned service": Elsewhere(_SERVICE_RETURN, Source.RETURN),
    "A target from the …": Elsewhere(_SERVICE_RETURN, Source.RETURN),
    "Use IDIOM - reduction in charge rates, reduction in severity and frequency of offending.": Elsewhere(
        "IDIOM, the Home Office's offender tracking tool for IOM: the cohort's charges, their severity and "
        "frequency", Source.RETURN),
    "Number of officers trained": Elsewhere("The IOM unit's training records"),
    "Post recruited to": Elsewhere(_MILESTONE),
    "Performance reports produced": Elsewhere(_MILESTONE),
    "Clear process maps and procedures shared with partners.": Elsewhere(_MILESTONE),
    "Review complete by July meeting. Feedback to quarterly meetings of agency non attendees": Elsewhere(_MILESTONE),
    "Monthly/quarterly report produced and circulated to key individuals.": Computed(
        "offenders.people_in_several", also=("offenders.people_in_cohorts", "offenders.overlap_share", *_COHORTS)),
    "Funding identified": Elsewhere(_MILESTONE),
    "Reduction in truancy levels": Elsewhere(
        "Persistent absence in the borough's schools: the DfE's termly pupil absence statistics and TBAP's "
        "attendance data", Source.RETURN),
    "Mapping complete": Elsewhere(_MILESTONE),
    # Location
    "KPI's for the Church Street employment service are 65 programme starts, 30 interims and 25 job starts.":
        Elsewhere("The Church Street employment service's monitoring return", Source.RETURN),
    "Number of closures.": Computed("asb.civil_closure_order", also=("asb.civil_closure_notice",)),
    "Awaiting confirmation": Elsewhere("To be agreed with the mental health provider of the pilot"),
    "Training sessions delivered. Protocol produced.": Elsewhere("The training records of the action's lead"),
    "No of interventions": Computed("asb.warnings_issued", also=("asb.civil_abc",)),
    "Links made": Elsewhere("Recorded by the action's lead"),
    "Investment made": Elsewhere("The Business Improvement Districts' reports of their investment"),
    "Reduction in community concern?": Elsewhere(
        "The MOPAC Public Attitude Survey: concern about drug dealing and drug use", Source.SURVEY),
    "Recommendations completed": Elsewhere("The Impact Zone review's recommendations, tracked by the action's lead"),
    "Activity delivered": Elsewhere("Recorded by the action's lead"),
    "Review undertaken": Elsewhere(_MILESTONE),
    "No of cases logged": Computed("asb.cases_logged", also=(
        "asb.cases_closed", "asb.notices_issued", "asb.civil_injunction", "asb.civil_cbo", "asb.civil_pspo")),
    "Review undertaken and ISA's established": Computed("policy.agreements_in_force",
                                                        also=("policy.agreements_due_for_review",)),
    "Number of problems successfully delivered. Compare number of actions in vulnerable areas with those not.":
        Computed("places.actions_completed", also=(
            "places.actions_in_priority_areas", "places.actions_elsewhere", "places.priority_area_share",
            "insights.ward_crime:*", "insights.ward_vli:*")),
    "Report produced.": Elsewhere(_MILESTONE),
    "Businesses informed": Elsewhere("The Business Crime Reduction Partnership's event records"),
    "Portal developed": Elsewhere(_MILESTONE),
    "Plans developed": Elsewhere(_MILESTONE),
    "Plans delivered and activity …": Elsewhere("Recorded by the action's lead"),
    # Contest: the counter-terrorism figures are the police's (Protect and Prepare strands)
    "Number of Sessions; Number of people trained": Elsewhere(
        "The MPS Counter Terrorism Security Advisers' Project Griffin records", Source.RETURN),
    "Number of Sessions; Number of organisations trained": Elsewhere(
        "The MPS Counter Terrorism Security Advisers' Project Argus records", Source.RETURN),
    "Percentage of site assessments completed": Elsewhere("The security assessments log of the Protect lead"),
    "Number of Stop & Search; Number of Stop & Account; Number of s43 Stops; Suspect Package Calls; CT "
    "Intelligence Reports; Number of vehicle stops": Elsewhere(
        "The MPS's monthly Protect deployment figures for the borough", Source.RETURN),
}


def _unit(key: str) -> str:
    unit = measures.get(key).unit
    return unit if unit in Unit.values else Unit.RATE


def _direction(key: str) -> str:
    return Direction.DOWN if key.partition(":")[0] in LOWER_IS_BETTER else Direction.UP


def _expand(keys) -> list[str]:
    """The measure keys, each ``prefix:*`` replaced by one key per member of its family."""
    expanded = []
    for key in keys:
        prefix, _colon, member = key.partition(":")
        if member == "*":
            expanded += [measures.family_key(prefix, m) for m, _name in measures.family_options(prefix)]
        else:
            expanded.append(key)
    return expanded


def kpi_sources_apply(strategy: Strategy) -> tuple[int, int]:
    """Set each of the strategy's KPIs named in :data:`KPI_SOURCES` to its measure or note, and add the
    further measure KPIs; return (KPIs computed by a measure, KPIs given a note). Safe to run again."""
    computed = noted = 0
    for kpi in KPI.objects.filter(action__objective__group__strategy=strategy).select_related("action"):
        source = KPI_SOURCES.get(kpi.name)
        if isinstance(source, Elsewhere):
            kpi.source, kpi.source_note, kpi.measure_key = source.source, source.note, ""
            kpi.save()
            noted += 1
        elif isinstance(source, Computed):
            kpi.source, kpi.measure_key, kpi.source_note = Source.MEASURE, source.measure, ""
            kpi.unit, kpi.direction = _unit(source.measure), _direction(source.measure)
            if source.target is not None:
                kpi.target = source.target
            kpi.save()
            computed += 1
            for key in _expand(source.also):
                KPI.objects.update_or_create(action=kpi.action, name=f"{measures.get(key).label} (measure)",
                                             defaults={"source": Source.MEASURE, "measure_key": key,
                                                       "unit": _unit(key), "direction": _direction(key)})
                computed += 1
    return computed, noted
