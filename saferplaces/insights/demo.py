"""The demo's evidence report: a synthetic borough, assessed when ``manage.py demo`` starts."""

from saferplaces.insights.engine import EngineError
from saferplaces.insights.services import sample_assessment_build


def build_demo_report(out) -> None:
    try:
        run = sample_assessment_build(title="Strategic assessment of the synthetic demo borough (sample data)")
    except EngineError as error:
        out.write(f"  Evidence report not built: {error}")
        return
    if run.error:
        out.write(f"  Evidence report failed: {run.error}")
    else:
        out.write(f"  Evidence report built in {run.seconds:.1f} s: {run.work_dir}/report.html")
