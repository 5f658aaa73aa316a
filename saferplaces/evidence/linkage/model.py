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
same postcode), the prior from a deterministic rule with an assumed recall. Record sets too small
for EM (fewer than :data:`MIN_TRAINING_RECORDS`) are scored by the same comparisons and blocking
with fixed parameters (:data:`FIXED`, :data:`FIXED_PRIOR`).
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on
from splink.internals.exceptions import SplinkException

from saferplaces.evidence.errors import EvidenceError

#: columns the model reads (made by :func:`saferplaces.evidence.linkage.prepare.standardise`)
MODEL_COLUMNS = ("unique_id", "fn", "sn", "fn_canon", "fi", "si", "name_key", "name_only", "dob", "dob_year",
                 "dob_swap", "dob_key", "pc", "pc_sector", "pc_district", "addr", "sex", "pnc", "nhs", "crn")

#: record sets smaller than this are scored with :data:`FIXED` (EM has too few pairs to learn from)
MIN_TRAINING_RECORDS = 2000

#: The parameters used without training: comparison → (m, u) of each level after the null level,
#: in the order of :func:`comparisons` (the last level, "different", takes what is left of 1).
#: m (how often records of one person agree so) is the expectation-maximisation estimate on 50,000
#: synthetic partner records (``synth-people --records 50000 --seed 1``, whose error rates are
#: documented in ``saferplaces.evidence.synthetic.people.ErrorRates``), rounded. u (how often two
#: different people agree so) is set for the population of one partnership, a local authority of
#: about 250,000 residents, and on the cautious side: a full name as common as "James Smith"
#: (no term-frequency adjustment: a few hundred records cannot say which names are common); a date
#: of birth 1 in 16,000 (the synthetic estimate; ages cluster, so more than one day in eighty years);
#: one postcode unit in about 6,700; one postcode sector in 50; one district in about 12.
#: See docs/linkage.md, "Small record sets".
FIXED: dict[str, tuple[tuple[float, float], ...]] = {
    "name": ((0.73, 1e-4), (0.07, 1e-5), (0.015, 2e-6), (0.12, 3e-5), (0.046, 1e-4), (0.004, 2e-3),
             (0.0025, 1e-2)),
    "dob": ((0.94, 6e-5), (0.02, 2e-5), (0.035, 1.2e-3)),
    "location": ((0.55, 5e-5), (0.13, 1.5e-4), (0.06, 5e-5), (0.005, 0.02), (0.01, 0.08)),
}
#: The prior without training: the chance that two records picked at random are one person. With
#: about one other record per person among n records it is about 1 / n; 1 / 2,000 is its value at
#: :data:`MIN_TRAINING_RECORDS` and understates it for smaller sets, which favours precision.
FIXED_PRIOR = 1 / MIN_TRAINING_RECORDS


def _custom(name: str, description: str, null, levels: list, fixed: bool):
    """A comparison from its null level and ordered levels; with ``fixed``, each level takes its
    m and u from :data:`FIXED` and the last ("different") what is left."""
    if fixed:
        values = FIXED[name]
        levels = [level.configure(m_probability=m, u_probability=u)
                  for level, (m, u) in zip(levels[:-1], values, strict=True)] + [
            levels[-1].configure(m_probability=1 - sum(m for m, _ in values),
                                 u_probability=1 - sum(u for _, u in values))]
    return cl.CustomComparison(output_column_name=name, comparison_levels=[null, *levels],
                               comparison_description=description)


def comparisons(fixed: bool = False) -> list:
    """The model's comparisons; ``fixed`` sets every m and u (:data:`FIXED`) instead of training them."""
    exact = cll.And(cll.ExactMatchLevel("fn"), cll.ExactMatchLevel("sn")).configure(label_for_charts="exact")
    if not fixed:
        # Term-frequency adjusted: "James Smith" agreeing is weaker evidence than "Tobias
        # Hetherington" agreeing (Winkler 1989; Splink's tf adjustments). Without training the
        # frequencies of a few hundred records mean nothing, and u is set for a common name.
        exact = exact.configure(tf_adjustment_column="name_key", tf_adjustment_weight=1.0,
                                disable_tf_exact_match_detection=True)
    name = _custom("name", "forename and surname", cll.Or(cll.NullLevel("fn"), cll.NullLevel("sn")), [
        exact,
        cll.And(cll.ExactMatchLevel("fn_canon"), cll.ExactMatchLevel("sn")).configure(label_for_charts="nickname"),
        cll.ColumnsReversedLevel("fn", "sn", symmetrical=True).configure(label_for_charts="swapped"),
        cll.Or(cll.And(cll.ExactMatchLevel("sn"), cll.JaroWinklerLevel("fn", 0.88)),
               cll.And(cll.ExactMatchLevel("fn_canon"), cll.JaroWinklerLevel("sn", 0.88))).configure(
            label_for_charts="one typo"),
        # One forename is only an initial ("J Smith", "John Smith"); two different forenames that
        # share an initial ("Sean", "Stefan": brothers, often) are not, and fall to "surname only".
        cll.And(cll.ExactMatchLevel("sn"), cll.ExactMatchLevel("fi"),
                cll.CustomLevel("length(fn_l) = 1 OR length(fn_r) = 1")).configure(label_for_charts="initial"),
        cll.ExactMatchLevel("sn").configure(label_for_charts="surname only"),
        cll.ExactMatchLevel("fn_canon").configure(label_for_charts="forename only"),
        cll.ElseLevel().configure(label_for_charts="different"),
    ], fixed)
    dob = _custom("dob", "date of birth", cll.NullLevel("dob"), [
        cll.ExactMatchLevel("dob").configure(label_for_charts="exact"),
        cll.ColumnsReversedLevel("dob", "dob_swap").configure(label_for_charts="day/month transposed"),
        cll.DamerauLevenshteinLevel("dob", 1).configure(label_for_charts="one character different"),
        cll.ElseLevel().configure(label_for_charts="different"),
    ], fixed)
    location = _custom("location", "postcode and address", cll.And(cll.NullLevel("pc"), cll.NullLevel("addr")), [
        cll.And(cll.ExactMatchLevel("pc"), cll.ExactMatchLevel("addr")).configure(
            label_for_charts="postcode and address"),
        cll.ExactMatchLevel("pc").configure(label_for_charts="postcode"),
        cll.ExactMatchLevel("addr").configure(label_for_charts="address"),
        cll.ExactMatchLevel("pc_sector").configure(label_for_charts="postcode sector"),
        cll.ExactMatchLevel("pc_district").configure(label_for_charts="postcode district"),
        cll.ElseLevel().configure(label_for_charts="different"),
    ], fixed)
    return [name, dob, location, _judged("sex", 0.98, 0.5 if fixed else None), _judged("pnc", 0.995, 1e-7),
            _judged("nhs", 0.995, 1e-7), _judged("crn", 0.995, 1e-7)]


def _judged(column: str, m_agree: float, u_agree: float | None):
    """Exact-match comparison whose m (and, for identifiers, u) are set, not estimated.

    EM cannot estimate them: two records of one person both holding an identifier are rare (the
    agencies hold different ones), and true pairs that disagree on sex or an identifier (keying
    errors) are too rare in any sample. Left to EM, a disagreement came out as near-certain proof
    of different people, or an agreement as weak evidence. An identifier is unique by design, so two
    different people share one only by a keying error (u = 1e-7). Without training, sex agrees
    for half of all pairs of strangers (u = 0.5).
    """
    agree = cll.ExactMatchLevel(column).configure(m_probability=m_agree, fix_m_probability=True,
                                                  label_for_charts="same")
    other = cll.ElseLevel().configure(m_probability=1 - m_agree, fix_m_probability=True, label_for_charts="different")
    if u_agree is not None:
        agree = agree.configure(u_probability=u_agree, fix_u_probability=True)
        other = other.configure(u_probability=1 - u_agree, fix_u_probability=True)
    return cl.CustomComparison(output_column_name=column, comparison_levels=[cll.NullLevel(column), agree, other])


def blocking_rules() -> list:
    """Pairs are compared only when they share one of these keys; each joins two fields so no
    block grows with the data (a name alone gave 148 million pairs in a million records, most of
    them strangers called James Smith), and each error a record may carry leaves another key
    intact. A record with a name and nothing else to block on (no date of birth, no postcode)
    meets every record of that name, or it could never be linked or offered for review."""
    return [block_on("name_key", "dob_year"), block_on("name_key", "pc_district"),
            block_on("dob_key", "si"), block_on("dob_key", "fi"), block_on("pc", "fi"), block_on("pc", "si"),
            "l.name_only = r.name_key", "r.name_only = l.name_key",
            block_on("pnc"), block_on("nhs"), block_on("crn")]


def settings(fixed: bool = False) -> SettingsCreator:
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        comparisons=comparisons(fixed),
        blocking_rules_to_generate_predictions=blocking_rules(),
        probability_two_random_records_match=FIXED_PRIOR,
        # The comparison vector (gamma) columns come only with the matching columns; they say at
        # which level each field agreed, for the review queue.
        retain_matching_columns=True,
        retain_intermediate_calculation_columns=False,
    )


@dataclass(frozen=True)
class Training:
    """How the model is trained (sizes scale the time; defaults suit up to a few million).

    ``min_records``: smaller record sets are scored with the fixed parameters (:data:`FIXED`).
    """

    u_max_pairs: float = 2e6
    em_max_pairs: float = 2e6
    prior_recall: float = 0.7
    seed: int = 1
    min_records: int = MIN_TRAINING_RECORDS


@dataclass(frozen=True)
class SparkConfig:
    """Where and with how much memory the Spark backend runs (docs/linkage.md, "Spark").

    Each setting is read from the environment (``SAFERPLACES_SPARK_MASTER`` and so on, see
    :meth:`from_env`) and may be overridden on the ``link`` command line (``--spark-master`` ...).

    ``master``: ``local[*]`` (this machine's cores) or a cluster's URL (``spark://host:7077``,
    ``yarn``, ``k8s://...``). ``driver_memory``: the JVM heap of this process (the driver; in local
    mode it does all the work). ``executor_memory``: each executor's heap on a cluster.
    ``work_dir``: a folder for Spark's shuffle spills and the intermediate tables written to cut the
    query plan (on a cluster: a path every executor can reach, such as HDFS or S3, given as
    ``checkpoint_dir``); a temporary folder when blank. ``partitions``: shuffle partitions (about
    2-4 per core in local mode; more for a cluster).
    """

    master: str = "local[*]"
    driver_memory: str = "6g"
    executor_memory: str = "4g"
    work_dir: str = ""
    checkpoint_dir: str = ""
    partitions: int = 16

    ENV = {"master": "SAFERPLACES_SPARK_MASTER", "driver_memory": "SAFERPLACES_SPARK_DRIVER_MEMORY",
           "executor_memory": "SAFERPLACES_SPARK_EXECUTOR_MEMORY", "work_dir": "SAFERPLACES_SPARK_WORK_DIR",
           "checkpoint_dir": "SAFERPLACES_SPARK_CHECKPOINT_DIR", "partitions": "SAFERPLACES_SPARK_PARTITIONS"}

    @classmethod
    def from_env(cls, **overrides) -> SparkConfig:
        """The settings from the environment, then ``overrides`` (those not None)."""
        values: dict[str, Any] = {}
        for name, variable in cls.ENV.items():
            if os.environ.get(variable, "").strip():
                values[name] = os.environ[variable].strip()
        values.update({k: v for k, v in overrides.items() if v is not None})
        if "partitions" in values:
            try:
                values["partitions"] = int(values["partitions"])
            except ValueError:
                raise EvidenceError(f"Spark partitions: {values['partitions']!r} is not a whole number") from None
        return cls(**values)


def make_db_api(backend: str, spark=None, con=None, config: SparkConfig | None = None):
    if backend == "duckdb":
        return DuckDBAPI(connection=con) if con is not None else DuckDBAPI()
    if backend == "spark":
        # Imported here: Spark needs Java and pyspark, which only the Spark backend uses.
        from splink import SparkAPI

        config = config or SparkConfig.from_env()
        spark = spark or spark_session(config)
        if spark.sparkContext.getCheckpointDir() is None:
            # Splink writes intermediate tables under the checkpoint directory to cut Spark's lineage.
            spark.sparkContext.setCheckpointDir(config.checkpoint_dir or tempfile.mkdtemp(
                prefix="saferplaces-spark-", dir=config.work_dir or None))
        return SparkAPI(spark_session=spark, break_lineage_method="parquet",
                        num_partitions_on_repartition=config.partitions)
    raise EvidenceError(f"backend {backend!r}: use duckdb or spark")


def spark_session(config: SparkConfig | None = None):
    """A Spark session for the Spark backend: local (this machine's cores) or a cluster's (``config``)."""
    # Imported here: pyspark is an optional, heavy dependency (a JVM) used only by this backend.
    from pyspark.sql import SparkSession
    from splink.backends.spark import similarity_jar_location

    config = config or SparkConfig.from_env()
    builder = (SparkSession.builder.master(config.master).appName("saferplaces-link")
               # Splink's jar provides jaro_winkler and the other string similarities as Spark SQL functions.
               .config("spark.jars", similarity_jar_location())
               .config("spark.sql.shuffle.partitions", str(config.partitions))
               .config("spark.default.parallelism", str(config.partitions))
               .config("spark.ui.enabled", "false")
               .config("spark.driver.memory", config.driver_memory)
               .config("spark.executor.memory", config.executor_memory)
               # Results come back to Python as Arrow batches, not pickled rows.
               .config("spark.sql.execution.arrow.pyspark.enabled", "true")
               # Adaptive execution joins skewed blocks (a common name) in pieces instead of one task.
               .config("spark.sql.adaptive.enabled", "true"))
    if config.work_dir:
        builder = builder.config("spark.local.dir", config.work_dir)
    return builder.getOrCreate()


def predict(table, *, fixed: bool, backend: str = "duckdb", floor: float = 0.2,
            training: Training = Training(), spark=None, con=None, model: dict | None = None,
            subset: str | None = None, spark_config: SparkConfig | None = None) -> tuple[pd.DataFrame, dict]:
    """Score every blocked pair of ``table`` (standardised records), training the model first
    unless ``fixed`` (then every m, u and the prior are :data:`FIXED` and :data:`FIXED_PRIOR`).

    ``table`` is a DataFrame, or the name of a DuckDB table in ``con`` (DuckDB backend only).

    Returns the pairs with ``match_probability >= floor`` (``unique_id_l, unique_id_r,
    match_weight, match_probability`` and ``gamma_<comparison>``, the level each comparison agreed
    at: -1 missing, then counting down from the first level to 0 for "different"; see
    :func:`level_labels`) and the parameters (per comparison level: ``m``, ``u``, and the prior),
    so a run can be explained. The pairs' ``attrs["model"]`` is the model as Splink saves it, so
    a later run can score with the same parameters (``model``) without training again.

    ``model``: a saved model (``attrs["model"]`` of an earlier call) to score with, untrained.
    ``subset`` (DuckDB only): the name of a table of ``unique_id`` in ``con``: only those records
    are scored, with term frequencies taken from the whole of ``table``, so every pair among them
    scores as it would among all of ``table``'s records (:mod:`.incremental`).
    """
    logging.getLogger("splink").setLevel(logging.ERROR)
    if subset is not None and (backend != "duckdb" or not isinstance(table, str)):
        raise EvidenceError("scoring a subset of the records needs the DuckDB backend and a table name")
    if backend == "spark":
        return _predict_spark(table, fixed=fixed, floor=floor, training=training, spark=spark, con=con,
                              config=spark_config or SparkConfig.from_env())
    if isinstance(table, str):
        if backend != "duckdb":
            raise EvidenceError(f"backend {backend!r}: use duckdb or spark")
        else:
            where = f" WHERE unique_id IN (SELECT unique_id FROM {subset})" if subset else ""
            con.execute(f"CREATE OR REPLACE VIEW model_input AS SELECT {', '.join(MODEL_COLUMNS)} FROM {table}{where}")
    db_api = make_db_api(backend, spark, con if isinstance(table, str) else None)
    if isinstance(table, str):
        frame = db_api.register("model_input")
    else:
        frame = db_api.register(table[list(MODEL_COLUMNS)], table_name="records")
    linker = Linker(frame, model if model is not None else settings(fixed), log_level=logging.ERROR)
    if subset is not None and _uses_term_frequencies(model, fixed):
        # Term frequencies of the whole table, not of the subset (a name common among all the
        # records is weak evidence however few of them the subset holds).
        tf = con.execute(f"SELECT name_key, count(*)::DOUBLE / (SELECT count(name_key) FROM {table}) AS tf_name_key "
                         f"FROM {table} WHERE name_key IS NOT NULL GROUP BY name_key").df()
        linker.table_management.register_term_frequency_lookup(
            db_api.register(tf, table_name="tf_name_key_all"), "name_key")
    if not fixed and model is None:
        try:
            _train(linker, training)
        except SplinkException as error:  # e.g. a training pass found no pairs
            raise EvidenceError(
                "too few records to train the linkage model (" + str(error).split("\n")[0] + "): the model "
                "learns from the records themselves and needs a few thousand; link whole extracts") from error
    predictions = linker.inference.predict(threshold_match_probability=floor)
    parameters = _parameters(linker)
    gammas = [f"gamma_{name}" for name in parameters if name != "probability_two_random_records_match"]
    # Only the columns needed leave the database (the matching columns are many, and wide).
    pairs = linker.misc.query_sql(
        f"SELECT unique_id_l, unique_id_r, match_weight, match_probability, {', '.join(gammas)} "
        f"FROM {predictions.physical_name}", output_type="pandas")
    pairs.attrs["model"] = linker.misc.save_model_to_json()
    return pairs, parameters


def _predict_spark(table, *, fixed: bool, floor: float, training: Training, spark, con,
                   config: SparkConfig) -> tuple[pd.DataFrame, dict]:
    """:func:`predict` on Spark, without moving big tables through the driver: the records go to
    Spark as a Parquet file (DuckDB writes it; Spark reads it in partitions) and the scored pairs
    come back the same way, so the driver holds neither at once as Python objects (a DataFrame
    made from pandas, and ``toPandas`` of the pairs, ran out of heap at 200,000 records)."""
    db_api = make_db_api("spark", spark, config=config)
    session = db_api.spark
    folder = Path(tempfile.mkdtemp(prefix="saferplaces-link-", dir=config.work_dir or None))
    try:
        records_path, pairs_path = folder / "records.parquet", folder / "pairs.parquet"
        con = con or duckdb.connect()
        if not isinstance(table, str):
            con.register("spark_input", table)
            table = "spark_input"
        con.execute(f"COPY (SELECT {', '.join(MODEL_COLUMNS)} FROM {table}) TO '{records_path}' (FORMAT parquet)")
        local = session.sparkContext.master.startswith("local")
        # Local mode reads the file itself; a cluster's executors cannot see this machine's folders, so
        # the records go to them from the driver as Arrow batches.
        data = session.read.parquet(str(records_path)) if local else session.createDataFrame(
            pd.read_parquet(records_path))
        frame = db_api.register(data.repartition(config.partitions), table_name="records")
        linker = Linker(frame, settings(fixed), log_level=logging.ERROR)
        if not fixed:
            try:
                _train(linker, training)
            except SplinkException as error:
                raise EvidenceError("too few records to train the linkage model (" + str(error).split("\n")[0]
                                    + "): link whole extracts") from error
        predictions = linker.inference.predict(threshold_match_probability=floor)
        parameters = _parameters(linker)
        gammas = [f"gamma_{name}" for name in parameters if name != "probability_two_random_records_match"]
        scored = predictions.as_spark_dataframe().select(
            "unique_id_l", "unique_id_r", "match_weight", "match_probability", *gammas)
        if local:
            scored.write.parquet(str(pairs_path))
            pairs = pd.read_parquet(pairs_path)
        else:
            pairs = scored.toPandas()  # as Arrow batches (spark.sql.execution.arrow.pyspark.enabled)
        pairs = pairs.sort_values(["unique_id_l", "unique_id_r"], ignore_index=True)
        for column in ("unique_id_l", "unique_id_r", *gammas):
            pairs[column] = pairs[column].astype("int64")
        pairs.attrs["model"] = linker.misc.save_model_to_json()
        return pairs, parameters
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def level_labels(pairs: pd.DataFrame, parameters: dict) -> pd.DataFrame:
    """The level each comparison agreed at, by name (``None`` where a value is missing), one column
    per comparison, from the ``gamma_`` columns of :func:`predict`'s pairs."""
    out = {}
    for name, levels in parameters.items():
        if name == "probability_two_random_records_match":
            continue
        # Splink numbers the levels after the null level from the first (highest) down to 0.
        names = [level["level"] for level in reversed(levels)]
        out[name] = [None if g < 0 else names[g] for g in pairs[f"gamma_{name}"].to_numpy()]
    # object, not pandas' string dtype, which would turn a missing level (None) into NaN
    return pd.DataFrame(out, index=pairs.index, dtype=object)


def _train(linker, training: Training) -> None:
    linker.training.estimate_probability_two_random_records_match(
        [block_on("fn", "sn", "dob")], recall=training.prior_recall)
    linker.training.estimate_u_using_random_sampling(max_pairs=training.u_max_pairs, seed=training.seed)
    # Two passes, each blocking on fields the other trains, each keeping true pairs a large share
    # of its blocked pairs. (Blocking on the name with its postcode district instead left EM with
    # only the date of birth to tell the two classes apart, and it found the wrong two.)
    for rule in (block_on("dob"), block_on("pc", "fi")):
        linker.training.estimate_parameters_using_expectation_maximisation(
            rule, max_pairs=training.em_max_pairs, estimate_without_term_frequencies=True)


def _parameters(linker) -> dict[str, Any]:
    model = linker.misc.save_model_to_json()
    out: dict[str, Any] = {"probability_two_random_records_match": model["probability_two_random_records_match"]}
    for comparison in model["comparisons"]:
        out[comparison["output_column_name"]] = [
            {"level": level.get("label_for_charts") or level.get("sql_condition"),
             "m": level.get("m_probability"), "u": level.get("u_probability")}
            for level in comparison["comparison_levels"] if not level.get("is_null_level")]
    return out


def _uses_term_frequencies(model: dict | None, fixed: bool) -> bool:
    """Does the model (a saved one, else :func:`settings`) adjust for term frequencies?"""
    if model is None:
        return not fixed
    return any(level.get("tf_adjustment_column") for comparison in model.get("comparisons", [])
               for level in comparison.get("comparison_levels", []))
