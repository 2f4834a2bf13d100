import pytest

from site_builder import yamlsource


def test_parse_records_the_line_of_every_key_and_item():
    located = yamlsource.parse("title: A\nlessons:\n  - a.md\n  - b.md\nquiz:\n  questions: 3\n")
    assert located.data == {"title": "A", "lessons": ["a.md", "b.md"], "quiz": {"questions": 3}}
    assert located.line_of(("title",)) == 1
    assert located.line_of(("lessons", 1)) == 4
    assert located.line_of(("quiz", "questions")) == 6


def test_line_of_falls_back_to_the_nearest_located_parent():
    located = yamlsource.parse("quiz:\n  questions: 3\n")
    assert located.line_of(("quiz", "missing_field")) == 1


def test_offset_shifts_lines_for_front_matter():
    located = yamlsource.parse("id: x\ntitle: T\n", offset=1)
    assert located.line_of(("title",)) == 3


def test_bad_yaml_raises_with_its_line():
    with pytest.raises(yamlsource.SourceError) as caught:
        yamlsource.parse("title: A\nlessons: [a.md\nquiz: 1\n")
    assert caught.value.line == 3


def test_split_front_matter_returns_the_body_and_its_first_line():
    front, body, line = yamlsource.split_front_matter("---\nid: a\n---\n\n## Body\n")
    assert (front, body, line) == ("id: a\n", "\n## Body\n", 4)
    assert yamlsource.split_front_matter("## No front matter\n") is None
