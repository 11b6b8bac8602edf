"""One language rule (i18n.resolve_lang), fixed words from the catalogue, OS errors in both languages."""

from __future__ import annotations

import errno
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import EXAMPLE
from parindex import i18n, writing
from parindex.cli import app
from parindex.problems import Words


def run(*args: str | Path, lang: str | None = None) -> tuple[int, str]:
    """Exit code and everything printed, with PARINDEX_LANG=LANG (None: not set)."""
    result = CliRunner().invoke(app, [str(a) for a in args], env={"COLUMNS": "200", "PARINDEX_LANG": lang})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


# -- the rule --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "env", "expected"),
    [
        (None, None, "vi"),
        (None, "", "vi"),
        (None, "en", "en"),
        (None, " EN ", "en"),
        ("en", None, "en"),
        ("VI", "en", "vi"),  # the argument wins over the environment
        ("en", "vi", "en"),
    ],
)
def test_resolve_lang_takes_the_value_else_the_environment_else_vietnamese(
    monkeypatch, value: str | None, env: str | None, expected: str
):
    if env is None:
        monkeypatch.delenv("PARINDEX_LANG", raising=False)
    else:
        monkeypatch.setenv("PARINDEX_LANG", env)
    assert i18n.resolve_lang(value) == expected


def test_a_language_parindex_does_not_speak_is_a_value_error(monkeypatch):
    monkeypatch.delenv("PARINDEX_LANG", raising=False)
    with pytest.raises(ValueError, match="lang='fr' is not a language parindex speaks: use 'vi' or 'en'"):
        i18n.resolve_lang("fr")
    monkeypatch.setenv("PARINDEX_LANG", "eng")
    with pytest.raises(i18n.UnknownLang, match="PARINDEX_LANG='eng' is not a language"):
        i18n.resolve_lang(None)
    assert i18n.resolve_lang("en") == "en"  # an explicit language does not need the environment


def test_an_unknown_parindex_lang_is_a_usage_error_said_in_vietnamese():
    code, output = run("score", EXAMPLE, lang="fr")
    assert (code, output) == (
        2,
        "Lỗi: PARINDEX_LANG='fr' không phải ngôn ngữ parindex hỗ trợ: hãy dùng 'vi' hoặc 'en'.\n",
    )
    code, output = run("score", EXAMPLE, "--format", "json", "--lang", "en", lang="fr")
    assert code == 0 and '"tie_rule": "Ranked on the index' in output  # --lang decides: the variable is not read


def test_library_functions_left_without_a_language_speak_vietnamese(monkeypatch):
    from parindex import load_assessment, score_assessment
    from parindex.output import results_to_dict
    from parindex.template_levels import level_list

    monkeypatch.delenv("PARINDEX_LANG", raising=False)
    results = score_assessment(load_assessment(EXAMPLE))
    assert results_to_dict(results)["tie_rule"].startswith("Xếp hạng theo chỉ số")
    assert results_to_dict(results, None)["tie_rule"] == results_to_dict(results, "vi")["tie_rule"]
    assert level_list([Decimal(0), Decimal("0.5")]) == '"0,0.5,KAD"'
    monkeypatch.setenv("PARINDEX_LANG", "en")
    assert results_to_dict(results)["tie_rule"].startswith("Ranked on the index")
    assert level_list([Decimal(0), Decimal("0.5")]) == '"0,0.5,N/A"'


# -- fixed words from the catalogue ----------------------------------------------------------------
def test_both_gives_a_catalogue_message_in_english_and_vietnamese():
    assert i18n.both(i18n.N_("{path} is a folder; give a file name"), path="/tmp/x") == (
        "/tmp/x is a folder; give a file name",
        "/tmp/x là một thư mục; hãy ghi rõ tên tệp",
    )


@pytest.mark.parametrize(
    ("lang", "said"), [("vi", "parindex: đã dừng do SIGTERM\n"), ("en", "parindex: stopped by SIGTERM\n")]
)
def test_a_stop_signal_is_said_in_the_runs_language(monkeypatch, capsys, lang: str, said: str):
    import signal

    from parindex import cli
    from parindex.cli.process import Stopped

    def stopped(**_kwargs: object) -> None:
        raise Stopped(signal.SIGTERM)

    monkeypatch.setattr(cli, "app", stopped)
    monkeypatch.setattr(cli, "exit_without_teardown", lambda code: (_ for _ in ()).throw(SystemExit(code)))
    monkeypatch.setattr(cli, "configure_command_process", lambda: None)
    monkeypatch.setattr("sys.argv", ["parindex", "--lang", lang, "score", "x"])
    with pytest.raises(SystemExit) as done:
        cli.main()
    assert done.value.code == 128 + signal.SIGTERM
    assert capsys.readouterr().err == said


def test_the_write_causes_come_from_the_catalogue_unchanged(tmp_path: Path):
    error = writing.cannot_write(tmp_path / "x.csv", OSError(errno.EISDIR, "Is a directory"))
    assert (
        error.text("en") == f"cannot write {tmp_path / 'x.csv'}: it is a folder. Nothing was written; give a file name."
    )
    assert error.text("vi") == (
        f"không ghi được {tmp_path / 'x.csv'}: đó là một thư mục. Chưa ghi gì; hãy ghi rõ tên tệp."  # one 'hãy'
    )


# -- OS errors in both languages -------------------------------------------------------------------
@pytest.mark.parametrize(
    ("exc", "words"),
    [
        (
            OSError(errno.ENOENT, "No such file or directory"),
            Words("No such file or directory", "không có tệp hoặc thư mục này"),
        ),
        (PermissionError(errno.EACCES, "Permission denied"), Words("Permission denied", "không có quyền truy cập")),
        (OSError(errno.ENAMETOOLONG, "File name too long"), Words("File name too long", "tên quá dài")),
        (OSError(errno.EXDEV, "Invalid cross-device link"), Words("Invalid cross-device link", "lỗi hệ thống EXDEV")),
        (ValueError("embedded null byte"), Words("embedded null byte", "tên chứa ký tự hệ thống không chấp nhận")),
    ],
)
def test_os_words_says_why_in_both_languages(exc: BaseException, words: Words):
    assert writing.os_words(exc) == words


def test_a_path_the_system_will_not_look_up_is_said_in_vietnamese(tmp_path: Path):
    from parindex.display import shorten

    long = tmp_path / ("x" * 5000)
    code, output = run("score", long)
    shown = shorten(str(long), 80)
    assert (code, " ".join(output.split())) == (
        2,
        f"Lỗi cách dùng: thư mục '{shown}' không tra cứu được (tên quá dài).",
    )
    code, output = run("score", long, "--lang", "en")
    assert (code, " ".join(output.split())) == (
        2,
        f"Usage error: folder '{shown}' cannot be looked up (File name too long).",
    )


def test_a_file_the_system_will_not_read_is_said_in_vietnamese(tmp_path: Path, monkeypatch):
    import json

    from parindex import readers

    def refused(path: Path, *rest: object) -> object:
        if path.name == "units.csv":
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return original(path, *rest)

    original = readers.read_bounded
    monkeypatch.setattr(readers, "read_bounded", refused)
    code, output = run("validate", EXAMPLE, "--format", "json")
    problem = json.loads(output)["errors"][0]
    assert code == 1 and problem["code"] == "not-a-file"
    assert "units.csv (hệ điều hành không cho đọc: không có quyền truy cập)" in problem["message"]
    code, output = run("validate", EXAMPLE, "--format", "json", "--lang", "en")
    assert "units.csv (Permission denied)" in json.loads(output)["errors"][0]["message"]


def test_a_parindex_toml_the_system_will_not_read_is_a_problem_not_a_bug(monkeypatch):
    import json

    from parindex.inputs import config

    def refused(path: Path, _label: str) -> None:
        raise PermissionError(errno.EACCES, "Permission denied", str(path))

    monkeypatch.setattr(config, "read_toml", refused)
    for lang, words in (
        ("vi", "parindex.toml (hệ điều hành không cho đọc: không có quyền truy cập) là thư mục hoặc không đọc được"),
        ("en", "parindex.toml (Permission denied) is a folder or unreadable, not a data file."),
    ):
        code, output = run("validate", EXAMPLE, "--format", "json", "--lang", lang)
        problem = json.loads(output)["errors"][0]
        assert (code, problem["code"], problem["file"]) == (1, "not-a-file", "parindex.toml")
        assert problem["message"].startswith(words)


def test_a_problem_and_a_report_speak_vietnamese_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    """Problem.message / to_dict and Report.to_dict without a language follow the one rule: Vietnamese,
    unless PARINDEX_LANG (or the run's --lang) says English."""
    from parindex.problems import Problem, Report

    monkeypatch.delenv("PARINDEX_LANG", raising=False)
    problem = Problem("missing-value", "units.csv", row=3, column="name")
    report = Report()
    report.add(problem)
    assert problem.message() == "Cột 'name' bị trống ở dòng này; hãy điền giá trị."
    assert report.to_dict()["errors"][0]["message"] == problem.message("vi")
    monkeypatch.setenv("PARINDEX_LANG", "en")
    assert problem.to_dict()["message"] == "Column 'name' is empty in this row; fill it in."
