"""Annex tables typed as in a provincial decision, one per numbering style, and writers for them.

Each table is a list of rows of cells as the officer typed them (title rows above the header, a
points cell "0,5" or "2 điểm", levels "a) …: 1" in the text or in the points column). The writers
save a table as the office saves it: CSV from Vietnamese Excel (';', UTF-8 with BOM), an .xlsx with
numbers stored as numbers, a .docx whose annex table follows the decision's layout table.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

TITLE = [
    ["UBND TỈNH LAI CHÂU", "", "", "", "", ""],
    ["PHỤ LỤC I", "", "", "", "", ""],
    ["BỘ CHỈ SỐ ĐÁNH GIÁ CẢI CÁCH HÀNH CHÍNH CÁC SỞ, BAN, NGÀNH", "", "", "", "", ""],
    ["(Kèm theo Quyết định số 99/QĐ-UBND ngày 15/01/2024)", "", "", "", "", ""],
]

#: Roman domains, Arabic criteria restarting in each domain, dotted sub-criteria, a) levels in the text
#: or with their points in the points column, a survey column, a bonus and a penalty domain, the total.
ROMAN = TITLE + [
    [
        "STT",
        "Lĩnh vực/Tiêu chí/Tiêu chí thành phần",
        "Điểm tối đa",
        "Điều tra XHH",
        "Hướng dẫn/Ghi chú",
        "Tài liệu kiểm chứng",
    ],
    ["I", "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CCHC", "6", "", "", ""],
    ["1", "Kế hoạch CCHC năm", "3", "", "", ""],
    ["1.1", "Ban hành kế hoạch đúng thời hạn", "1", "", "Kế hoạch ban hành trước 31/12", "Kế hoạch"],
    ["", "a) Ban hành đúng hạn: 1", "", "", "", ""],
    ["", "b) Ban hành chậm: 0,5", "", "", "", ""],
    ["1.2", "Mức độ hoàn thành kế hoạch", "2", "", "", "Báo cáo"],
    ["a)", "Hoàn thành 100%", "2", "", "", ""],
    ["b)", "Hoàn thành từ 80% đến dưới 100%", "1,5", "", "", ""],
    ["c)", "Dưới 80%", "0", "", "", ""],
    ["2", "Báo cáo CCHC định kỳ", "1,5", "", "", ""],
    ["3", "Mức độ hài lòng về công tác chỉ đạo", "1,5", "x", "", ""],
    ["II", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH", "4", "", "", ""],
    ["1", "Công khai thủ tục hành chính", "2,5", "", "", ""],
    ["2", "Sự hài lòng của người dân", "1,5", "x", "", ""],
    ["III", "ĐIỂM THƯỞNG", "1", "", "", ""],
    ["1", "Sáng kiến CCHC được công nhận", "1", "", "", ""],
    ["IV", "ĐIỂM TRỪ", "2", "", "", ""],
    ["1", "Để xảy ra sai phạm trong giải quyết thủ tục hành chính", "2", "", "", ""],
    ["", "TỔNG CỘNG", "10", "", "", ""],
]

#: What ROMAN imports into: (code, label, name, max_points, method, levels, guidance) per node.
ROMAN_EXPECTED = [
    ("1", "I", "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CCHC", "6", "", "", ""),
    ("1.1", "1", "Kế hoạch CCHC năm", "3", "", "", ""),
    (
        "1.1.1",
        "1.1",
        "Ban hành kế hoạch đúng thời hạn",
        "1",
        "appraisal",
        "0;0.5;1",
        "Kế hoạch ban hành trước 31/12; a) Ban hành đúng hạn: 1; b) Ban hành chậm: 0,5",
    ),
    (
        "1.1.2",
        "1.2",
        "Mức độ hoàn thành kế hoạch",
        "2",
        "appraisal",
        "0;1.5;2",
        "a) Hoàn thành 100%: 2; b) Hoàn thành từ 80% đến dưới 100%: 1,5; c) Dưới 80%: 0",
    ),
    ("1.2", "2", "Báo cáo CCHC định kỳ", "1.5", "appraisal", "", ""),
    ("1.3", "3", "Mức độ hài lòng về công tác chỉ đạo", "1.5", "survey", "", ""),
    ("2", "II", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH", "4", "", "", ""),
    ("2.1", "1", "Công khai thủ tục hành chính", "2.5", "appraisal", "", ""),
    ("2.2", "2", "Sự hài lòng của người dân", "1.5", "survey", "", ""),
    ("3", "III", "ĐIỂM THƯỞNG", "1", "", "", ""),
    ("3.1", "1", "Sáng kiến CCHC được công nhận", "1", "bonus", "", ""),
    ("4", "IV", "ĐIỂM TRỪ", "2", "", "", ""),
    ("4.1", "1", "Để xảy ra sai phạm trong giải quyết thủ tục hành chính", "2", "penalty", "", ""),
]
#: The annex row (as the spreadsheet numbers it) of each node of ROMAN_EXPECTED.
ROMAN_ROWS = [6, 7, 8, 11, 15, 16, 17, 18, 19, 20, 21, 22, 23]

#: Roman domains written "I.", criteria numbered 1. 2. 3. running on through the domains, dotted "3.1.",
#: a method column, "-" bullet levels, "Điểm cộng", a penalty typed negative, no title rows.
RUNNING = [
    ["STT", "Nội dung", "Điểm chuẩn", "Hình thức đánh giá", "Ghi chú"],
    ["I.", "Cải cách thể chế", "5", "", ""],
    ["1.", "Ban hành văn bản quy phạm pháp luật", "3", "Thẩm định", ""],
    ["2.", "Theo dõi thi hành pháp luật", "2", "Thẩm định", ""],
    ["II.", "Tác động của cải cách hành chính", "5", "", ""],
    ["3.", "Sự hài lòng của tổ chức, cá nhân", "5", "", ""],
    ["3.1.", "Hài lòng về thủ tục hành chính", "2,5", "Điều tra XHH", ""],
    ["3.2.", "Hài lòng về công chức", "2,5", "Điều tra XHH", "Phiếu khảo sát"],
    ["", "- Trên 90% hài lòng: 2,5", "", "", ""],
    ["", "- Dưới 90% hài lòng: 1", "", "", ""],
    ["III.", "Điểm cộng", "2", "", ""],
    ["4.", "Có mô hình mới được nhân rộng", "2", "Thẩm định", ""],
    ["IV.", "Điểm trừ", "1", "", ""],
    ["5.", "Chậm gửi báo cáo CCHC", "-1", "Thẩm định", ""],
    ["", "Tổng số điểm", "10", "", ""],
]
RUNNING_EXPECTED = [
    ("1", "I.", "Cải cách thể chế", "5", "", "", ""),
    ("1.1", "1.", "Ban hành văn bản quy phạm pháp luật", "3", "appraisal", "", ""),
    ("1.2", "2.", "Theo dõi thi hành pháp luật", "2", "appraisal", "", ""),
    ("2", "II.", "Tác động của cải cách hành chính", "5", "", "", ""),
    ("2.1", "3.", "Sự hài lòng của tổ chức, cá nhân", "5", "", "", ""),
    ("2.1.1", "3.1.", "Hài lòng về thủ tục hành chính", "2.5", "survey", "", ""),
    (
        "2.1.2",
        "3.2.",
        "Hài lòng về công chức",
        "2.5",
        "survey",
        "0;1;2.5",
        "Phiếu khảo sát; Trên 90% hài lòng: 2,5; Dưới 90% hài lòng: 1",
    ),
    ("3", "III.", "Điểm cộng", "2", "", "", ""),
    ("3.1", "4.", "Có mô hình mới được nhân rộng", "2", "bonus", "", ""),
    ("4", "IV.", "Điểm trừ", "1", "", "", ""),
    ("4.1", "5.", "Chậm gửi báo cáo CCHC", "1", "penalty", "", ""),
]

#: No STT column: "1." domains, "1.1." criteria and "a)" levels at the start of the text, points written
#: "4 điểm" or in the level's text "(2 điểm)", survey criteria marked "(ĐTXHH)" (--survey-mark).
DOTTED_TEXT = [
    ["Tiêu chí", "Điểm tối đa", "Tài liệu kiểm chứng"],
    ["1. Công tác chỉ đạo, điều hành", "4 điểm", ""],
    ["1.1. Kế hoạch cải cách hành chính", "2 điểm", "Kế hoạch"],
    ["a) Ban hành đúng hạn (2 điểm)", "", ""],
    ["b) Ban hành chậm (1 điểm)", "", ""],
    ["1.2. Tuyên truyền cải cách hành chính", "2", ""],
    ["2. Tác động của cải cách hành chính (ĐTXHH)", "6", ""],
    ["2.1. Mức độ hài lòng của người dân", "3,5", ""],
    ["2.2. Mức độ hài lòng của doanh nghiệp", "2,5", ""],
    ["3. Điểm thưởng", "1,5", ""],
    ["3.1. Sáng kiến được công nhận", "1,5", ""],
]
DOTTED_TEXT_EXPECTED = [
    ("1", "1.", "Công tác chỉ đạo, điều hành", "4", "", "", ""),
    (
        "1.1",
        "1.1.",
        "Kế hoạch cải cách hành chính",
        "2",
        "appraisal",
        "0;1;2",
        "a) Ban hành đúng hạn (2 điểm); b) Ban hành chậm (1 điểm)",
    ),
    ("1.2", "1.2.", "Tuyên truyền cải cách hành chính", "2", "appraisal", "", ""),
    ("2", "2.", "Tác động của cải cách hành chính", "6", "", "", ""),
    ("2.1", "2.1.", "Mức độ hài lòng của người dân", "3.5", "survey", "", ""),
    ("2.2", "2.2.", "Mức độ hài lòng của doanh nghiệp", "2.5", "survey", "", ""),
    ("3", "3.", "Điểm thưởng", "1.5", "", "", ""),
    ("3.1", "3.1.", "Sáng kiến được công nhận", "1.5", "bonus", "", ""),
]

#: The hand-written mini framework of conftest (MINI_CRITERIA) as a province would publish it: no levels,
#: no bonus or penalty, survey criteria marked in their column. Imported, it must score like the original.
MINI_ANNEX = [
    ["STT", "Lĩnh vực, tiêu chí", "Điểm tối đa", "Điều tra XHH"],
    ["I", "Chỉ đạo điều hành", "10", ""],
    ["1", "Kế hoạch CCHC", "4", ""],
    ["1.1", "Ban hành kế hoạch", "2", ""],
    ["1.2", "Thực hiện kế hoạch", "2", ""],
    ["2", "Báo cáo CCHC", "3", ""],
    ["3", "Khảo sát chỉ đạo", "3", "x"],
    ["II", "Thủ tục hành chính", "10", ""],
    ["1", "Công khai TTHC", "6", ""],
    ["2", "Mức độ hài lòng", "4", "x"],
    ["", "Tổng cộng", "20", ""],
]


def write_csv(path: Path, rows: list[list[str]], sep: str = ";") -> Path:
    """As Vietnamese Excel saves "CSV UTF-8": ';' between cells, a BOM, CRLF, quotes where needed."""
    lines = []
    for row in rows:
        cells = [f'"{c}"' if sep in c or '"' in c else c for c in row]
        lines.append(sep.join(cells))
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-8-sig"))
    return path


def _typed(text: str) -> str | int | float | None:
    """A cell as Excel stores what was typed in a Vietnamese locale: '0,5' and '2' are numbers."""
    if not text:
        return None
    if re.fullmatch(r"-?[0-9]+", text):
        return int(text)
    if re.fullmatch(r"-?[0-9]+,[0-9]+", text):
        return float(text.replace(",", "."))
    return text


def write_xlsx(path: Path, sheets: list[tuple[str, list[list[str]]]], hidden: tuple[str, ...] = ()) -> Path:
    """A workbook with one sheet per table; numbers stored as numbers."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets:
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append([_typed(cell) for cell in row])
        if name in hidden:
            sheet.sheet_state = "hidden"
    book.save(path)
    return path


def write_docx(path: Path, tables: list[list[list[str]]]) -> Path:
    """A decision as Word holds it: the layout table of its heading, a title, then the annex tables."""
    import docx

    document = docx.Document()
    heading = document.add_table(rows=2, cols=2)
    for (r, c), text in {
        (0, 0): "ỦY BAN NHÂN DÂN TỈNH LAI CHÂU",
        (0, 1): "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        (1, 0): "Số: 99/QĐ-UBND",
        (1, 1): "Độc lập - Tự do - Hạnh phúc",
    }.items():
        heading.cell(r, c).text = text
    document.add_paragraph("PHỤ LỤC I")
    for rows in tables:
        width = max(len(row) for row in rows)
        table = document.add_table(rows=len(rows), cols=width)
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                table.cell(r, c).text = text
        document.add_paragraph("")
    document.save(path)
    return path


def with_entity_bomb(path: Path) -> Path:
    """The same .docx with an XML entity bomb (billion laughs) declared in its body part."""
    bomb = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>\n'
    )
    with zipfile.ZipFile(path) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    body = parts["word/document.xml"].decode("utf-8")
    body = bomb + body.split("?>", 1)[1].lstrip().replace("PHỤ LỤC I", "&d;&d;&d;&d;")
    parts["word/document.xml"] = body.encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
    return path
