"""Hostile and odd inputs (issue 15): cases grouped by the class of failure they guard against.

Each ``cases_*.py`` module defines ``CASES: list[Case]``; ``tests/test_hostile.py`` runs every
command on every case. A case builds its input in a temporary folder, so the repository holds
no multi-megabyte or malicious files.
"""
