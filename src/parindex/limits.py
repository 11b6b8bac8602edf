"""Documented limits on what parindex reads, so that no file can make it hang or exhaust memory.

Why: a tool that reads whatever an officer (or an attacker) hands it must answer in seconds, even
for a 50 MB line of commas or a zip bomb. Each limit leaves ample room above a national folder
(10,000 units x 100 criteria: about 1,000,000 score rows, 30 MB of CSV) and a file beyond one is
refused with the code ``too-large``, naming the limit. The README's "Limits" table lists them;
change both together.
"""

from __future__ import annotations

#: Size of one input file on disk (CSV or xlsx). A national score file is about 30 MB.
MAX_FILE_BYTES = 256 * 1024 * 1024
#: Data rows in one table (a national folder has about 1,000,000 per score file).
MAX_ROWS = 5_000_000
#: Columns in one table (parindex's tables have at most a dozen).
MAX_COLUMNS = 200
#: Characters in one cell: Excel's own limit for a cell.
MAX_CELL_CHARS = 32_767
#: Bytes in one CSV line (a row of a dozen cells at Excel's cell limit fits).
MAX_LINE_BYTES = 1024 * 1024
#: Total uncompressed size of an xlsx workbook's parts, and the largest compression ratio of one part
#: (a zip bomb expands thousands of times; real sheets of repeated codes stay well under 100).
MAX_XLSX_UNCOMPRESSED_BYTES = 2 * 1024 * 1024 * 1024
MAX_XLSX_RATIO = 200
#: Parts (files) inside an xlsx zip: a workbook has a few dozen; listing millions of empty entries
#: would cost seconds and gigabytes before any check could run.
MAX_XLSX_PARTS = 10_000
#: Unpacked size of a Word annex (.docx) read by `criteria import`: python-docx builds the whole document
#: tree in memory (several times its XML's size), and a province's annex document is about 1 MB.
MAX_DOCX_UNPACKED_BYTES = 32 * 1024 * 1024
#: Problems of one code listed one by one in a report; beyond this only their number is given.
MAX_LISTED_PER_CODE = 1000
#: Size of a .toml file (parindex.toml, framework.toml; real ones are under 2 KiB) and of one of its
#: lines. Python's TOML reader is pure Python and slows quadratically on deep dotted keys (a key
#: `a.a.a…` of 64 KB exhausts memory; figures in benchmarks/README.md), so both are small.
MAX_CONFIG_BYTES = 64 * 1024
#: The largest manifest sidecar (x.csv.manifest.json) `verify` reads: a manifest lists a few files.
MAX_MANIFEST_BYTES = 1024 * 1024
MAX_CONFIG_LINE_CHARS = 1024
#: Characters of a user's value quoted in a problem (the rest is cut, its length said), and of a
#: detail built from user text (a list of header names): a report stays small whatever the input.
MAX_QUOTED_CHARS = 80
MAX_DETAIL_CHARS = 1000
#: Runs of one sensitivity analysis (`parindex sensitivity --runs`). 10,000 runs settle a 5 % tail to
#: about ±0.4 points of a percentage; the ranks of every run are kept (runs × units), so a mistyped
#: run count must not ask for gigabytes.
MAX_SENSITIVITY_RUNS = 100_000
