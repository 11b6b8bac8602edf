"""One criteria table of a framework read and checked: codes, parents, methods, levels and sums.

Every violation is reported at once, located at its row, so that an officer replacing the
reconstruction with the signed tables (or checking an imported annex) finds every slip in one run.
"""

from __future__ import annotations

import errno
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from .columns import CRITERIA, duplicate_columns, method_value, missing_columns
from .criterion import ADJUSTMENTS, METHODS, Criterion, code_key
from .display import shorten
from .numbers import MAX_CODE_LEVELS, NumberError, format_points, is_code, parse_decimal, to_micro
from .problems import Problem, Report, Words
from .readers import ROW, Table, read_table
from .writing import os_words

MAX_DEPTH = MAX_CODE_LEVELS
CRITERIA_COLUMNS = ("code", "name", "max_points", "method")


def os_detail(label: str, exc: OSError) -> Words:
    """'LABEL (why)' for a file the system would not open; the commonest reason in both languages."""
    if exc.errno == errno.ENAMETOOLONG:  # the system's "File name too long" would repeat "name"
        return Words(en=f"{label} (name too long)", vi=f"{label} (tên quá dài)")
    why = os_words(exc)
    return Words(en=f"{label} ({why.en})", vi=f"{label} ({why.vi})")


def file_label(path: Path) -> str:
    """How problems name a framework file: its folder and its name, each cut short when very long."""
    return f"{shorten(path.parent.name, 80)}/{shorten(path.name, 80)}"


def load_criteria_table(path: Path, report: Report) -> dict[str, Criterion] | None:
    """Read and check one criteria table; returns nodes in pre-order, or None when unusable."""
    label = file_label(path)
    try:
        result = read_table(path, label, CRITERIA)
    except OSError as exc:  # a name the file system refuses (too long): no table to read
        report.add(Problem("not-a-file", label, params={"detail": os_detail(label, exc)}))
        report.checked[label] = None
        return None
    frame = result.frame
    report.checked[label] = None if frame is None else len(frame)
    if frame is None:
        report.extend(result.problems)
        return None
    report.extend(duplicate_columns(frame))
    missing = missing_columns(frame, CRITERIA_COLUMNS)
    if missing:
        _not_a_criteria_table(frame, result.problems, missing, report)
        return None
    report.extend(result.problems)
    raw: dict[str, Criterion] = {}
    first_row: dict[str, int] = {}
    for record in frame.records():
        node = _parse_criterion(record, label, report, first_row)
        if node is not None:
            raw[node.code] = node
            first_row[node.code] = int(record[ROW])
    return _build_tree(raw, first_row, label, report)


def _not_a_criteria_table(frame: Table, problems: list[Problem], missing: list[Problem], report: Report) -> None:
    """Report a table without the criteria columns, quoting at most its header cells.

    Why: such a file is not a criteria table at all (``criteria = "/etc/passwd"``), so its rows are
    nobody's business: the problems that quote a row (a malformed row quotes the whole line) are
    dropped, and the header cells, which say what the file is, are shown cut short.
    """
    report.extend([p for p in problems if p.row is None or p.value is None or p.code == "duplicate-column"])
    found = shorten(", ".join(shorten(c, 40) for c in (frame.headers or {}).values()))
    for problem in missing:
        params = {**problem.params, "detail": found or problem.params["detail"]}
        report.add(Problem(problem.code, problem.file, row=problem.row, column=problem.column, params=params))


def _parse_criterion(record: dict[Any, Any], label: str, report: Report, first_row: dict[str, int]) -> Criterion | None:
    row = int(record[ROW])
    code = str(record["code"]).rstrip(".")
    if not code:
        report.add(Problem("missing-value", label, row=row, column="code"))
        return None
    if not is_code(code) or code in first_row:
        detail: str | Words
        if code in first_row:
            detail = Words(
                en=f"code {code} appears twice (first at row {first_row[code]})",
                vi=f"mã {code} xuất hiện hai lần (lần đầu ở dòng {first_row[code]})",
            )
        else:
            detail = Words(
                en=f"code '{code}' must be dotted whole numbers written with the digits 0–9, such as 3, 3.2 or "
                f"3.2.1 (at most {MAX_DEPTH} levels)",
                vi=f"mã '{code}' phải là các số nguyên viết bằng chữ số 0–9, cách nhau bởi dấu chấm, như 3, 3.2 "
                f"hoặc 3.2.1 (tối đa {MAX_DEPTH} cấp)",
            )
        report.add(Problem("framework-invalid", label, row=row, column="code", value=code, params={"detail": detail}))
        return None
    text = str(record["max_points"])
    try:
        max_points = parse_decimal(text)
        to_micro(max_points)
    except NumberError:
        report.add(Problem("invalid-number", label, row=row, column="max_points", value=text))
        return None
    if max_points < 0:
        report.add(
            Problem(
                "framework-invalid",
                label,
                row=row,
                column="max_points",
                value=text,
                params={"detail": Words(en="a maximum cannot be negative", vi="điểm tối đa không được âm")},
            )
        )
    method = method_value(str(record["method"]))
    return Criterion(
        code=code,
        name=str(record["name"]),
        max_points=max_points,
        method=method,
        guidance=str(record.get("guidance") or ""),
        source=str(record.get("source") or ""),
        label=str(record.get("label") or ""),
        levels=_parse_levels(str(record.get("levels") or ""), row, label, report),
    )


def _parse_levels(text: str, row: int, label: str, report: Report) -> tuple[Decimal, ...]:
    """A leaf's allowed scores, `0;0,5;1` (decimal comma or point), sorted and without repeats."""
    levels: set[Decimal] = set()
    for part in (p.strip() for p in text.split(";")):
        if not part:
            continue
        try:
            value = parse_decimal(part)
            to_micro(value)
        except NumberError:
            detail = Words(
                en=f"'{shorten(part, 40)}' in levels is not a number; write the allowed scores as 0;0,5;1",
                vi=f"'{shorten(part, 40)}' trong cột levels không phải là số; ghi các mức điểm dạng 0;0,5;1",
            )
            report.add(
                Problem("framework-invalid", label, row=row, column="levels", value=text, params={"detail": detail})
            )
            return ()
        levels.add(value)
    return tuple(sorted(levels))


def _build_tree(
    raw: dict[str, Criterion], first_row: dict[str, int], label: str, report: Report
) -> dict[str, Criterion] | None:
    """Link children, then check parents, methods and sums."""
    children: dict[str, list[str]] = {code: [] for code in raw}
    for code, node in raw.items():
        parent = node.parent
        if parent is None:
            continue
        if parent not in raw:
            report.add(
                Problem(
                    "framework-invalid",
                    label,
                    row=first_row[code],
                    column="code",
                    value=code,
                    params={
                        "detail": Words(
                            en=f"criterion {code} has no parent row {parent}",
                            vi=f"tiêu chí {code} không có dòng tiêu chí cha {parent}",
                        )
                    },
                )
            )
            continue
        children[parent].append(code)
    nodes: dict[str, Criterion] = {}
    for code in sorted(raw, key=code_key):
        kids = tuple(sorted(children[code], key=code_key))
        nodes[code] = replace(raw[code], children=kids)
    if not nodes:
        report.add(Problem("empty-file", label))
        return None
    for code, node in nodes.items():
        _check_node(node, nodes, first_row[code], label, report)
    return nodes


def _check_node(node: Criterion, nodes: dict[str, Criterion], row: int, label: str, report: Report) -> None:
    _check_levels(node, row, label, report)
    if node.is_leaf and node.method not in METHODS:
        detail = Words(
            en=f"leaf {node.code} needs method 'appraisal', 'survey', 'bonus' or 'penalty'",
            vi=f"tiêu chí lá {node.code} cần cột 'method' là 'appraisal' (thẩm định), 'survey' (điều tra XHH), "
            "'bonus' (điểm thưởng) hoặc 'penalty' (điểm trừ)",
        )
        report.add(
            Problem(
                "framework-invalid", label, row=row, column="method", value=node.method or "", params={"detail": detail}
            )
        )
    if not node.is_leaf:
        if node.method:
            detail = Words(
                en=f"{node.code} has sub-criteria, so its method must be empty (methods go on leaves)",
                vi=f"{node.code} có tiêu chí con nên cột 'method' phải để trống (chỉ tiêu chí lá có 'method')",
            )
            report.add(
                Problem(
                    "framework-invalid", label, row=row, column="method", value=node.method, params={"detail": detail}
                )
            )
        total = sum((nodes[c].max_points for c in _summed_children(node, nodes)), Decimal(0))
        if total != node.max_points:
            report.add(
                Problem(
                    "framework-sum-mismatch",
                    label,
                    row=row,
                    column="max_points",
                    value=node.code,
                    params={"detail": format_points(node.max_points), "expected": format_points(total)},
                )
            )


def _summed_children(node: Criterion, nodes: dict[str, Criterion]) -> list[str]:
    """The children whose maxima make up NODE's: those holding counted (appraisal, survey) leaves.

    Why: bonus and penalty points are not part of any maximum, so a domain holding a bonus leaf
    has the maximum of its other children; a block of only bonus or penalty leaves sums them all.
    """
    counted = [code for code in node.children if _has_counted(nodes[code], nodes)]
    return counted or list(node.children)


def _has_counted(node: Criterion, nodes: dict[str, Criterion]) -> bool:
    """Whether NODE is, or holds, an appraisal or survey leaf."""
    if node.is_leaf:
        return node.counted or node.method not in ADJUSTMENTS
    return any(_has_counted(nodes[code], nodes) for code in node.children)


def _check_levels(node: Criterion, row: int, label: str, report: Report) -> None:
    """Levels belong to leaves, each between 0 and the leaf's maximum."""
    if not node.levels:
        return
    shown = "; ".join(format_points(level) for level in node.levels)
    if not node.is_leaf:
        detail = Words(
            en=f"{node.code} has sub-criteria, so it has no levels (levels go on leaves)",
            vi=f"{node.code} có tiêu chí con nên không có mức điểm (cột levels chỉ ghi ở tiêu chí lá)",
        )
    elif node.levels[0] < 0 or node.levels[-1] > node.max_points:
        maximum = format_points(node.max_points)
        detail = Words(
            en=f"every level of {node.code} must be between 0 and its maximum {maximum}",
            vi=f"mỗi mức điểm của {node.code} phải nằm trong khoảng từ 0 đến điểm tối đa {maximum.replace('.', ',')}",
        )
    else:
        return
    report.add(Problem("framework-invalid", label, row=row, column="levels", value=shown, params={"detail": detail}))
