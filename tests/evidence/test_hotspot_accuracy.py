import pytest

from saferplaces.evidence.errors import EvidenceError
from saferplaces.evidence.hotspot_accuracy import hotspot_accuracy


def test_hit_rate_pai_and_pei_by_hand():
    # 10 equal cells, 2 flagged as hot. The later period has 40 events: 12 in the hot cells.
    hot = [True, True] + [False] * 8
    later = [10, 2, 15, 5, 3, 2, 1, 1, 1, 0]
    result = hotspot_accuracy(hot, later)
    assert result.hit_rate == pytest.approx(12 / 40)  # 0.3
    assert result.area_share == pytest.approx(0.2)
    assert result.pai == pytest.approx(1.5)  # 0.3 / 0.2
    # The best two cells hold 15 + 10 = 25: PEI = 12 / 25 = PAI / PAI* = 1.5 / (25/40 / 0.2).
    assert result.best_possible_events == 25
    assert result.pei == pytest.approx(0.48)
    assert result.pei == pytest.approx(result.pai / ((25 / 40) / 0.2))


def test_no_hot_cells_and_empty_later_period():
    result = hotspot_accuracy([False, False], [1, 2])
    assert result.hit_rate == 0 and result.pai is None and result.pei is None
    with pytest.raises(EvidenceError, match="no events"):
        hotspot_accuracy([True, False], [0, 0])
    with pytest.raises(EvidenceError, match="one of each per cell"):
        hotspot_accuracy([True], [1, 2])
