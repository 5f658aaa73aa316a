from django_tasks import task

from saferplaces.insights.models import AssessmentRun
from saferplaces.insights.services import assessment_execute


@task()
def run_assessment(run_id: int) -> str:
    run = assessment_execute(AssessmentRun.objects.get(pk=run_id))
    return run.status
