"""parindex.toml: the year and the criteria framework of the assessment."""

from __future__ import annotations

from pathlib import Path

from ..problems import Problem, Report, Words
from ..readers import TomlRefused, read_toml, unreadable
from .model import CONFIG

#: The year (a number or a text such as "2023-2024") and the framework reference (bundled id or folder).
Config = tuple[int | str, str]


def read_config(folder: Path, report: Report) -> tuple[Config | None, list[Path]]:
    """FOLDER's parindex.toml checked, and the files read (the config itself when it exists)."""
    path = folder / CONFIG
    if not path.is_file():
        report.add(Problem("missing-config", CONFIG, params={"detail": str(folder)}))
        return None, []
    report.checked[CONFIG] = None
    try:
        data = read_toml(path, CONFIG)
    except TomlRefused as exc:
        report.add(exc.too_large or Problem("invalid-config", CONFIG, params={"detail": exc.detail}))
        return None, [path]
    except OSError as exc:  # no permission to read it: a problem to fix, not a bug of parindex
        report.add(unreadable(CONFIG, exc))
        return None, [path]
    return _values(data, report), [path]


def _values(data: dict[str, object], report: Report) -> Config | None:
    """The two required keys, each reported by name when absent or of the wrong kind."""
    framework = data.get("framework")
    year = data.get("year")
    if not isinstance(framework, str) or not framework.strip():
        detail = Words(
            en='framework = "<bundled id or folder>" is required',
            vi='cần có framework = "<mã bộ chỉ số có sẵn hoặc thư mục>"',
        )
        report.add(Problem("invalid-config", CONFIG, column="framework", params={"detail": detail}))
        return None
    if not isinstance(year, int | str) or isinstance(year, bool):
        detail = Words(en="year = 2023 (a number) is required", vi="cần có year = 2023 (một số)")
        report.add(Problem("invalid-config", CONFIG, column="year", params={"detail": detail}))
        return None
    return year, framework.strip()
