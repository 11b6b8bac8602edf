"""Every word a user sees exists in Vietnamese (the default) and English, from one gettext catalogue.

The catalogue checks extract the marked strings with Babel, as a translator's tools would; the
leak test runs every command in Vietnamese over the test corpus and fails on any common English
word left once file names, codes, option names and quoted user data are taken out.
"""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from conftest import DATA, EXAMPLE, REPO
from parindex import i18n, i18n_tools
from parindex.cli import app
from parindex.cli.reference import cli_reference

PREVIOUS = REPO / "examples" / "lai-chau-2022"
BROKEN = sorted(p for p in (DATA / "broken").iterdir() if p.is_dir())


# -- the catalogue -----------------------------------------------------------------------------------
def test_every_marked_string_has_a_vietnamese_translation():
    template = i18n_tools.extract()
    assert len(template) > 250  # the extraction found the source's strings, not an empty set
    catalog = i18n_tools.read_po(i18n_tools.po_path("vi"))
    assert i18n_tools.untranslated(template, catalog) == []


def test_the_po_has_no_entry_the_source_no_longer_uses():
    template = {(m.id, m.context) for m in i18n_tools.extract() if m.id}
    catalog = i18n_tools.read_po(i18n_tools.po_path("vi"))
    stale = [m.id for m in catalog if m.id and (m.id, m.context) not in template]
    assert stale == [], "run: python -m parindex.i18n_tools update"


def test_the_shipped_mo_is_the_compiled_po():
    assert i18n_tools.mo_is_current("vi"), "run: python -m parindex.i18n_tools compile"


def test_placeholders_are_the_same_in_both_languages():
    catalog = i18n_tools.read_po(i18n_tools.po_path("vi"))
    fields = re.compile(r"\{[^{}]*\}")
    for message in catalog:
        if not message.id or isinstance(message.id, tuple):
            continue
        # Vietnamese has no plural 's': a translation may drop {s}, never invent a field
        assert set(fields.findall(message.string)) <= set(fields.findall(message.id)), message.id
        assert set(fields.findall(message.id)) - set(fields.findall(message.string)) <= {"{s}"}, message.id


def test_gettext_picks_the_language():
    assert i18n.gettext("Wrote {path}", "vi") == "Đã ghi {path}"
    assert i18n.gettext("Wrote {path}", "en") == "Wrote {path}"
    assert i18n.pgettext("short", "Change", "vi") == "Chênh"
    assert i18n.gettext("Change", "vi") == "Chênh lệch"
    assert i18n.ngettext("{n} warning: run 'parindex validate' for details.", "{n} warnings: x", 3, "en") == (
        "{n} warnings: x"
    )


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--lang", "en", "score", "x"], "en"),
        (["score", "x", "--lang", "EN"], "en"),
        (["score", "--lang=vi"], "vi"),
        (["score", "x"], None),
        (["score", "--lang", "de"], None),  # left for click to refuse
        (["score", "--", "--lang", "en"], None),
    ],
)
def test_lang_is_read_before_or_after_the_command(args: list[str], expected: str | None):
    assert i18n.lang_from_args(args) == expected


def test_retranslate_matches_clicks_english_back():
    templates = ("Invalid value for {name}: {message}", "{value} is not one of {choices}.")
    text = "Invalid value for '--format' / '-f': 'xml' is not one of 'table', 'csv'."
    assert i18n.retranslate(text, templates, "vi") == (
        "Giá trị không hợp lệ cho '--format' / '-f': 'xml' không thuộc các giá trị 'table', 'csv'."
    )
    assert i18n.retranslate("something else", templates, "vi") == "something else"


# -- the CLI in either language ----------------------------------------------------------------------
def run(*args: str | Path, lang: str | None = None) -> tuple[int, str]:
    """Exit code and everything printed, with PARINDEX_LANG=LANG (None: not set, i.e. Vietnamese)."""
    env = {"COLUMNS": "200", "PARINDEX_LANG": lang}
    result = CliRunner().invoke(app, [str(a) for a in args], env=env)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def run_json(*args: str | Path, lang: str | None = None) -> dict:
    env = {"COLUMNS": "200", "PARINDEX_LANG": lang}
    result = CliRunner().invoke(app, [str(a) for a in args], env=env)
    return json.loads(result.stdout)


def test_lang_before_or_after_the_command_name_or_from_the_environment():
    english, vietnamese = "Ranked on the index", "Xếp hạng theo chỉ số"
    assert run_json("--lang", "en", "score", EXAMPLE, "--format", "json")["tie_rule"].startswith(english)
    assert run_json("score", EXAMPLE, "--format", "json", "--lang", "en")["tie_rule"].startswith(english)
    assert run_json("score", EXAMPLE, "--format", "json", lang="en")["tie_rule"].startswith(english)
    assert run_json("score", EXAMPLE, "--format", "json")["tie_rule"].startswith(vietnamese)
    # --lang wins over the environment
    assert run_json("score", EXAMPLE, "--format", "json", "--lang", "vi", lang="en")["tie_rule"].startswith(vietnamese)


def test_help_is_vietnamese_by_default_and_english_on_request():
    code, output = run("--help")
    assert code == 0
    assert output.startswith("Cách dùng: parindex [TÙY_CHỌN] LỆNH [THAM_SỐ]...")
    assert "  score        Chấm điểm, xếp hạng mọi đơn vị; các bảng của quyết định công bố." in output
    assert "-h, --help      Hiện hướng dẫn này rồi thoát." in output
    code, output = run("--lang", "en", "--help")
    assert output.startswith("Usage: parindex [OPTIONS] COMMAND [ARGS]...")
    code, output = run("template", "--help", "--lang", "en")
    assert "Fill the unit_id column with this unit id." in output
    code, output = run("template", "--help")
    assert "Điền mã đơn vị này vào cột “unit_id”." in output
    assert "Cách dùng: parindex template [TÙY_CHỌN] [bộ_chỉ_số]" in output


def test_usage_errors_are_vietnamese():
    code, output = run("score", EXAMPLE, "--bogus")
    assert code == 2
    assert output == (
        "Cách dùng: parindex score [TÙY_CHỌN] {thư_mục}\n"
        "Xem hướng dẫn: 'parindex score -h'.\n\n"
        "Lỗi: Không có tùy chọn --bogus (các tùy chọn có thể dùng: --out)\n"
    )
    code, output = run("score", EXAMPLE, "--format", "xml")
    assert code == 2
    assert output.endswith(
        "Lỗi: Giá trị không hợp lệ cho '--format' / '-f': 'xml' không thuộc các giá trị 'table', 'csv', 'json'.\n"
    )
    code, output = run("scor")
    assert output.endswith("Lỗi: Không có lệnh 'scor'. Có phải ý bạn là 'score'?\n")
    code, output = run("score", EXAMPLE, "--bogus", "--lang", "en")
    assert output.endswith("Error: No such option: --bogus (Possible options: --out)\n")


def test_template_messages_are_vietnamese(tmp_path: Path):
    code, output = run("template", "--out", tmp_path / "t.xlsx")
    assert code == 2
    assert " ".join(output.split()) == (
        "Lỗi cách dùng: --out TỆP.xlsx ghi một phiếu: thêm --group NHÓM (các nhóm của lai-chau-1726-2022: so, "
        "huyen) hoặc, với thư mục đánh giá, --unit MÃ. Các cách khác: --out THƯ_MỤC/ (mỗi đơn vị trong units.csv một "
        "tệp), --survey (bảng điểm điều tra XHH), --appraisal (bảng thẩm định của Hội đồng)."
    )
    code, output = run("template", EXAMPLE, "--unit", "ZZZ", "--out", tmp_path / "t.xlsx")
    assert code == 2
    assert output.startswith("Lỗi cách dùng: không có đơn vị 'ZZZ' trong units.csv; các đơn vị: ")
    code, output = run("template", "--group", "so", "--out", tmp_path / "t.xlsx")
    assert (code, output) == (0, f"Đã ghi {tmp_path / 't.xlsx'}\n")
    code, output = run("template", "--group", "so", "--out", tmp_path / "t.csv", "--lang", "en")
    assert (code, output) == (0, f"Wrote {tmp_path / 't.csv'}\n")


def test_criteria_methods_in_vietnamese():
    code, output = run("criteria", "--group", "so")
    assert "— 1 thẩm định" in output
    assert "điều tra XHH" in output
    assert " appraisal" not in output and " survey" not in output
    assert "TÁI DỰNG, chưa đối chiếu" in output and "RECONSTRUCTION" not in output  # provenance_vi
    code, output = run("criteria", "--group", "so", "--lang", "en")
    assert "— 1 appraisal" in output


def test_vietnamese_cli_reference_is_up_to_date():
    """docs/cli.vi.md: python -m parindex.cli.reference vi > docs/cli.vi.md"""
    assert (REPO / "docs" / "cli.vi.md").read_text(encoding="utf-8") == cli_reference("vi")


def test_help_starts_without_heavy_imports():
    code = (
        "import sys\n"
        "sys.argv = ['parindex', '--help']\n"
        "from parindex.cli import app\n"
        "try:\n    app(prog_name='parindex')\n"
        "except SystemExit:\n    pass\n"
        "print(sorted(m for m in ('pandas', 'pyarrow', 'rich', 'babel') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.stdout.strip().endswith("[]"), done.stdout + done.stderr


# -- no English in Vietnamese output -----------------------------------------------------------------
#: Common English words that have no business in a Vietnamese screen. Words that are also Vietnamese
#: ("in" = print, "do" = by, "to" = big, "can", "an", "no") are left out on purpose.
ENGLISH_WORDS = """
the is are was not file files row rows column columns score scores error errors warning warnings wrote
usage missing and of for with from this that these there has have must needs need should please found
invalid unknown unit units folder criterion criteria group groups value values expected line leaf method
appraisal survey self maximum minimum total index rank ranked tied band note notes change changed given
got required option options argument arguments command commands show help exit version write written
read empty duplicate twice allowed format table mean domain domains points point place places year
previous unchanged up down same report valid only which what where when run details instead legacy text
or but your you use used more than less at least most number decimal decimals sheet workbook title
contents framework provenance reconstruction signed decision generated made publish published rounded
"""
ENGLISH = frozenset(re.findall(r"[a-z]+", ENGLISH_WORDS))
#: Names that stay as they are in Vietnamese text: the program, formats and Excel's own menu words.
KEPT = frozenset({"parindex", "csv", "json", "html", "xlsx", "toml", "excel", "utf", "windows", "tcvn", "cchc"})


#: The CLI's command names: an API like option names, in usage lines and the help's command list.
COMMAND_NAMES = "score|validate|criteria|compare|report|explain|export|template|sensitivity"


def english_words(text: str, user_data: frozenset[str] = frozenset()) -> list[str]:
    """The English words of TEXT once codes, options, file names and quoted user data are removed."""
    text = re.sub(r"(?<![\w-])-{1,2}[A-Za-z][\w-]*", " ", text)  # options
    text = re.sub(r"\b[a-z]+(?:-[a-z0-9]+)+\b", " ", text)  # kebab-case problem codes (an API), slugs
    text = re.sub(rf"(?m)\bparindex ({COMMAND_NAMES})\b|^  ({COMMAND_NAMES})  ", " ", text)
    text = re.sub(rf"(?m)(?<=[┃│])  ?({COLUMN_NAMES}) +(?=[┃│])|^({COLUMN_NAMES})$", " ", text)
    text = re.sub(rf"(?<=, )({COLUMN_NAMES})\b|\b({COLUMN_NAMES})(?=, )", " ", text)  # "Các cột hiện có: a, b"
    text = re.sub(rf"(?<=[Cc]ột )({COLUMN_NAMES})\b", " ", text)  # "cột score": the header as the file has it
    for datum in sorted(user_data, key=len, reverse=True):
        text = text.replace(datum, " ")
    text = re.sub(r"'[^'\n]*'|\"[^\"\n]*\"|“[^”\n]*”|`[^`\n]*`", " ", text)  # quoted: names and values
    text = re.sub(r"<[^<>\n]*>|\{[^{}\n]*\}|\[[^\[\]\n]*\]", " ", text)  # usage syntax and types
    found = []
    for token in re.split(r"\s+", text):
        token = token.strip(".,;:!?()…—–-")
        if not token or re.search(r"[/\\._=$@#%0-9]", token):
            continue  # paths, file names, numbers
        for word in re.findall(r"[A-Za-z]+", token):
            if word.lower() in ENGLISH and word.lower() not in KEPT:
                found.append(word)
    return found


#: The input files' column names: an API, spared where they stand alone (a table cell, a sheet's header).
COLUMN_NAMES = "unit_id|code|name|group|ranked|score|note|max_points|guidance|method|source"


def folder_data(folder: Path) -> frozenset[str]:
    """Every data cell of the folder's input files (headers excluded): user data, shown as typed."""
    cells: set[str] = set()
    for path in folder.rglob("*"):
        if path.suffix.lower() in (".csv", ".toml"):
            try:
                lines = path.read_text(encoding="utf-8-sig").splitlines()
            except UnicodeDecodeError:
                continue
            for line in lines[1:] if path.suffix.lower() == ".csv" else lines:
                for cell in re.split(r"[,;\t]|=", line):
                    cell = cell.strip().strip('"').strip()
                    if len(cell) > 2 and cell.casefold() not in ENGLISH:
                        cells.add(cell)
    return frozenset(cells)


def html_text(path: Path) -> str:
    page = path.read_text(encoding="utf-8")
    page = re.sub(r"(?s)<style.*?</style>|<svg.*?</svg>", " ", page)
    return html.unescape(re.sub(r"<[^>]+>", "\n", page))


def workbook_text(path: Path) -> str:
    book = load_workbook(path)
    parts = list(book.sheetnames)
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            parts += [str(v) for v in row if isinstance(v, str)]
        for row in sheet.iter_rows():
            parts += [cell.comment.text for cell in row if cell.comment is not None]
        parts += [dv.error or "" for dv in sheet.data_validations.dataValidation]
        parts += [
            f"{dv.errorTitle or ''} {dv.promptTitle or ''} {dv.prompt or ''}"
            for dv in sheet.data_validations.dataValidation
        ]
    return "\n".join(parts)


def assert_vietnamese(label: str, text: str, user_data: frozenset[str] = frozenset()) -> None:
    leaks = english_words(text, user_data)
    assert leaks == [], f"{label}: English words {sorted(set(leaks))} in:\n{text[:3000]}"


def test_the_english_detector_finds_english_and_spares_the_rest():
    assert english_words("Wrote ket-qua.html") == ["Wrote"]
    assert english_words("Usage error: --group is required") == ["Usage", "error", "is", "required"]
    assert english_words("Đã ghi ket-qua.html; mã missing-file ở cột 'score' (--format json)") == []
    assert english_words("Không tìm thấy tệp: survey.csv (or survey.xlsx) in dien-bien-2024") == ["or"]
    # a table cell is no excuse:
    assert english_words("│ error    │ unknown-unit  │ Mã đơn vị 'C' không có │") == ["error"]
    assert english_words("Dòng 2, cột score: Điểm 2.5 không nằm trong khoảng") == []  # the header as written
    assert english_words("│ lỗi │ an error here │") == ["error"]
    assert english_words("Lệnh:\n  score     Chấm điểm\nXem 'parindex score -h'; parindex score") == []
    assert english_words("the score") == ["the", "score"]
    assert english_words("│ 5   │ score   │ Điểm\nscore\nnote") == []  # column names as cells


COMMANDS = ("validate", "score", "explain", "compare")


@pytest.mark.parametrize("folder", BROKEN, ids=[p.name for p in BROKEN])
def test_no_english_in_vietnamese_output_of_broken_folders(folder: Path):
    data = folder_data(folder)
    for args in (
        ("validate", folder),
        ("validate", folder, "--format", "json"),
        ("score", folder),
        ("explain", folder, "A"),
        ("compare", folder, "--previous", folder),
    ):
        code, output = run(*args)
        assert code in (0, 1, 2), (args, output)
        assert_vietnamese(" ".join(map(str, args[:1] + args[2:])), output, data)


def test_no_english_in_vietnamese_output_of_the_examples(tmp_path: Path):
    data = folder_data(EXAMPLE) | folder_data(PREVIOUS)
    for args in (
        ("validate", EXAMPLE),
        ("score", EXAMPLE),
        ("score", EXAMPLE, "--format", "json"),
        ("criteria",),
        ("criteria", "--group", "huyen"),
        ("compare", EXAMPLE, "--previous", PREVIOUS),
        ("compare", EXAMPLE, "--previous", PREVIOUS, "--format", "json"),
        ("explain", EXAMPLE, "SNV"),
        ("explain", EXAMPLE, "SNV", "--format", "json"),
    ):
        code, output = run(*args)
        assert code == 0, (args, output)
        assert_vietnamese(str(args), output, data)
    code, output = run("report", EXAMPLE, "--html", tmp_path / "r.html", "--previous", PREVIOUS)
    assert code == 0, output
    assert_vietnamese("report", output + html_text(tmp_path / "r.html"), data)
    code, output = run("export", EXAMPLE, "--xlsx", tmp_path / "r.xlsx")
    assert code == 0, output
    assert_vietnamese("export", output + workbook_text(tmp_path / "r.xlsx"), data)
    code, output = run("template", EXAMPLE, "--unit", "SNV", "--out", tmp_path / "t.xlsx")
    assert code == 0, output
    assert_vietnamese("template", output + workbook_text(tmp_path / "t.xlsx"), data)


def test_no_english_in_vietnamese_help_and_usage_errors(tmp_path: Path):
    missing = tmp_path / "no-such-folder"
    cases = [("--help",), ()]
    cases += [
        (name, "--help")
        for name in ("init", "score", "validate", "criteria", "compare", "report", "explain", "export", "template")
    ]
    cases += [
        ("score", missing),
        ("score", EXAMPLE / "units.csv"),
        ("score", EXAMPLE, "--bogus"),
        ("score", EXAMPLE, "--format", "xml"),
        ("score", EXAMPLE, "--out", tmp_path / "x.csv"),
        ("score",),
        ("scor", EXAMPLE),
        ("explain", EXAMPLE, "ZZZ"),
        ("compare", EXAMPLE),
        ("compare", EXAMPLE, "--previous", missing),
        ("compare", EXAMPLE, "--previous", EXAMPLE),
        ("export", EXAMPLE, "--xlsx", tmp_path / "x.txt"),
        ("criteria", "--group", "xa"),
        ("criteria", "no-such-framework"),
        ("template", "--out", tmp_path / "t.xlsx"),
        ("template", "--group", "so", "--out", tmp_path / "t.txt"),
        ("template", EXAMPLE, "--unit", "ZZZ", "--out", tmp_path / "t.xlsx"),
        ("template", EXAMPLE, "--unit", "SNV", "--group", "huyen", "--out", tmp_path / "t.xlsx"),
        ("report", EXAMPLE, "--html", EXAMPLE / "units.csv"),
        ("init", EXAMPLE),
        ("init", tmp_path / "new", "--framework", "nope"),
        ("init", tmp_path / "new", "--year", "99"),
        ("template", EXAMPLE, "--out", tmp_path / "d/", "--unit", "SNV"),
        ("template", "--out", tmp_path / "d/"),
        ("score", tmp_path / ("x" * 5000)),  # a name the system will not look up (it said "folder …")
        ("init", tmp_path / ("x" * 5000)),
        ("compare", EXAMPLE, "--previous", tmp_path / ("x" * 5000)),
    ]
    data = folder_data(EXAMPLE)
    for args in cases:
        code, output = run(*args)
        assert code in (0, 1, 2), (args, output)
        assert_vietnamese(str(args), output, data)


def _hostile_cases() -> list:
    import importlib
    import pkgutil

    import hostile

    cases = []
    for module in pkgutil.iter_modules(hostile.__path__):
        if module.name.startswith("cases_"):
            cases += importlib.import_module(f"hostile.{module.name}").CASES
    return sorted(cases, key=lambda case: case.name)


HOSTILE = _hostile_cases()


@pytest.mark.parametrize("case", HOSTILE, ids=[case.name for case in HOSTILE])
def test_no_english_in_vietnamese_reports_of_hostile_cases(case, tmp_path: Path):
    """The validation report of every hostile case (tests/hostile/cases_*.py), in Vietnamese."""
    folder = case.build(tmp_path / "case")
    data = folder_data(folder)
    for args in (("validate", folder), ("validate", folder, "--format", "json"), ("score", folder)):
        code, output = run(*args)
        assert code in (0, 1, 2), output  # the exit codes are test_hostile's to check
        assert_vietnamese(f"{case.name}: {args[0]}", output, data)
