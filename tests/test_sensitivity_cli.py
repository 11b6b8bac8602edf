"""`parindex sensitivity` on the command line, `report --sensitivity`, and both in Vietnamese."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from typer.testing import CliRunner

from conftest import EXAMPLE, invoke, write_folder
from parindex.assessment import load_assessment
from parindex.cli import app
from parindex.sensitivity import ROW_KEYS, Options, analyse_sensitivity, sensitivity_to_dict
from test_i18n import assert_vietnamese, folder_data, html_text
from test_sensitivity import swap_folder

FEW = ("--runs", "300", "--seed", "5")


def run_vi(*args: str | Path) -> tuple[int, str]:
    """Exit code and output with no language set: Vietnamese, the default."""
    result = CliRunner().invoke(app, [str(a) for a in args], env={"COLUMNS": "200", "PARINDEX_LANG": None})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def test_json_is_what_the_library_returns(runner: CliRunner):
    result = invoke(runner, "sensitivity", EXAMPLE, *FEW, "--format", "json")
    assert result.exit_code == 0, result.output
    expected = sensitivity_to_dict(analyse_sensitivity(load_assessment(EXAMPLE), Options(runs=300, seed=5)), "en")
    assert json.loads(result.stdout) == json.loads(json.dumps(expected))


def test_csv_has_the_issue_s_keys_and_the_json_s_values(runner: CliRunner, tmp_path: Path):
    out = tmp_path / "s.csv"
    result = invoke(runner, "sensitivity", swap_folder(tmp_path / "swap"), *FEW, "-f", "csv", "--out", out)
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert (
        tuple(rows[0])
        == ROW_KEYS
        == (
            "group",
            "unit_id",
            "name",
            "rank",
            "rank_median",
            "rank_p05",
            "rank_p95",
            "same_rank_share",
            "top3_share",
            "rank_if_reverted",
            "index_if_reverted",
            "points_to_next_place",
            "points_ahead_of_next",
        )
    )
    a = next(row for row in rows if row["unit_id"] == "A")
    assert (a["rank"], a["rank_if_reverted"], a["index_if_reverted"]) == ("2", "1", "90.00")
    assert (a["points_to_next_place"], a["points_ahead_of_next"]) == ("0.50", "3.01")
    assert float(a["same_rank_share"]) <= 1 and len(a["same_rank_share"].split(".")[1]) == 4


def test_an_unranked_unit_has_null_ranks(runner: CliRunner, tmp_path: Path):
    units = "unit_id,name,group,ranked\nA,Sở An,so,yes\nB,Sở Bình,so,no\n"
    folder = write_folder(tmp_path / "f", units=units)
    result = invoke(runner, "sensitivity", folder, *FEW, "--format", "json")
    rows = {row["unit_id"]: row for row in json.loads(result.stdout)["rows"]}
    assert rows["B"]["rank"] is None
    assert all(rows["B"][key] is None for key in ROW_KEYS[3:10] + ROW_KEYS[11:])
    assert rows["B"]["index_if_reverted"] == 80.0  # no change to revert: 16 of 20, its index as score gives it
    # A alone in the ranking: always first, nothing to reach, nobody below
    assert (rows["A"]["rank_p05"], rows["A"]["rank_p95"], rows["A"]["top3_share"]) == (1, 1, 1.0)
    assert (rows["A"]["points_to_next_place"], rows["A"]["points_ahead_of_next"]) == (None, None)


def test_the_table_in_english_and_in_vietnamese(runner: CliRunner, tmp_path: Path):
    folder = swap_folder(tmp_path / "swap")
    result = invoke(runner, "sensitivity", folder, *FEW)
    assert result.exit_code == 0, result.output
    for text in (
        "how sure each rank is (300 runs)",
        "Single changes of the council whose reversal alone changes a rank",
        "2.1 Công khai TTHC",
        "Council: Thiếu tài liệu kiểm chứng",
        "80.00 → 90.00",
        "2 → 1",
        "300 runs, seed 5",
    ):
        assert text in result.output, text
    code, output = run_vi("sensitivity", folder, *FEW)
    assert code == 0
    assert "độ chắc chắn của thứ hạng (300 lần mô phỏng)" in output
    assert "80,00 → 90,00" in output
    assert_vietnamese("sensitivity", output, folder_data(folder))


def test_no_english_in_vietnamese_output_of_the_example(tmp_path: Path):
    data = folder_data(EXAMPLE)
    for args in (("sensitivity", EXAMPLE, *FEW), ("sensitivity", EXAMPLE, *FEW, "--format", "json")):
        code, output = run_vi(*args)
        assert code == 0, output
        assert_vietnamese(str(args), output, data)
    code, output = run_vi("sensitivity", "--help")
    assert code == 0 and "--survey-margin" in output
    assert_vietnamese("help", output)
    code, output = run_vi("report", EXAMPLE, "--html", tmp_path / "r.html", "--sensitivity")
    assert code == 0, output
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert page.count('aria-label="Độ chắc chắn của thứ hạng — ') == 2
    assert_vietnamese("report", output + html_text(tmp_path / "r.html"), data)


def test_report_sensitivity_chart_in_english(runner: CliRunner, tmp_path: Path):
    folder = swap_folder(tmp_path / "swap")
    out = tmp_path / "r.html"
    result = invoke(runner, "report", folder, "--html", out, "--sensitivity")
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert '<svg class="chart" role="img" aria-label="How sure each rank is — Sở, ban, ngành"' in page
    assert "the dot is its median rank and the red mark its published rank. 10,000 runs, seed 0:" in page
    plain = invoke(runner, "report", folder, "--html", tmp_path / "plain.html")
    assert plain.exit_code == 0
    assert "How sure each rank is" not in (tmp_path / "plain.html").read_text(encoding="utf-8")


def test_bad_options_are_usage_errors(runner: CliRunner, tmp_path: Path):
    for args, said in (
        (("--runs", "0"), "--runs takes a whole number from 1 to 100000, not '0'."),
        (("--runs", "abc"), "--runs takes a whole number from 1 to 100000, not 'abc'."),
        (("--runs", "100001"), "--runs takes a whole number from 1 to 100000, not '100001'."),
        (("--seed", "-1"), "--seed takes a whole number from 0 to"),
        (("--survey-margin", "101"), "--survey-margin takes a number from 0 to 100 (%), not '101'."),
        (("--weight-spread", "95"), "--weight-spread takes a number from 0 to 90 (%), not '95'."),
        (("--out", tmp_path / "x.txt"), "--out needs --format csv or --format json."),
    ):
        result = invoke(runner, "sensitivity", EXAMPLE, *args)
        assert result.exit_code == 2, (args, result.output)
        assert said in result.output, result.output
    code, output = run_vi("sensitivity", EXAMPLE, "--survey-margin", "x")
    assert code == 2 and "--survey-margin nhận một số từ 0 đến 100 (%), không nhận 'x'." in output


def test_a_decimal_comma_margin_and_the_weights(runner: CliRunner):
    result = invoke(runner, "sensitivity", EXAMPLE, *FEW, "-m", "2,5", "-w", "10", "-f", "json")
    document = json.loads(result.stdout)
    assert (document["survey_margin"], document["weight_spread"]) == (2.5, 10.0)
    assert "± 2.5 % of its maximum" in document["method"] and "within ± 10 %" in document["method"]


def test_outputs_are_written_like_every_other(runner: CliRunner, tmp_path: Path):
    # an invalid folder: the validation report, exit 1, nothing written
    broken = write_folder(tmp_path / "broken", self_assessment="unit_id,code,score\nA,1.2,ba\n")
    out = tmp_path / "s.json"
    result = invoke(runner, "sensitivity", broken, "--format", "json", "--out", out)
    assert result.exit_code == 1
    assert json.loads(result.stdout)["valid"] is False and not out.exists()
    # a folder that does not exist, an output into a missing folder, over an input: usage errors
    assert invoke(runner, "sensitivity", tmp_path / "nowhere").exit_code == 2
    assert invoke(runner, "sensitivity", EXAMPLE, *FEW, "-f", "csv", "--out", tmp_path / "no" / "s.csv").exit_code == 2
    folder = swap_folder(tmp_path / "swap")
    before = (folder / "units.csv").read_bytes()
    result = invoke(runner, "sensitivity", folder, *FEW, "-f", "csv", "--out", folder / "units.csv")
    assert result.exit_code == 2 and (folder / "units.csv").read_bytes() == before
    result = invoke(runner, "sensitivity", folder, *FEW, "-f", "json", "--out", out)
    assert result.exit_code == 0 and f"Wrote {out}" in result.output
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []


def test_the_readme_example_is_the_real_output(runner: CliRunner):
    """Every line of the README's excerpt is in `parindex sensitivity examples/lai-chau-2023 --lang en` (a rule
    line may be a part of a wider one: the excerpt leaves rows out)."""
    readme = (EXAMPLE.parents[1] / "README.md").read_text(encoding="utf-8")
    start = readme.index("On the example (`parindex sensitivity examples/lai-chau-2023 --lang en`, excerpt):")
    block = readme[readme.index("```text\n", start) + 8 :]
    block = block[: block.index("```")]
    result = CliRunner().invoke(app, ["sensitivity", str(EXAMPLE), "--lang", "en"], env={"COLUMNS": "160"})
    assert result.exit_code == 0, result.output
    printed = "\n".join(line.rstrip() for line in result.stdout.splitlines())
    excerpt = [line.rstrip() for line in block.splitlines() if line.strip() not in ("", "…")]
    assert len(excerpt) > 30
    assert [line for line in excerpt if line not in printed] == []


def test_a_large_group_gets_one_bar_per_unit_instead_of_a_row(runner: CliRunner, tmp_path: Path):
    """More than 80 ranked units: a row each would make the chart metres tall."""
    n = 90
    units = "unit_id,name,group\n" + "".join(f"U{i:03d},Đơn vị {i},so\n" for i in range(n))
    own = "unit_id,code,score\n" + "".join(
        f"U{i:03d},1.1.1,2\nU{i:03d},1.1.2,{i % 5 / 2}\nU{i:03d},1.2,3\nU{i:03d},2.1,{i % 7}\n" for i in range(n)
    )
    survey = "unit_id,code,score\n" + "".join(f"U{i:03d},1.3,{i % 4 / 2}\nU{i:03d},2.2,3\n" for i in range(n))
    folder = write_folder(tmp_path / "f", units=units, self_assessment=own, appraisal=None, survey=survey)
    out = tmp_path / "r.html"
    result = invoke(runner, "report", folder, "--html", out, "--sensitivity")
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert f"{n} ranked units: each unit is a vertical bar at its published rank" in page
