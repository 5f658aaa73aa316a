"""Measures the Contest reporting records give the plan's KPIs (``plans.measures``): the threat
assessment produced on time, each figure of the police's deployment return, and the Prevent activity.

Channel counts are not measures: they are published only with small numbers suppressed
(``contest.prevent``), and a KPI reading is shown exactly.
"""

from functools import partial

from saferplaces.contest import deployments, prevent, threat
from saferplaces.contest.models_deploy import FIGURES
from saferplaces.contest.models_prevent import ActivityKind
from saferplaces.plans.measures import register

register("contest.threat_assessment_on_time", "Monthly threat assessments produced on time", "percentage",
         threat.on_time_share)

for _field, _label in FIGURES.items():
    register(f"contest.deployment_{_field}", f"Police deployments: {_label}", "count",
             partial(deployments.deployment_total, _field))

register("contest.prevent_projects_running", "Prevent: commissioned projects running", "count",
         prevent.projects_running)
register("contest.prevent_engagement_sessions", "Prevent: community engagement sessions", "count",
         partial(prevent.activity_count, ActivityKind.ENGAGEMENT))
register("contest.prevent_institutions_supported", "Prevent: institutions supported", "count",
         partial(prevent.activity_count, ActivityKind.INSTITUTION))
register("contest.prevent_training_sessions", "Prevent: training sessions given", "count",
         partial(prevent.activity_count, ActivityKind.TRAINING))
register("contest.prevent_people_trained", "Prevent: people trained", "count", prevent.people_trained)
