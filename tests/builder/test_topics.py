"""The programme's 16 topics: the register in content/topics.yml, the courses' claims checked, the page by topic."""

from pathlib import Path

import pytest

from site_builder.catalog import load_catalog
from site_builder.problems import ContentError
from tests.support.content import write_course
from tests.support.paths import CONTENT

TOPICS = """\
topics:
  - code: chinh-quyen-so
    group: chuyen-doi-so
    title: Chính quyền số
    description: Cơ quan nhà nước làm việc trên môi trường số.
  - code: xu-ly-su-co
    group: an-toan-thong-tin
    title: Xử lý sự cố an toàn thông tin
    description: Báo cáo và khôi phục khi bị tấn công.
"""


def problems_of(content: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_catalog(content)
    return [f"{p.path.relative_to(content)}:{p.line}:{p.field}:{p.code}" for p in caught.value.problems]


def with_topics(content: Path, topics: str) -> Path:
    (content / "topics.yml").write_text(TOPICS, encoding="utf-8")
    course = content / "courses" / "mini" / "course.yml"
    course.write_text(course.read_text(encoding="utf-8") + f"topics: {topics}\n", encoding="utf-8")
    return course


def test_the_demo_has_the_programmes_16_topics_in_two_groups_and_each_course_names_its_own():
    catalog = load_catalog(CONTENT)
    groups = {topic.code: topic.group for topic in catalog.topics}
    assert [code for code, group in groups.items() if group == "chuyen-doi-so"] == [
        "tong-quan-cds",
        "chinh-quyen-so",
        "kinh-te-so",
        "xa-hoi-so",
        "du-lieu-so",
        "ha-tang-nen-tang-so",
        "dich-vu-cong-truc-tuyen",
        "van-phong-so",
        "thuong-mai-dien-tu",
        "to-cong-nghe-so",
    ]
    assert [code for code, group in groups.items() if group == "an-toan-thong-tin"] == [
        "tong-quan-attt",
        "tai-khoan-mat-khau",
        "thu-dien-tu-ma-doc",
        "lua-dao-truc-tuyen",
        "bao-ve-du-lieu-ca-nhan",
        "xu-ly-su-co",
    ]
    assert all(topic.title and topic.description for topic in catalog.topics)
    by_id = {course.meta.id: course.meta.topics for course in catalog.courses}
    assert by_id["cds"][:6] == [
        "tong-quan-cds",
        "chinh-quyen-so",
        "kinh-te-so",
        "xa-hoi-so",
        "du-lieu-so",
        "ha-tang-nen-tang-so",
    ]
    assert by_id["attt"][:6] == [
        "tong-quan-attt",
        "tai-khoan-mat-khau",
        "thu-dien-tu-ma-doc",
        "lua-dao-truc-tuyen",
        "bao-ve-du-lieu-ca-nhan",
        "xu-ly-su-co",
    ]


def test_a_course_naming_a_topic_not_in_the_register_is_reported_at_its_line(content):
    with_topics(content, "[chinh-quyen-so, chinh-quyen-dien-tu]")
    assert problems_of(content) == ["courses/mini/course.yml:13:topics.1:topic_unknown"]
    with pytest.raises(ContentError) as caught:
        load_catalog(content)
    assert "'chinh-quyen-dien-tu' không phải mã chuyên đề" in caught.value.problems[0].message
    assert "chinh-quyen-so, xu-ly-su-co" in caught.value.problems[0].message


def test_a_course_naming_a_topic_when_there_is_no_register_is_reported(content):
    course = content / "courses" / "mini" / "course.yml"
    course.write_text(course.read_text(encoding="utf-8") + "topics: [kinh-te-so]\n", encoding="utf-8")
    assert problems_of(content) == ["courses/mini/course.yml:13:topics.0:topic_unknown"]


def test_a_topic_listed_twice_is_reported_at_its_line(content):
    (content / "topics.yml").write_text(TOPICS + TOPICS.split("\n", 1)[1], encoding="utf-8")
    assert problems_of(content) == [
        "topics.yml:10:topics.2.code:id_duplicate",
        "topics.yml:14:topics.3.code:id_duplicate",
    ]


def test_a_topic_in_no_group_of_the_programme_is_reported_at_its_line_and_only_there(content):
    with_topics(content, "[chinh-quyen-so]")
    (content / "topics.yml").write_text(TOPICS.replace("an-toan-thong-tin", "an-ninh-mang"), encoding="utf-8")
    assert problems_of(content) == ["topics.yml:7:topics.1.group:field_invalid"]


def test_the_catalogue_by_topic_gives_each_topic_its_courses_and_keeps_the_uncovered_ones(tmp_path):
    content = tmp_path / "content"
    write_course(content, "mot")
    write_course(content, "hai")
    (content / "topics.yml").write_text(TOPICS, encoding="utf-8")
    for name in ("mot", "hai"):
        course = content / "courses" / name / "course.yml"
        course.write_text(course.read_text(encoding="utf-8") + "topics: [chinh-quyen-so]\n", encoding="utf-8")
    catalog = load_catalog(content)
    [(group, title, entries), (other_group, _, other_entries)] = catalog.by_topic()
    assert (group, title, other_group) == ("chuyen-doi-so", "Kiến thức, kỹ năng chuyển đổi số", "an-toan-thong-tin")
    assert [(topic.code, [course.id for course in courses]) for topic, courses in entries] == [
        ("chinh-quyen-so", ["hai", "mot"])
    ]
    assert [(topic.code, courses) for topic, courses in other_entries] == [("xu-ly-su-co", [])]


def test_the_built_topics_page_lists_every_topic_with_its_courses_and_says_which_have_none(built_site):
    catalog = load_catalog(CONTENT)
    page = (built_site.site / "chuyen-de" / "index.html").read_text(encoding="utf-8")
    for topic in catalog.topics:
        assert f'id="{topic.code}"' in page and topic.title in page
    uncovered = [topic for topic in catalog.topics if not any(topic.code in c.meta.topics for c in catalog.courses)]
    assert page.count("Chưa có khóa học cho chuyên đề này.") == len(uncovered)
    for course in catalog.courses:
        assert f'href="../khoa-hoc/{course.id}/"' in page
        course_page = (built_site.site / "khoa-hoc" / course.id / "index.html").read_text(encoding="utf-8")
        titles = {topic.code: topic.title for topic in catalog.topics}
        for code in course.meta.topics:
            assert f'<a href="../../chuyen-de/#{code}">{titles[code]}</a>' in course_page
    home = (built_site.site / "index.html").read_text(encoding="utf-8")
    assert 'href="chuyen-de/"' in home
