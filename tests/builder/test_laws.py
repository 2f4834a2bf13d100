"""The register of legal texts as editors write it: valid entries load; each mistake is reported at its line."""

import re
import textwrap
from datetime import date
from html import unescape
from pathlib import Path

from site_builder import laws

VALID = """\
13/2023/NĐ-CP:
  kind: nghị định
  title: Nghị định về bảo vệ dữ liệu cá nhân
  issued: 2023-04-17
  in_force: 2023-07-01
  replaced_by: 356/2025/NĐ-CP
  replaced_on: 2026-01-01
  aliases: [Nghị định 13]
  checked: frasersvn.com, tháng 12/2026
356/2025/NĐ-CP:
  kind: nghị định
  title: Nghị định hướng dẫn Luật Bảo vệ dữ liệu cá nhân
  issued: 2025-12-31
  in_force: 2026-01-01
  checked: thanhnien.vn, tháng 12/2026
"""


def load(tmp_path: Path, text: str):
    (tmp_path / laws.FILE).write_text(textwrap.dedent(text), encoding="utf-8")
    register, problems = laws.load(tmp_path)
    return register, [f"{p.line}:{p.field}:{p.code}" for p in problems]


def test_a_register_loads_with_its_numbers_and_short_names(tmp_path):
    register, problems = load(tmp_path, VALID)
    assert problems == []
    assert sorted(register.laws) == ["13/2023/NĐ-CP", "356/2025/NĐ-CP"]
    assert register.find("nghị  định 13").number == "13/2023/NĐ-CP"
    assert register.find("356/2025/NĐ-CP").source.in_force == date(2026, 1, 1)
    assert register.find("Nghị định 14") is None


def test_a_text_is_in_force_from_its_date_until_it_is_replaced(tmp_path):
    register, _ = load(tmp_path, VALID)
    old = register.laws["13/2023/NĐ-CP"]
    assert [old.in_force_on(day) for day in (date(2023, 6, 30), date(2023, 7, 1), date(2026, 1, 1))] == [
        False,
        True,
        False,
    ]
    assert old.status(date(2026, 12, 6)) == "hết hiệu lực từ 01/01/2026, thay bằng 356/2025/NĐ-CP"
    assert register.laws["356/2025/NĐ-CP"].status(date(2025, 12, 31)) == (
        "chưa có hiệu lực (có hiệu lực từ 01/01/2026)"
    )


def test_an_absent_register_is_empty(tmp_path):
    register, problems = laws.load(tmp_path)
    assert (register.laws, problems) == ({}, [])


def test_an_entry_without_its_dates_is_refused_at_its_line(tmp_path):
    _, problems = load(tmp_path, VALID.replace("  issued: 2025-12-31\n  in_force: 2026-01-01\n", ""))
    assert problems == ["10:356/2025/NĐ-CP.issued:field_missing", "10:356/2025/NĐ-CP.in_force:field_missing"]


def test_a_replacement_missing_from_the_register_is_refused(tmp_path):
    _, problems = load(tmp_path, VALID.replace("replaced_by: 356/2025/NĐ-CP", "replaced_by: 999/2025/NĐ-CP"))
    assert problems == ["6:13/2023/NĐ-CP.replaced_by:law_replaced_unknown"]


def test_a_replacement_without_its_date_is_refused(tmp_path):
    _, problems = load(tmp_path, VALID.replace("  replaced_on: 2026-01-01\n", ""))
    assert [p.split(":")[-1] for p in problems] == ["field_invalid"]


def test_a_number_written_twice_is_refused_at_the_second(tmp_path):
    _, problems = load(tmp_path, VALID + VALID.split("356/2025/NĐ-CP:\n")[1].join(["356/2025/NĐ-CP:\n", ""]))
    assert problems == ["16:356/2025/NĐ-CP:law_duplicate"]


def test_a_short_name_given_to_two_texts_is_refused(tmp_path):
    _, problems = load(
        tmp_path, VALID.replace("  checked: thanhnien", "  aliases: [nghị định 13]\n  checked: thanhnien")
    )
    assert problems == ["15:356/2025/NĐ-CP.aliases.0:law_alias_duplicate"]


def test_a_key_that_is_not_a_document_number_is_refused(tmp_path):
    _, problems = load(
        tmp_path, VALID.replace("356/2025/NĐ-CP:", "Nghị định mới:").replace("replaced_by: 356", "replaced_by: 13")
    )
    assert "10:Nghị định mới:law_number_invalid" in problems


def test_the_repository_register_loads_without_problems():
    register, problems = laws.load(Path(__file__).parents[2] / "content")
    assert problems == []
    assert register.find("Luật An ninh mạng 2018").source.replaced_by == "116/2025/QH15"


def test_the_register_page_groups_the_texts_by_their_status_on_the_day(tmp_path):
    from site_builder import lawpage

    register, _ = load(tmp_path, VALID)
    page = lawpage.document(register, date(2025, 12, 31))
    assert page.startswith("# Văn bản được trích dẫn\n")
    current, upcoming = page.split("## Đang có hiệu lực")[1].split("## Sắp có hiệu lực")
    assert register_rows(current)[0] == {
        "Số hiệu": "13/2023/NĐ-CP",
        "Loại": "nghị định",
        "Tên": "Nghị định về bảo vệ dữ liệu cá nhân",
        "Ban hành": "17/04/2023",
        "Tình trạng": "có hiệu lực từ 01/07/2023",
    }
    assert [row["Số hiệu"] for row in register_rows(upcoming)] == ["356/2025/NĐ-CP"]
    assert "## Đã hết hiệu lực" not in page
    later = lawpage.document(register, date(2026, 1, 1))
    [ended] = register_rows(later.split("## Đã hết hiệu lực")[1])
    assert ended["Tình trạng"] == "hết hiệu lực từ 01/01/2026, thay bằng 356/2025/NĐ-CP"


def register_rows(html: str) -> list[dict[str, str]]:
    """The register page's rows as {column: text}: each cell carries its column's name, which a phone shows above it."""
    rows = re.findall(r'<tr role="row">(.*?)</tr>', html)
    cells = [re.findall(r'<td role="cell" data-label="([^"]+)">(.*?)</td>', row) for row in rows]
    return [{label: unescape(text) for label, text in row} for row in cells if row]


def test_the_register_page_escapes_what_a_text_is_called(tmp_path):
    from site_builder import lawpage

    register, _ = load(tmp_path, VALID)
    law = next(iter(register.laws.values()))
    law.source.title = 'Luật "A" <b>&</b> B'
    page = lawpage.document(register, date(2026, 1, 1))
    assert "<b>" not in page and "&lt;b&gt;&amp;&lt;/b&gt;" in page
    assert any(row["Tên"] == 'Luật "A" <b>&</b> B' for row in register_rows(page))
