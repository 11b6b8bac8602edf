"""Regenerate the ILLUSTRATIVE example folders (lai-chau-2022, lai-chau-2023).

The 2022 and 2023 published scores of Lai Châu could not be obtained, so the example scores are
made up: drawn from a seeded random generator in the shapes real scoring rules give (tiers of a
sub-criterion's maximum; survey points as a share of the maximum). Unit names are real. The
script documents exactly how the numbers were made; it is not used by parindex itself.

    python examples/generate_illustrative.py
"""

from __future__ import annotations

import csv
import random
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).parent
CRITERIA = HERE.parent / "criteria" / "lai-chau-1726-2022"

DEPARTMENTS = [
    ("SNV", "Sở Nội vụ"),
    ("STP", "Sở Tư pháp"),
    ("SKHDT", "Sở Kế hoạch và Đầu tư"),
    ("STC", "Sở Tài chính"),
    ("SCT", "Sở Công Thương"),
    ("SNNPTNT", "Sở Nông nghiệp và Phát triển nông thôn"),
    ("SGTVT", "Sở Giao thông vận tải"),
    ("SXD", "Sở Xây dựng"),
    ("STNMT", "Sở Tài nguyên và Môi trường"),
    ("STTTT", "Sở Thông tin và Truyền thông"),
    ("SLDTBXH", "Sở Lao động - Thương binh và Xã hội"),
    ("SVHTTDL", "Sở Văn hóa, Thể thao và Du lịch"),
    ("SKHCN", "Sở Khoa học và Công nghệ"),
    ("SGDDT", "Sở Giáo dục và Đào tạo"),
    ("SYT", "Sở Y tế"),
    ("SNGV", "Sở Ngoại vụ"),
    ("TTT", "Thanh tra tỉnh"),
    ("VPUBND", "Văn phòng UBND tỉnh"),
    ("BDT", "Ban Dân tộc"),
    ("BQLKKT", "Ban Quản lý Khu kinh tế"),
]
DISTRICTS = [
    ("105", "Thành phố Lai Châu"),
    ("106", "Huyện Tam Đường"),
    ("107", "Huyện Mường Tè"),
    ("108", "Huyện Sìn Hồ"),
    ("109", "Huyện Phong Thổ"),
    ("110", "Huyện Than Uyên"),
    ("111", "Huyện Tân Uyên"),
    ("112", "Huyện Nậm Nhùn"),
]
UNRANKED = {"BQLKKT"}  # illustrative: assessed but not ranked
REASONS = [
    "Thiếu tài liệu kiểm chứng",
    "Tài liệu kiểm chứng không đúng nội dung tiêu chí",
    "Ban hành chậm so với thời hạn quy định",
    "Tỷ lệ thực tế thấp hơn số liệu tự đánh giá",
    "Bổ sung tài liệu kiểm chứng sau giải trình",
]
TIERS = [Decimal(1)] * 6 + [Decimal("0.75"), Decimal("0.5"), Decimal("0.5"), Decimal(0)]


def leaves(group: str) -> list[dict[str, str]]:
    with (CRITERIA / f"{group}.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    codes = {r["code"] for r in rows}
    return [r for r in rows if not any(c.startswith(r["code"] + ".") for c in codes)]


def points(value: Decimal) -> str:
    text = f"{value.quantize(Decimal('0.001')).normalize():f}"
    return text


def generate(year: int, seed: int) -> None:
    rng = random.Random(seed)
    folder = HERE / f"lai-chau-{year}"
    folder.mkdir(exist_ok=True)
    (folder / "parindex.toml").write_text(
        f"# ILLUSTRATIVE scores, not the published {year} results (see README.md).\n"
        f'year = {year}\nframework = "lai-chau-1726-2022"\n',
        encoding="utf-8",
    )
    units = [(uid, name, "so") for uid, name in DEPARTMENTS] + [(uid, name, "huyen") for uid, name in DISTRICTS]
    self_rows, appraisal_rows, survey_rows = [], [], []
    for uid, _name, group in units:
        strength = Decimal(rng.randint(70, 95)) / 100
        for leaf in leaves(group):
            maximum = Decimal(leaf["max_points"])
            if leaf["method"] == "survey":
                share = min(Decimal(1), strength + Decimal(rng.randint(-8, 6)) / 100)
                survey_rows.append([uid, leaf["code"], points(maximum * share)])
                continue
            tier = rng.choice(TIERS) if rng.random() > float(strength) - 0.1 else Decimal(1)
            self_score = maximum * tier
            if uid == "SNGV" and leaf["code"].startswith("2.1."):
                self_rows.append([uid, leaf["code"], "N/A", "Sở không chủ trì xây dựng VBQPPL trong năm"])
                continue
            self_rows.append([uid, leaf["code"], points(self_score), ""])
            if self_score > 0 and rng.random() < 0.18:
                lowered = maximum * rng.choice([Decimal("0.5")] * 6 + [Decimal("0.75")] * 6 + [Decimal(0)])
                if lowered < self_score:
                    appraisal_rows.append([uid, leaf["code"], points(lowered), rng.choice(REASONS)])
            elif self_score < maximum and rng.random() < 0.05:
                appraisal_rows.append([uid, leaf["code"], points(maximum), REASONS[-1]])
    write(
        folder / "units.csv",
        ["unit_id", "name", "group", "ranked"],
        [[uid, name, group, "no" if uid in UNRANKED else "yes"] for uid, name, group in units],
    )
    write(folder / "self-assessment.csv", ["unit_id", "code", "score", "note"], self_rows)
    write(folder / "appraisal.csv", ["unit_id", "code", "score", "note"], appraisal_rows)
    write(folder / "survey.csv", ["unit_id", "code", "score"], survey_rows)


def make_tie(folder: Path, source: str, target: str) -> None:
    """Give TARGET the scores of SOURCE so the example shows two units sharing a rank."""
    for name in ("self-assessment.csv", "appraisal.csv", "survey.csv"):
        with (folder / name).open(encoding="utf-8") as handle:
            reader = csv.reader(handle)
            header = next(reader)
            rows = [r for r in reader if r[0] != target]
        copies = [[target, *r[1:]] for r in rows if r[0] == source]
        write(folder / name, header, rows + copies)


def write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


if __name__ == "__main__":
    generate(2022, seed=2022)
    generate(2023, seed=2023)
    make_tie(HERE / "lai-chau-2023", source="STP", target="SCT")
    make_tie(HERE / "lai-chau-2023", source="108", target="111")
