"""Permanent short ids: the register keeps every published id alive, and each id gets its page."""

from pathlib import Path

import pytest

from site_builder import shortlinks
from site_builder.catalog import load_catalog, load_checked
from site_builder.problems import ContentError
from tests.support.content import lesson_text, register_ids


def codes(content: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_checked(content)
    return [f"{p.field}:{p.code}" for p in caught.value.problems]


def test_new_ids_are_registered_with_their_kind_and_title(content):
    assert codes(content) == ["mini:id_unregistered", "mini-1:id_unregistered", "mini-2:id_unregistered"]
    assert shortlinks.register_new(load_catalog(content)) == ["mini", "mini-1", "mini-2"]
    text = (content / "ids.yml").read_text(encoding="utf-8")
    assert 'mini-1: {kind: lesson, title: "Bài 1"}' in text
    assert load_checked(content).courses[0].id == "mini"
    assert shortlinks.register_new(load_catalog(content)) == []


def test_a_published_id_may_not_disappear(content):
    register_ids(content)
    folder = content / "courses/mini"
    (folder / "02-bai-2.md").unlink()
    (folder / "course.yml").write_text((folder / "course.yml").read_text().replace("  - 02-bai-2.md\n", ""))
    (folder / "questions.yml").write_text(
        (folder / "questions.yml").read_text().replace("lesson: mini-2", "lesson: mini-1")
    )
    assert codes(content) == ["mini-2:id_vanished"]


def test_a_retired_id_keeps_a_page_pointing_to_its_replacement(content):
    register_ids(content)
    folder = content / "courses/mini"
    (folder / "02-bai-2.md").write_text(lesson_text("mini-2b", "Bài 2 viết lại"))
    with (content / "ids.yml").open("a") as out:
        out.write('mini-2b: {kind: lesson, title: "Bài 2 viết lại"}\n')
    register = (
        (content / "ids.yml")
        .read_text()
        .replace(
            'mini-2: {kind: lesson, title: "Bài 2"}',
            'mini-2: {kind: lesson, title: "Bài 2", retired: {to: mini-2b, note: "Bài đã được viết lại."}}',
        )
    )
    (content / "ids.yml").write_text(register)
    (folder / "questions.yml").write_text(
        (folder / "questions.yml").read_text().replace("lesson: mini-2", "lesson: mini-2b")
    )
    catalog = load_checked(content)
    [(uri, title, markdown)] = shortlinks.retired_pages(catalog)
    assert (uri, title) == ("q/mini-2/index.md", "Bài 2")
    assert "Bài đã được viết lại." in markdown and "[Bài 2 viết lại](../../khoa-hoc/mini/bai-2.md)" in markdown


def test_a_retired_id_may_not_come_back_and_an_id_may_not_change_kind(content):
    register_ids(content)
    register = (content / "ids.yml").read_text()
    register = register.replace(
        'mini-2: {kind: lesson, title: "Bài 2"}', 'mini-2: {kind: lesson, title: "Bài 2", retired: {}}'
    )
    register = register.replace("mini-1: {kind: lesson", "mini-1: {kind: guide")
    (content / "ids.yml").write_text(register)
    assert codes(content) == ["mini-1:id_reused", "mini-2:id_retired_reused"]


def test_a_retired_id_pointing_nowhere_is_reported(content):
    register_ids(content)
    with (content / "ids.yml").open("a") as out:
        out.write('cu: {kind: guide, title: "Cũ", retired: {to: khong-co}}\n')
    assert codes(content) == ["cu.retired.to:id_unknown"]
