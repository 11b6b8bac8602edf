"""Feasibility probe, not parindex: would reading, checking and scoring in DuckDB beat parindex's pipeline?

Why it exists: `run.py`'s baseline only reads the three score files and adds the scores up per unit.
parindex does much more per row, and one proposal for getting closer to the baseline is to do all of
it in DuckDB. This script does roughly parindex's job in SQL on a `make_dataset.py` folder, so that
proposal can be timed rather than guessed:

- every score row gets its spreadsheet row number (``row_number() OVER ()``, header = 1);
- every row is checked: blank cells, number syntax (decimal comma allowed, N/A markers), unknown unit,
  unknown criterion for the unit's group, wrong method, out of range, and repeated unit+criterion;
- each unit's effective leaf scores (appraisal over self-assessment, survey for survey leaves, N/A
  excluded from the maximum) are summed exactly (DECIMAL(18, 6)) into points and maximum per unit.

It leaves out what parindex also does (encodings, quoted cells, xlsx, messages, ranking, output), so
its time is a floor for a DuckDB-based reader. Usage::

    python benchmarks/duckdb_probe.py /tmp/parindex-bench/n10000-l100-s2023-<hash>

It prints the number of units scored, the number of problems found, and the seconds from start-up.
Time whole runs with ``/usr/bin/time`` or hyperfine to compare with `run.py`'s figures.
"""

from __future__ import annotations

import sys
import time

START = time.perf_counter()

import duckdb  # noqa: E402 (imported after the clock starts: its import is part of the cost)

NA_MARKERS = "('N/A', 'KAD')"
NUMBER = "'[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)'"
FILES = (("self-assessment", "appraisal"), ("appraisal", "appraisal"), ("survey", "survey"))


def quoted(path: str) -> str:
    """A path as an SQL string literal."""
    return "'" + path.replace("'", "''") + "'"


def load(con: duckdb.DuckDBPyConnection, folder: str) -> None:
    """Criteria leaves, units, and the three score files with their spreadsheet row numbers."""
    so, huyen = quoted(f"{folder}/framework/so.csv"), quoted(f"{folder}/framework/huyen.csv")
    con.execute(f"""
        CREATE TABLE criteria AS
            SELECT 'so' AS grp, * FROM read_csv({so}, all_varchar = true)
            UNION ALL SELECT 'huyen', * FROM read_csv({huyen}, all_varchar = true);
        CREATE TABLE leaves AS
            SELECT grp, code, method, CAST(max_points AS DECIMAL(18, 6)) AS maxp
            FROM criteria WHERE coalesce(method, '') <> '';
        CREATE TABLE units AS
            SELECT lower(trim(unit_id)) AS uid, "group" AS grp FROM read_csv({quoted(folder + "/units.csv")}, all_varchar = true);
    """)  # noqa: E501
    for stem, _ in FILES:
        con.execute(f"""
            CREATE TABLE "{stem}" AS
                SELECT row_number() OVER () + 1 AS row, lower(trim(unit_id)) AS uid, trim(code) AS code,
                       trim(score) AS score
                FROM read_csv({quoted(f"{folder}/{stem}.csv")}, all_varchar = true, header = true)
        """)


def problems(con: duckdb.DuckDBPyConnection) -> list[tuple[object, ...]]:
    """Every row-level problem of the three files, as (file, row, code)."""
    found: list[tuple[object, ...]] = []
    for stem, method in FILES:
        value = "CAST(replace(r.score, ',', '.') AS DECIMAL(18, 6))"
        found += con.sql(f"""
            SELECT '{stem}', r.row, CASE
                WHEN coalesce(r.uid, '') = '' OR r.code IS NULL OR r.score IS NULL THEN 'missing-value'
                WHEN NOT (upper(r.score) IN {NA_MARKERS}
                          OR regexp_full_match(replace(r.score, ',', '.'), {NUMBER})) THEN 'invalid-number'
                WHEN u.uid IS NULL THEN 'unknown-unit'
                WHEN l.code IS NULL THEN 'unknown-criterion'
                WHEN l.method <> '{method}' THEN 'wrong-method'
                WHEN upper(r.score) NOT IN {NA_MARKERS} AND ({value} > l.maxp OR {value} < 0) THEN 'out-of-range'
            END AS problem
            FROM "{stem}" r LEFT JOIN units u USING (uid) LEFT JOIN leaves l ON l.grp = u.grp AND l.code = r.code
            WHERE problem IS NOT NULL
        """).fetchall()
        found += con.sql(
            f"""SELECT '{stem}', min(row), 'duplicate-row' FROM "{stem}" GROUP BY uid, code HAVING count(*) > 1"""
        ).fetchall()
    return found


def scores(con: duckdb.DuckDBPyConnection) -> list[tuple[object, ...]]:
    """Each unit's points and maximum, exact: appraisal over self-assessment, N/A out of the maximum."""
    return con.sql(f"""
        WITH effective AS (
            SELECT u.uid, l.maxp,
                   CASE WHEN l.method = 'appraisal' THEN coalesce(a.score, s.score) ELSE v.score END AS text
            FROM units u JOIN leaves l ON l.grp = u.grp
            LEFT JOIN "self-assessment" s ON s.uid = u.uid AND s.code = l.code
            LEFT JOIN appraisal a ON a.uid = u.uid AND a.code = l.code
            LEFT JOIN survey v ON v.uid = u.uid AND v.code = l.code
        ), points AS (
            SELECT uid, maxp, upper(text) IN {NA_MARKERS} AS na,
                   CASE WHEN upper(text) IN {NA_MARKERS} THEN 0
                        ELSE CAST(replace(text, ',', '.') AS DECIMAL(18, 6)) END AS p
            FROM effective
        )
        SELECT uid, sum(p) AS total, sum(CASE WHEN na THEN 0 ELSE maxp END) AS maximum FROM points GROUP BY uid
    """).fetchall()


def main(folder: str) -> None:
    con = duckdb.connect()
    load(con, folder)
    found = problems(con)
    scored = scores(con)
    print(f"{len(scored)} units scored, {len(found)} problems, {time.perf_counter() - START:.3f} s")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python benchmarks/duckdb_probe.py FOLDER")
    main(sys.argv[1])
