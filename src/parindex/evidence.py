"""Evidence (tài liệu kiểm chứng): whether a framework requires it beside every self-score.

Why a module of its own: `framework.toml` declares the policy and the loader checks the
self-assessment against it; both read the one list of policies here.
"""

from __future__ import annotations

from typing import Any

from .problems import Problem, Report, Words

OPTIONAL, REQUIRED = "optional", "required"
#: framework.toml's `evidence`: "optional" (the default) or "required" (a warning for a self-score
#: above 0 given without evidence).
EVIDENCE_POLICIES = (OPTIONAL, REQUIRED)


def evidence_policy(meta: dict[str, Any], label: str, report: Report) -> str:
    """framework.toml's `evidence` key; any other value is a framework error (and counts as optional)."""
    policy = meta.get("evidence", OPTIONAL)
    if policy in EVIDENCE_POLICIES:
        return str(policy)
    detail = Words(en='evidence must be "optional" or "required"', vi='evidence phải là "optional" hoặc "required"')
    report.add(Problem("framework-invalid", label, column="evidence", value=str(policy), params={"detail": detail}))
    return OPTIONAL
