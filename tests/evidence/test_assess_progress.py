"""The strategic assessment tells a caller each stage as it begins (the web app shows it)."""

from saferplaces.evidence import api
from saferplaces.evidence.synthetic.borough import generate_borough


def test_progress_hears_every_stage_in_order_with_growing_shares(tmp_path):
    borough = generate_borough(tmp_path / "borough", seed=4, months=13, crimes_per_month=200)
    heard = []
    api.strategic_assessment([borough.folder / "police"], borough.folder / "geography", report=tmp_path / "r.html",
                             progress=lambda stage, done: heard.append((stage, done)))
    assert [stage for stage, _ in heard] == ["reading", "concentration", "VLI", "hot spots", "writing"]
    shares = [done for _, done in heard]
    assert shares[0] == 0 and shares == sorted(shares) and shares[-1] < 1
    assert dict(api.ASSESSMENT_STAGES)["writing"] == shares[-1]


def test_near_repeats_are_a_stage_only_with_an_events_extract(tmp_path):
    borough = generate_borough(tmp_path / "borough", seed=4, months=13, crimes_per_month=200)
    heard = []
    api.strategic_assessment([borough.folder / "police"], None, events=borough.burglary_extract,
                             progress=lambda stage, done: heard.append(stage))
    assert heard == ["reading", "concentration", "VLI", "hot spots", "near repeats"]  # nothing written: no writing
