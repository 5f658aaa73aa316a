"""The engine's public API and its one serialiser: results as JSON-safe data, errors in words."""

import dataclasses
import datetime as dt
import json
import math
from pathlib import Path

import numpy as np
import pytest

from saferplaces.evidence import api
from saferplaces.evidence.cli import main
from saferplaces.evidence.serialise import json_meta


@dataclasses.dataclass(frozen=True)
class _Inner:
    a: int
    b: float = dataclasses.field(metadata=json_meta(name="bee"))


@dataclasses.dataclass(frozen=True)
class _Outer:
    inner: _Inner = dataclasses.field(metadata=json_meta(flatten=True))
    hidden: object = dataclasses.field(metadata=json_meta(skip=True))
    maybe: int | None = dataclasses.field(default=None, metadata=json_meta(optional=True))
    kept: int | None = None


def test_serialiser_renames_skips_flattens_and_omits_by_field_metadata():
    data = api.to_data(_Outer(_Inner(1, 2.5), hidden=object()))
    assert data == {"a": 1, "bee": 2.5, "kept": None}
    assert api.to_data(_Outer(_Inner(1, 2.5), hidden=None, maybe=3))["maybe"] == 3


def test_serialiser_makes_numpy_dates_paths_and_non_finite_numbers_plain():
    value = {"array": np.array([[1, 2], [3, 4]], dtype=np.int64), "nan": np.float64("nan"),
             "inf": float("inf"), "flag": np.bool_(True), "when": dt.date(2024, 1, 31),
             "where": Path("/tmp/x.csv"), "pair": (np.int32(7), 0.5), 3: "key made text"}
    data = api.to_data(value)
    assert data == {"array": [[1, 2], [3, 4]], "nan": None, "inf": None, "flag": True, "when": "2024-01-31",
                    "where": "/tmp/x.csv", "pair": [7, 0.5], "3": "key made text"}
    assert type(data["array"][0][0]) is int and type(data["pair"][0]) is int
    assert json.loads(api.to_json(value)) == data  # strict JSON: allow_nan=False did not object


def test_serialiser_refuses_what_it_has_no_json_form_for():
    with pytest.raises(TypeError, match="no JSON form for object"):
        api.to_data({"x": object()})


def test_api_results_are_the_commands_json():
    report = api.wdd_from_counts((207, 110), (308, 318), (178, 157), (150, 140))
    data = api.to_data(report)
    assert data["local"] == {"estimate": -107, "se": pytest.approx(math.sqrt(207 + 110 + 308 + 318))}
    assert data["p"] == report.result.p_value and data["verdict"].startswith("Crime fell by 118")
    assert "start" not in data and "counts" not in data  # counted from events only


def test_api_errors_name_parameters_in_words_and_the_cli_adds_the_flag(capsys):
    with pytest.raises(api.ParameterError) as error:
        api.poisson_rate_test(1, 2, level=1.5)
    assert "confidence level" in str(error.value) and "--" not in str(error.value)
    assert main(["etest", "1", "2", "--level", "1.5"]) == 1
    assert "confidence level must be between 0 and 1" in capsys.readouterr().err.replace("(see --level)", "")
    assert main(["etest", "1", "2", "--level", "1.5"]) == 1
    assert capsys.readouterr().err.strip().endswith("(see --level)")
    with pytest.raises(api.ParameterError) as error:
        api.repeats("victims.csv", lookback_days=0)
    assert "--" not in str(error.value)


def test_a_missing_file_is_an_input_error(tmp_path):
    with pytest.raises(api.InputError):
        api.quality_report([tmp_path / "missing.csv"])
