"""Where each of the plan's KPIs gets its figure: a measure computing it from the product's own
records, or a note saying where the figure comes from (SafeLives' MARAC data, Victim Support's
quarterly data, a commissioned service's monitoring return, a survey...).

The table is keyed by the KPI's name as the plan data write it (``plans/data/``); a test checks that
every name is in the plan and every KPI of the plan in the table, so a renamed KPI is noticed. A
KPI may bring further measure KPIs to its action (``also``): the figures the strategy asks beside it
(the ASB tools beside "Number of ASB cases logged", each cohort beside the overlap reports); a family
measure written ``prefix:*`` brings one KPI per member (each priority area that names its wards).
:func:`kpi_sources_apply` applies the table to a strategy; the demo loader calls it, and so can a
deployment after importing its plan.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from saferplaces.plans import measures
from saferplaces.plans.models import KPI, Action, Direction, KPIReading, Source, Strategy, Unit
from saferplaces.plans.quarters import Quarter
from saferplaces.plans.services import kpis_compute


@dataclass(frozen=True)
class Computed:
    """The KPI reads ``measure``; each measure of ``also`` becomes a KPI of the same action."""

    measure: str
    also: tuple[str, ...] = ()


@dataclass(frozen=True)
class Elsewhere:
    """The KPI's figure comes from outside the product: ``note`` says where. The product may still
    compute figures beside it (``also``): the overlap report's cohort counts beside "reports produced"."""

    note: str
    source: str = Source.MANUAL
    also: tuple[str, ...] = ()


#: measures of the ``also`` KPIs where a lower figure is better (every other one: higher is better);
#: the plan's own KPIs keep the unit and direction the plan data give them
LOWER_IS_BETTER = frozenset({
    "victims.repeat_victims", "victims.complaints_upheld", "victims.complaining_agencies",
    "policy.agreements_due_for_review", "insights.ward_crime", "insights.ward_vli", "offenders.people_in_several",
    "offenders.overlap_share", "contest.lessons_open",
    "offenders.iom_binary_rate", "offenders.first_time_entrants",
})

_MILESTONE = "A milestone the action's lead records when it is met (1 = met)"
_LEAD = "Counted and entered by the action's lead"
_SERVICE_RETURN = "The commissioned service's quarterly monitoring return to the delivery group"
_YOS = "The Youth Offending Service's quarterly data (its case management system; YJB youth justice statistics)"
_CHURCH_STREET = "The Church Street employment service's monitoring return"
_PAS = "The MOPAC Public Attitude Survey, quarterly by borough"
_COHORTS = tuple(f"offenders.cohort_{cohort}" for cohort in
                 ("iom", "yos", "gangs", "mappa", "missing", "mace", "marac", "unite", "asb", "channel"))

KPI_SOURCES: dict[str, Computed | Elsewhere] = {
    # Victim
    "Number of housing providers signed up to the standard": Elsewhere(
        "The housing providers that have signed the minimum standard, counted by the action's lead"),
    "Repeat victimisation levels": Computed("victims.repeat_rate",
                                            also=("victims.repeat_victims", "victims.victims_recorded")),
    "MARAC repeat rate (SafeLives monitoring data)": Computed("marac.repeat_rate", also=(
        "marac.repeat_rate_against_national", "marac.cases_heard", "marac.attendance_rate")),
    "Women reporting increased physical or psychological safety and feelings of safety": Elsewhere(
        "The Angelou Partnership's exit surveys and closing assessments, in its quarterly return", Source.RETURN),
    "Services sustained through to 2021": Elsewhere(_MILESTONE),
    "Referral levels between commissioned services and Victim Support": Computed(
        "victims.vs_referrals_services",
        also=("victims.vs_referrals", "victims.vs_referrals_police", "victims.vs_referrals_council",
              # referrals into the directory's services, and what the services made of them (issue 16)
              "directory.referrals_made", "directory.referrals_taken_on", "directory.referrals_positive_share",
              "directory.service_referrals:*")),
    "Young people accessing the service who achieve a positive outcome": Computed("victims.young_positive_share"),
    "Victim Support service user data": Elsewhere(
        "Victim Support's quarterly Westminster data (service users, their needs and outcomes)", Source.RETURN),
    "Directory published": Elsewhere(_MILESTONE),
    "Number of complaints received": Computed("victims.complaints_received",
                                              also=("victims.complaints_upheld", "victims.complaining_agencies")),
    "Public attitude survey": Elsewhere(_PAS, Source.SURVEY),
    "Number of young people accessing support services": Computed("victims.young_supported"),
    "Take-up of training by community safety partners": Elsewhere(
        "The attendance registers of the safeguarding thresholds training, kept by the action's lead"),
    # Offender
    "Charges against Starting Over clients": Elsewhere(
        "The police's charge data for Starting Over's clients, in Starting Over's quarterly return", Source.RETURN),
    "Clients engaged at any one time": Elsewhere("Starting Over's quarterly return", Source.RETURN),
    "Number of housing needs met": Elsewhere("Starting Over's quarterly return", Source.RETURN),
    "A KPI from the service": Elsewhere("The ETE provider's LCPF monitoring return", Source.RETURN),
    "Review of commissioned services complete": Elsewhere(_MILESTONE),
    "List of services complete": Elsewhere(_MILESTONE),
    "Use of custody for young people in the borough": Computed("offenders.youth_custodial_sentences",
                                                                also=("offenders.first_time_entrants",)),
    "Young offenders accessing ETE": Elsewhere(_YOS, Source.RETURN, also=("offenders.ete_share_yos",)),
    "Serious youth violence": Elsewhere("The MPS's recorded crime for the borough (MOPAC crime dashboard)",
                                        Source.RETURN),
    "Robbery": Elsewhere("The MPS's recorded crime for the borough (MOPAC crime dashboard)", Source.RETURN),
    "Level of concern about gangs and gang violence": Elsewhere(_PAS, Source.SURVEY),
    "Gang exit: a target from the commissioned service": Elsewhere(_SERVICE_RETURN, Source.RETURN),
    "Employment support: a target from the commissioned service": Elsewhere(_SERVICE_RETURN, Source.RETURN),
    "Mental health support: a target from the commissioned service": Elsewhere(_SERVICE_RETURN, Source.RETURN),
    # Computed from imported offending histories (offenders.offending), as IDIOM would compute them.
    "Charge rate of the offender cohorts (IDIOM)": Computed("offenders.iom_charge_rate"),
    "Severity of offending (IDIOM)": Computed("offenders.iom_severity_after", also=("offenders.iom_severity_before",)),
    "Frequency of offending (IDIOM)": Computed("offenders.iom_frequency_after", also=(
        "offenders.iom_frequency_before", "offenders.iom_binary_rate")),
    "Number of officers trained in IDIOM": Elsewhere("The IOM unit's training records"),
    "Offender Co-ordinator post recruited to": Elsewhere(_MILESTONE),
    "Performance reports produced": Elsewhere(_LEAD),
    "Process maps and procedures shared with partners": Elsewhere(_MILESTONE),
    "Terms of reference review complete by the July meeting": Elsewhere(_MILESTONE),
    "Feedback on agency non-attendance to quarterly meetings": Elsewhere(_LEAD, also=(
        "offenders.panel_attendance_iom", "offenders.panel_attendance_mappa", "offenders.panel_attendance_gangs")),
    "Cohort overlap reports produced and circulated": Elsewhere(
        "Counted by the Offender Co-ordinator; the overlap itself is computed live from the cohorts",
        also=("offenders.people_in_several", "offenders.people_in_cohorts", "offenders.overlap_share", *_COHORTS)),
    "Review of MAPPA and MARAC pathways complete": Elsewhere(_MILESTONE),
    "Review of CBO and CPN processes complete": Elsewhere(_MILESTONE, also=("asb.civil_cbo", "asb.notices_issued")),
    "Review of cross-border offending work complete": Elsewhere(_MILESTONE),
    "Funding identified": Elsewhere(_MILESTONE),
    "Truancy levels": Elsewhere("Persistent absence in the borough's schools: the DfE's pupil absence statistics "
                                "and TBAP's attendance data", Source.RETURN),
    "Review of YOS, IGU and Early Help integration complete": Elsewhere(_MILESTONE),
    "Mapping of young people in the CJS complete": Elsewhere(_MILESTONE),
    # Location
    "Programme starts (Church Street employment service)": Elsewhere(_CHURCH_STREET, Source.RETURN),
    "Interims (Church Street employment service)": Elsewhere(_CHURCH_STREET, Source.RETURN),
    "Job starts (Church Street employment service)": Elsewhere(_CHURCH_STREET, Source.RETURN),
    "Number of crack house closures": Computed("asb.civil_closure_order", also=("asb.civil_closure_notice",)),
    "Training sessions delivered": Elsewhere("The training records of the action's lead"),
    "ASB protocol produced": Elsewhere(_MILESTONE),
    "Number of early interventions in low level ASB": Computed("asb.warnings_issued", also=("asb.civil_abc",)),
    "Links made with the Young Westminster Foundation": Elsewhere(_LEAD),
    "Investment made by BIDs' businesses and land owners": Elsewhere(
        "The Business Improvement Districts' reports of their investment", Source.RETURN),
    "Community concern about open drugs markets in Soho": Elsewhere(_PAS, Source.SURVEY),
    "Impact Zone recommendations completed": Elsewhere(_LEAD),
    "Activity delivered in support of the West End Partnership": Elsewhere(_LEAD),
    "Review of tasking processes undertaken": Elsewhere(_MILESTONE),
    "Number of ASB cases logged": Computed("asb.cases_logged", also=(
        "asb.cases_closed", "asb.civil_injunction", "asb.civil_pspo")),
    "Review of information sharing agreements undertaken": Elsewhere(_MILESTONE),
    "Information sharing agreements established": Computed("policy.agreements_in_force",
                                                           also=("policy.agreements_due_for_review",)),
    "Number of problems successfully delivered": Computed("places.actions_completed",
                                                          also=("insights.ward_crime:*", "insights.ward_vli:*")),
    "Actions in vulnerable areas compared with elsewhere": Computed(
        "places.priority_area_share", also=("places.actions_in_priority_areas", "places.actions_elsewhere")),
    "Youth provision gap analysis report produced": Elsewhere(_MILESTONE),
    "Businesses informed": Elsewhere("The Business Crime Reduction Partnership's event records"),
    "CPN portal developed": Elsewhere(_MILESTONE),
    "Seasonal plans developed": Elsewhere(_LEAD),
    "Designing out crime plans delivered": Elsewhere(_LEAD),
    # Contest (Protect): the police's figures
    # The contest app's training register and security assessments (contest/measures.py)
    "Number of Project Griffin sessions": Computed("contest.awareness_sessions", also=(
        "contest.sessions", "contest.people_trained", "contest.organisations_trained")),
    "Number of people trained (Project Griffin)": Computed("contest.awareness_people"),
    "Number of Project Argus sessions": Computed("contest.strategic_sessions"),
    "Number of organisations trained (Project Argus)": Computed("contest.strategic_organisations"),
    "Percentage of site assessments completed": Computed("contest.sites_assessed_share", also=(
        "contest.sites_identified", "contest.sites_assessed")),
    # The MPS's monthly Protect deployment return, recorded in the contest app (contest/deployments.py).
    "Number of Stop & Search": Computed("contest.deployment_stop_and_search"),
    "Number of Stop & Account": Computed("contest.deployment_stop_and_account"),
    "Number of s43 Stops": Computed("contest.deployment_section_43_stops"),
    "Suspect Package Calls": Computed("contest.deployment_suspicious_packages"),
    "CT Intelligence Reports": Computed("contest.deployment_ct_intelligence_reports"),
    "Number of vehicle stops": Computed("contest.deployment_vehicle_stops"),
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
    """Set each of the strategy's KPIs named in :data:`KPI_SOURCES` to its measure or note (keeping the
    unit, target and direction the plan gives it) and add the further measure KPIs; return (KPIs
    computed by a measure, KPIs given a note). Safe to run again."""
    computed = noted = 0
    for kpi in KPI.objects.filter(action__objective__group__strategy=strategy).select_related("action"):
        source = KPI_SOURCES.get(kpi.name)
        if source is None:
            continue
        if isinstance(source, Computed):
            kpi.source, kpi.measure_key, kpi.source_note = Source.MEASURE, source.measure, ""
            computed += 1
        else:
            kpi.source, kpi.measure_key, kpi.source_note = source.source, "", source.note
            noted += 1
        kpi.save()
        for key in _expand(source.also):
            KPI.objects.update_or_create(action=kpi.action, name=f"{measures.get(key).label} (measure)",
                                         defaults={"source": Source.MEASURE, "measure_key": key,
                                                   "unit": _unit(key), "direction": _direction(key)})
            computed += 1
    computed += _action_measures_apply(strategy)
    return computed, noted


def demo_readings(out, quarters: int = 4) -> None:
    """Once every demo record is loaded: each measured KPI's readings for the last ``quarters`` full
    quarters, so that the board pack shows them; marked as sample, as the records they count are."""
    quarter = Quarter.containing(timezone.localdate()).previous()
    count = 0
    for _ in range(quarters):
        readings = kpis_compute(quarter=quarter)
        count += KPIReading.objects.filter(pk__in=[r.pk for r in readings]).update(is_sample=True)
        quarter = quarter.previous()
    out.write(f"  {count} KPI readings computed by measures for the last {quarters} quarters (sample)")


#: Actions of the plan that name no KPI but whose progress the product counts (action reference →
#: measures, each its own KPI of the action): the Prepare strand's exercises against "at least one
#: exercise a year involving all service areas" and the lessons they leave.
ACTION_MEASURES: dict[str, tuple[str, ...]] = {
    "PREPARE1.2": ("contest.exercises_held", "contest.lessons_closed", "contest.lessons_open"),
    "PREPARE2.5": ("contest.all_services_exercise",),
    "PREPARE4.3": ("contest.all_services_exercise", "contest.exercises_held"),
}


def _action_measures_apply(strategy: Strategy) -> int:
    """Add the KPIs of :data:`ACTION_MEASURES` to the strategy's actions; the number of measure KPIs."""
    count = 0
    for action in Action.objects.filter(objective__group__strategy=strategy, ref__in=ACTION_MEASURES):
        for key in ACTION_MEASURES[action.ref]:
            KPI.objects.update_or_create(action=action, name=f"{measures.get(key).label} (measure)",
                                         defaults={"source": Source.MEASURE, "measure_key": key,
                                                   "unit": _unit(key), "direction": _direction(key)})
            count += 1
    return count
