from django_tasks import task

from saferplaces.people.linkage_run import linkage_execute
from saferplaces.people.models import LinkageRun


@task()
def run_linkage(run_id: int) -> str:
    run = linkage_execute(LinkageRun.objects.get(pk=run_id))
    return run.status
