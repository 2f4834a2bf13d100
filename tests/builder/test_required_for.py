"""A course declares the learner categories it is required for (`required_for` in course.yml): validated with file
and line, printed on the course page, and carried by the bank the functions read."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from functions.bank import Bank
from functions.reports import requirement
from site_builder.answerkeys import course_bank
from site_builder.catalog import load_catalog
from site_builder.problems import ContentError
from tests.support.content import mkdocs_build, register_ids, write_course
from tests.support.paths import ROOT


def declare(content: Path, line: str) -> Path:
    """Add `line` to the mini course's course.yml, after its summary (line 4)."""
    course = content / "courses/mini/course.yml"
    lines = course.read_text(encoding="utf-8").splitlines(keepends=True)
    lines.insert(3, line + "\n")
    course.write_text("".join(lines), encoding="utf-8")
    return course


def test_declared_categories_load_and_go_into_the_bank_in_the_editors_order(content):
    declare(content, "required_for: [cnscd, cbccvc]")
    [course] = load_catalog(content).courses
    assert course.meta.required_for == ["cnscd", "cbccvc"]
    assert course.required_labels == ["Cán bộ, công chức, viên chức", "Thành viên Tổ công nghệ số cộng đồng"]
    bank = course_bank(course)
    assert bank.required_for == ["cnscd", "cbccvc"]
    assert bank.required("cbccvc") is True
    assert bank.required("dan") is False
    assert bank.required(None) is False


def test_a_course_without_the_field_declares_nothing_and_its_report_judges_every_category(content):
    [course] = load_catalog(content).courses
    assert course.meta.required_for is None and course.required_labels == []
    bank = course_bank(course)
    assert bank.required_for is None and bank.required("cbccvc") is False
    assert requirement.of_bank(bank) is None  # judged as a report over all courses is
    declare(content, "required_for: []")
    [course] = load_catalog(content).courses
    assert requirement.of_bank(course_bank(course)) == frozenset()  # declared optional for all: judged for none


def test_who_must_take_a_course_does_not_change_its_grading_version(content):
    [course] = load_catalog(content).courses
    before = course_bank(course).version
    declare(content, "required_for: [cbccvc]")
    [course] = load_catalog(content).courses
    assert course_bank(course).version == before


def test_an_unknown_category_code_is_reported_at_its_line_with_the_codes_to_use(content):
    course = declare(content, "required_for:\n  - cbccvc\n  - can-bo")
    with pytest.raises(ContentError) as caught:
        load_catalog(content)
    [found] = caught.value.problems
    assert (found.path, found.line, found.field, found.code) == (course, 6, "required_for.1", "category_unknown")
    assert str(found) == (
        f"{course}:6: required_for.1: 'can-bo' không phải mã đối tượng học viên; các mã có thể dùng: "
        "cbccvc, nld, kct, cnscd, dvtn, dn, dan. [category_unknown]"
    )


def test_every_unknown_code_is_reported_at_once(content):
    declare(content, "required_for: [Cán bộ, cbccvc, khong-ro]")
    with pytest.raises(ContentError) as caught:
        load_catalog(content)
    assert [(p.line, p.field, p.code) for p in caught.value.problems] == [
        (4, "required_for.0", "category_unknown"),
        (4, "required_for.2", "category_unknown"),
    ]


def test_a_list_of_codes_is_required_not_one_text(content):
    declare(content, "required_for: cbccvc")
    with pytest.raises(ContentError) as caught:
        load_catalog(content)
    [found] = caught.value.problems
    assert (found.line, found.field, found.code) == (4, "required_for", "field_invalid")
    assert found.message == "Giá trị không hợp lệ: phải là một danh sách"


def test_a_bank_written_by_other_means_refuses_an_unknown_category(bank):
    with pytest.raises(ValueError, match="not learner categories"):
        Bank.model_validate({**bank.model_dump(), "required_for": ["cbccvc", "ai-do"]})


def test_a_bank_written_before_the_field_existed_reads_as_declaring_nothing(bank):
    data = bank.model_dump()
    data.pop("required_for")
    assert Bank.model_validate(data).required_for is None


def test_the_demo_courses_declare_whom_they_are_required_for():
    courses = {course.meta.id: course for course in load_catalog(ROOT / "content").courses}
    assert courses["cds"].meta.required_for == ["cbccvc", "nld", "kct", "cnscd", "dvtn"]
    assert courses["attt"].meta.required_for == ["cbccvc", "kct", "cnscd"]
    for course in courses.values():
        assert not {"dn", "dan"} & set(course.meta.required_for)  # citizens learn from the guides


def test_the_built_course_page_says_for_whom_it_is_required_and_the_bank_carries_it(built_site):
    for course in load_catalog(ROOT / "content").courses:
        page = (built_site.site / "khoa-hoc" / course.id / "index.html").read_text(encoding="utf-8")
        found = re.search(r'<p class="hocso-required" data-required="([a-z ]*)">(.*?)</p>', page, re.S)
        assert found is not None
        assert found.group(1) == " ".join(course.meta.required_for)
        text = html.unescape(re.sub(r"<[^>]+>", "", found.group(2)))
        assert text == "Bắt buộc đối với: " + "; ".join(course.required_labels) + "."
        bank = json.loads((built_site.bank / f"{course.id}.json").read_text(encoding="utf-8"))
        assert bank["required_for"] == course.meta.required_for


def test_a_course_required_for_none_says_it_is_optional_and_a_bad_code_fails_the_build(tmp_path):
    project = tmp_path / "project"
    (project / "content" / "site").mkdir(parents=True)
    (project / "mkdocs.yml").write_text((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), encoding="utf-8")
    write_course(project / "content")
    register_ids(project / "content")
    done = mkdocs_build(project / "mkdocs.yml", tmp_path / "site0", tmp_path / "bank0")
    assert done.returncode == 0, done.stderr
    page = (tmp_path / "site0" / "khoa-hoc" / "mini" / "index.html").read_text(encoding="utf-8")
    assert "hocso-required" not in page and "bắt buộc" not in page.lower()  # declared nothing: says nothing
    undeclared = (project / "content" / "courses" / "mini" / "course.yml").read_text(encoding="utf-8")
    optional = declare(project / "content", "required_for: []")
    done = mkdocs_build(project / "mkdocs.yml", tmp_path / "site", tmp_path / "bank")
    assert done.returncode == 0, done.stderr
    page = (tmp_path / "site" / "khoa-hoc" / "mini" / "index.html").read_text(encoding="utf-8")
    assert '<p class="hocso-required" data-required="">' in page
    assert "khóa học tự chọn, không tính vào chỉ tiêu của đối tượng nào." in page
    optional.write_text(undeclared, encoding="utf-8")

    course = declare(project / "content", "required_for: [cbccvc, nguoi-dan]")
    done = mkdocs_build(project / "mkdocs.yml", tmp_path / "site2", tmp_path / "bank2")
    assert done.returncode == 1
    assert (
        f"{course}:4: required_for.1: 'nguoi-dan' không phải mã đối tượng học viên; các mã có thể dùng: " in done.stderr
    )
    assert "[category_unknown]" in done.stderr and "Traceback" not in done.stderr
