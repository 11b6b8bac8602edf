"""Output cases (issue 15, items 5 and 6): texts that start like formulas, special and refused outputs."""

from __future__ import annotations

from pathlib import Path

from conftest import MINI_APPRAISAL, MINI_CRITERIA, MINI_SELF, write_folder
from hostile.case import Case

#: Every text a user controls, starting like a formula: ids, names, notes, the framework's texts.
FORMULA_UNITS = 'unit_id,name,group,ranked\nA,"=HYPERLINK(""http://x"",""y"")",so,yes\n@B,+Bình,so,yes\n'
FORMULA_BANDS = '\nbands = [{min = 82, label = "=Tốt"}, {min = 0, label = "-Khá"}]\n'


def build_formula_folder(root: Path) -> Path:
    """The mini folder with formula-looking texts everywhere, including `year = "=1+2"`."""
    criteria = (
        MINI_CRITERIA.replace("Ban hành kế hoạch", "=SUM(1)")
        .replace("Công khai TTHC", "-Công khai")
        .replace("2,Thủ tục hành chính", "2,+Thủ tục")
        .replace("1,Chỉ đạo điều hành", "1,@Chỉ đạo")
    )
    self_assessment = MINI_SELF.replace("\nB,", "\n@B,")
    self_assessment = self_assessment.replace("A,1.2,3,", "A,1.2,3,+ghi chú")
    appraisal = MINI_APPRAISAL.replace("Thiếu tài liệu kiểm chứng", "\"=cmd|' /C calc'!A0\"")
    survey = "unit_id,code,score\nA,1.3,2.4\nA,2.2,3.2\n@B,1.3,3\n@B,2.2,2\n"
    folder = write_folder(
        root,
        criteria=criteria,
        units=FORMULA_UNITS,
        self_assessment=self_assessment,
        appraisal=appraisal,
        survey=survey,
        bands=FORMULA_BANDS,
    )
    toml = folder / "framework" / "framework.toml"
    text = toml.read_text(encoding="utf-8")
    for old, new in (
        ('title = "Mini test framework"', 'title = "=T"'),
        ('decision = "test"', 'decision = "-QĐ"'),
        ('provenance = "Hand-written test fixture."', 'provenance = "@P"'),
        ('name = "Sở, ban, ngành"', 'name = "=Sở"'),
    ):
        assert old in text, old
        text = text.replace(old, new)
    toml.write_text(text, encoding="utf-8")
    (folder / "parindex.toml").write_text('year = "=1+2"\nframework = "framework"\n', encoding="utf-8")
    return folder


SPECIAL_OUTPUTS: tuple[tuple[str, ...], ...] = (
    ("score", "{folder}", "--format", "csv", "--out", "/dev/null"),
    ("explain", "{folder}", "A", "--format", "json", "--out", "/dev/null"),
    ("report", "{folder}", "--html", "/dev/null"),
    ("export", "{folder}", "--xlsx", "/dev/null"),
)
FUTURE_INPUTS: tuple[tuple[str, ...], ...] = (
    ("score", "{folder}", "--format", "csv", "--out", "{folder}/appraisal.csv"),
    ("score", "{folder}", "--format", "json", "--out", "{folder}/units.xlsx"),
    ("explain", "{folder}", "A", "--format", "csv", "--out", "{folder}/survey.txt"),
    ("compare", "{folder}", "--previous", "{previous}", "--format", "csv", "--out", "{folder}/Appraisal.CSV"),
    ("export", "{folder}", "--xlsx", "{folder}/self-assessment.xlsx"),
    ("report", "{folder}", "--html", "{folder}/parindex.toml"),
)

CASES = [
    Case("formula-texts-everywhere", build_formula_folder, exit_code=0, first_code=None),
    Case("output-to-dev-null", lambda root: write_folder(root), 0, None, commands=SPECIAL_OUTPUTS),
    Case(
        "output-would-become-an-input",
        lambda root: write_folder(root, appraisal=None),
        exit_code=2,
        first_code=None,
        commands=FUTURE_INPUTS,
        says=("Usage error",),
    ),
]
