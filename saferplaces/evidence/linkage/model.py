"""The Splink model for UK partner person records: comparisons, blocking, training, prediction.

A Fellegi–Sunter model (Fellegi & Sunter 1969, "A theory for record linkage", JASA 64(328)) as
implemented by Splink (Linacre et al. 2022, "Splink: free software for probabilistic record
linkage at scale", IJPDS 7(3)). Each comparison has ordered agreement levels; a pair's match
weight is the sum of ``log2(m / u)`` of the level it falls in, plus the prior.

* **name** (forename and surname together, so their dependence is modelled): both exact; nickname
  (same canonical forename, "Bill"/"William"); forename and surname swapped; a typo in one
  (Jaro–Winkler ≥ 0.88, Winkler 1990); initial only; surname only; forename only; else.
* **date of birth**: exact; day and month transposed; one character different; else.
* **location**: postcode and address; postcode; address; postcode sector; district; else (a
  moved person falls through to the lower levels; one comparison, not two, because postcode and
  address agreement are strongly dependent).
* **sex**, and the exact identifiers **PNC ID**, **NHS number**, **probation CRN** (agree /
  disagree / missing; missing is neutral, so a record without them loses nothing).

Training is unsupervised: ``u`` by random sampling of pairs (non-matches, overwhelmingly), ``m`` by
expectation maximisation (Dempster, Laird & Rubin 1977) on two blocking passes (same date of birth;
same postcode), the prior from a deterministic rule with an assumed recall.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

#: columns the model reads (made by :func:`saferplaces.evidence.linkage.prepare.standardise`)
MODEL_COLUMNS = ("unique_id", "fn", "sn", "fn_canon", "fi", "si", "name_key", "dob", "dob_year", "dob_swap",
                 "dob_key", "pc", "pc_sector", "pc_district", "addr", "sex", "pnc", "nhs", "crn")


def comparisons():
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl

    name = cl.CustomComparison(output_column_name="name", comparison_levels=[
        cll.Or(cll.NullLevel("fn"), cll.NullLevel("sn")),
        # Term-frequency adjusted: "James Smith" agreeing is weaker evidence than "Tobias
        # Hetherington" agreeing (Winkler 1989; Splink's tf adjustments).
        cll.And(cll.ExactMatchLevel("fn"), cll.ExactMatchLevel("sn")).configure(
            label_for_charts="exact", tf_adjustment_column="name_key", tf_adjustment_weight=1.0,
            disable_tf_exact_match_detection=True),
        cll.And(cll.ExactMatchLevel("fn_canon"), cll.ExactMatchLevel("sn")).configure(
            label_for_charts="nickname"),
        cll.ColumnsReversedLevel("fn", "sn", symmetrical=True).configure(label_for_charts="swapped"),
        cll.Or(cll.And(cll.ExactMatchLevel("sn"), cll.JaroWinklerLevel("fn", 0.88)),
               cll.And(cll.ExactMatchLevel("fn_canon"), cll.JaroWinklerLevel("sn", 0.88))).configure(
            label_for_charts="one typo"),
        cll.And(cll.ExactMatchLevel("sn"), cll.ExactMatchLevel("fi")).configure(label_for_charts="initial"),
        cll.ExactMatchLevel("sn").configure(label_for_charts="surname only"),
        cll.ExactMatchLevel("fn_canon").configure(label_for_charts="forename only"),
        cll.ElseLevel(),
    ], comparison_description="forename and surname")
    dob = cl.CustomComparison(output_column_name="dob", comparison_levels=[
        cll.NullLevel("dob"),
        cll.ExactMatchLevel("dob").configure(label_for_charts="exact"),
        cll.ColumnsReversedLevel("dob", "dob_swap").configure(label_for_charts="day/month transposed"),
        cll.LevenshteinLevel("dob", 1).configure(label_for_charts="one character different"),
        cll.ElseLevel(),
    ], comparison_description="date of birth")
    location = cl.CustomComparison(output_column_name="location", comparison_levels=[
        cll.And(cll.NullLevel("pc"), cll.NullLevel("addr")),
        cll.And(cll.ExactMatchLevel("pc"), cll.ExactMatchLevel("addr")).configure(
            label_for_charts="postcode and address"),
        cll.ExactMatchLevel("pc").configure(label_for_charts="postcode"),
        cll.ExactMatchLevel("addr").configure(label_for_charts="address"),
        cll.ExactMatchLevel("pc_sector").configure(label_for_charts="postcode sector"),
        cll.ExactMatchLevel("pc_district").configure(label_for_charts="postcode district"),
        cll.ElseLevel(),
    ], comparison_description="postcode and address")
    return [name, dob, location, _judged("sex", 0.98, None), _judged("pnc", 0.995, 1e-7),
            _judged("nhs", 0.995, 1e-7), _judged("crn", 0.995, 1e-7)]


def _judged(column: str, m_agree: float, u_agree: float | None):
    """Exact-match comparison whose m (and, for identifiers, u) are set, not estimated.

    EM cannot estimate them: two records of one person both holding an identifier are rare (the
    agencies hold different ones), and true pairs that disagree on sex or an identifier (keying
    errors) are too rare in any sample. Left to EM, a disagreement came out as near-certain proof
    of different people, or an agreement as weak evidence. An identifier is unique by design, so two
    different people share one only by a keying error (u = 1e-7).
    """
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl

    agree = cll.ExactMatchLevel(column).configure(m_probability=m_agree, fix_m_probability=True)
    other = cll.ElseLevel().configure(m_probability=1 - m_agree, fix_m_probability=True)
    if u_agree is not None:
        agree = agree.configure(u_probability=u_agree, fix_u_probability=True)
        other = other.configure(u_probability=1 - u_agree, fix_u_probability=True)
    return cl.CustomComparison(output_column_name=column, comparison_levels=[cll.NullLevel(column), agree, other])


def blocking_rules():
    """Pairs are compared only when they share one of these keys; each joins two fields so no
    block grows with the data (a name alone gave 148 million pairs in a million records, most of
    them strangers called James Smith), and each error a record may carry leaves another key
    intact."""
    from splink import block_on

    return [block_on("name_key", "dob_year"), block_on("name_key", "pc_district"),
            block_on("dob_key", "si"), block_on("dob_key", "fi"), block_on("pc", "fi"), block_on("pc", "si"), block_on("pnc"), block_on("nhs"), block_on("crn")]


def settings(explain: bool = False):
    from splink import SettingsCreator

    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        comparisons=comparisons(),
        blocking_rules_to_generate_predictions=blocking_rules(),
        retain_matching_columns=False,
        retain_intermediate_calculation_columns=explain,
    )


@dataclass(frozen=True)
class Training:
    """How the model is trained (sizes scale the time; defaults suit up to a few million)."""

    u_max_pairs: float = 2e6
    em_max_pairs: float = 2e6
    prior_recall: float = 0.7
    seed: int = 1


def make_db_api(backend: str, spark=None, con=None):
    if backend == "duckdb":
        from splink import DuckDBAPI

        return DuckDBAPI(connection=con) if con is not None else DuckDBAPI()
    if backend == "spark":
        from splink import SparkAPI

        spark = spark or spark_session()
        if spark.sparkContext.getCheckpointDir() is None:
            import tempfile

            # Splink writes intermediate tables under the checkpoint directory to cut Spark's lineage.
            spark.sparkContext.setCheckpointDir(tempfile.mkdtemp(prefix="saferplaces-spark-"))
        return SparkAPI(spark_session=spark, break_lineage_method="parquet")
    from saferplaces.evidence.errors import EvidenceError

    raise EvidenceError(f"backend {backend!r}: use duckdb or spark")


def spark_session():
    """A local Spark session (all cores of this machine), for ``--backend spark``."""
    from pyspark.sql import SparkSession
    from splink.backends.spark import similarity_jar_location

    # Splink's jar provides jaro_winkler and the other string similarities as Spark SQL functions.
    return (SparkSession.builder.master("local[*]").appName("saferplaces-link")
            .config("spark.jars", similarity_jar_location())
            .config("spark.sql.shuffle.partitions", "8")
            .config("spark.ui.enabled", "false")
            .config("spark.driver.memory", "2g")
            .getOrCreate())


def train_and_predict(table, *, backend: str = "duckdb", floor: float = 0.2,
                      training: Training = Training(), spark=None, con=None,
                      explain: bool = False) -> tuple[pd.DataFrame, dict]:
    """Train the model on ``table`` (standardised records) and score every blocked pair.

    ``table`` is a DataFrame, or the name of a DuckDB table in ``con`` (DuckDB backend only).
    With ``explain``, the pairs also carry each comparison's match weight (``mw_name``, ...; 0 when
    a value is missing), from which the level each field agreed at can be read.

    Returns the pairs with ``match_probability >= floor`` (``unique_id_l, unique_id_r,
    match_weight, match_probability``) and the trained parameters (per comparison level:
    ``m``, ``u``, and the prior), so a run can be explained.
    """
    import logging

    from splink import Linker
    from splink.internals.exceptions import SplinkException

    logging.getLogger("splink").setLevel(logging.ERROR)
    if isinstance(table, str):
        if backend != "duckdb":
            table = con.execute(f"SELECT * FROM {table}").df()
        else:
            con.execute(f"CREATE OR REPLACE VIEW model_input AS SELECT {', '.join(MODEL_COLUMNS)} FROM {table}")
    db_api = make_db_api(backend, spark, con if isinstance(table, str) else None)
    if isinstance(table, str):
        frame = db_api.register("model_input")
    else:
        data = table[list(MODEL_COLUMNS)]
        if backend == "spark":
            data = db_api.spark.createDataFrame(data.astype(object).where(data.notna(), None))
        frame = db_api.register(data, table_name="records")
    linker = Linker(frame, settings(explain), log_level=logging.ERROR)
    try:
        _train(linker, training)
    except SplinkException as error:  # e.g. a training pass found no pairs
        from saferplaces.evidence.errors import EvidenceError

        raise EvidenceError(
            "too few records to train the linkage model (" + str(error).split("\n")[0] + "): the model "
            "learns from the records themselves and needs a few thousand; link whole extracts") from error
    predictions = linker.inference.predict(threshold_match_probability=floor)
    pairs = predictions.as_pandas_dataframe()
    keep = ["unique_id_l", "unique_id_r", "match_weight", "match_probability"]
    pairs = pairs[keep + ([c for c in pairs.columns if c.startswith("mw_")] if explain else [])]
    return pairs, _parameters(linker)


def _train(linker, training: Training) -> None:
    from splink import block_on

    linker.training.estimate_probability_two_random_records_match(
        [block_on("fn", "sn", "dob")], recall=training.prior_recall)
    linker.training.estimate_u_using_random_sampling(max_pairs=training.u_max_pairs, seed=training.seed)
    # Two passes, each blocking on fields the other trains, each keeping true pairs a large share
    # of its blocked pairs. (Blocking on the name with its postcode district instead left EM with
    # only the date of birth to tell the two classes apart, and it found the wrong two.)
    for rule in (block_on("dob"), block_on("pc")):
        linker.training.estimate_parameters_using_expectation_maximisation(
            rule, max_pairs=training.em_max_pairs, estimate_without_term_frequencies=True)


def _parameters(linker) -> dict:
    model = linker.misc.save_model_to_json()
    out = {"probability_two_random_records_match": model["probability_two_random_records_match"]}
    for comparison in model["comparisons"]:
        out[comparison["output_column_name"]] = [
            {"level": level.get("label_for_charts") or level.get("sql_condition"),
             "m": level.get("m_probability"), "u": level.get("u_probability")}
            for level in comparison["comparison_levels"] if not level.get("is_null_level")]
    return out
