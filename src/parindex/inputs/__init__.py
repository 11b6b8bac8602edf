"""Loading an assessment folder, one concern per module, in the order the pipeline runs.

``load`` is the orchestrator; every other module is a check or a step that receives what it needs
as arguments and returns what it found (problems go to the ``Report`` it is given, in the order a
user reads them): ``config`` (parindex.toml), ``tables`` (finding and reading one table),
``units`` (units.csv), ``per_unit`` (a self-assessment folder of one file per unit), ``score_files``
(a score table's form rows: headings and subtotals), ``matching`` (rows to units and criteria),
``completeness`` (scores that are missing) and ``adjustments`` (warnings about appraisal). ``model``
holds the data classes and ``located`` the vectorised helpers that turn failing rows into problems.
"""
