"""The real `mkdocs build --strict` of the repository: pages, exported banks, and no answer key in the site."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from site_builder.catalog import load_catalog
from tests.support.content import mkdocs_build
from tests.support.paths import ROOT


@pytest.fixture(scope="module")
def built(built_site):
    return built_site.site, built_site.bank, built_site.done


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(ROOT / "content")


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def test_home_page_lists_each_course_under_its_group(built, catalog):
    site, _, _ = built
    home = read(site / "index.html")
    assert "Kiến thức, kỹ năng chuyển đổi số" in home
    for course in catalog.courses:
        assert f'href="khoa-hoc/{course.id}/"' in home
        assert f"{len(course.lessons)} bài học" in home


def test_each_course_has_its_page_its_lessons_and_its_quiz_page(built, catalog):
    site, _, _ = built
    for course in catalog.courses:
        page = read(site / "khoa-hoc" / course.id / "index.html")
        assert html.escape(course.meta.title, quote=False) in page
        assert f"{course.meta.quiz.questions} câu hỏi trắc nghiệm" in page
        for lesson in course.lessons:
            assert f'href="{lesson.slug}/"' in page
            lesson_page = read(site / "khoa-hoc" / course.id / lesson.slug / "index.html")
            assert "<h1 id=" in lesson_page and html.escape(lesson.meta.title, quote=False) in lesson_page
        quiz = read(site / "khoa-hoc" / course.id / "kiem-tra" / "index.html")
        assert 'id="hocso-quiz"' in quiz and f'data-course="{course.id}"' in quiz and 'data-api="/api"' in quiz


def test_lesson_pages_link_to_the_next_lesson_and_the_last_to_the_quiz(built, catalog):
    site, _, _ = built
    course = catalog.courses[0]
    first = read(site / "khoa-hoc" / course.id / course.lessons[0].slug / "index.html")
    assert f'href="../{course.lessons[1].slug}/"' in first
    last = read(site / "khoa-hoc" / course.id / course.lessons[-1].slug / "index.html")
    assert 'href="../kiem-tra/"' in last


def test_banks_are_exported_with_keys_for_the_functions(built, catalog):
    _, bank_dir, done = built
    for course in catalog.courses:
        bank = json.loads(read(bank_dir / f"{course.id}.json"))
        assert len(bank["questions"]) == len(course.questions)
        assert bank["rules"] == course.meta.quiz.model_dump()
        assert bank["questions"][0]["answer"] == course.questions[0].answer_indexes
        assert re.fullmatch(r"[0-9a-f]{16}", bank["version"])


def test_the_published_ids_are_exported_for_the_events_function_beside_the_banks(built, catalog):
    site, bank_dir, _ = built
    published = read(bank_dir / "ids.txt").split()
    assert published == sorted(published) and {"cds", "cds-01", "hd-zalo"} <= set(published)
    assert published == sorted(
        path.parent.name
        for path in (site / "q").glob("*/index.html")
        if '<meta name="robots" content="noindex">' in read(path)
    )
    assert not (site / "ids.txt").exists()


def _normalised(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _site_texts(site: Path):
    for path in sorted(site.rglob("*")):
        if not path.is_file() or path.suffix in (".gz", ".png", ".ico", ".woff2", ".svg"):
            continue
        raw = path.read_bytes().decode("utf-8", errors="replace")
        if path.suffix == ".json":
            raw = json.dumps(json.loads(raw), ensure_ascii=False)
        yield path, _normalised(html.unescape(raw))


def test_no_answer_key_reaches_the_site(built, catalog):
    """No stem, explanation or correct choice of any bank is in any built file, search index included.

    The search index holds text folded (no diacritics), so every file is also compared in folded form. A correct
    choice that the lessons or guides teach word for word is not a key, so those are left out.
    """
    from site_builder.searchindex import fold

    site, _, _ = built
    taught = [lesson.path for course in catalog.courses for lesson in course.lessons] + [
        guide.path for guide in catalog.guides
    ]
    lessons = " ".join(_normalised(read(path)) for path in taught)
    folded_lessons = fold(lessons)
    secrets = set()
    for course in catalog.courses:
        for question in course.questions:
            secrets.add(_normalised(question.text))
            secrets.add(_normalised(question.explanation))
            for index in question.answer_indexes:
                choice = _normalised(question.choices[index])
                if choice not in lessons and fold(choice) not in folded_lessons:
                    secrets.add(choice)
    assert len(secrets) > 400
    folded_secrets = {fold(secret) for secret in secrets}
    files = list(_site_texts(site))
    assert any(path.name == "hocso.json" for path, _ in files)
    leaks = []
    for path, text in files:
        leaks += [(path.relative_to(site), secret) for secret in secrets if secret in text]
        folded = fold(text)
        leaks += [(path.relative_to(site), secret) for secret in folded_secrets if secret in folded]
    assert leaks == []


def test_pages_load_nothing_from_other_hosts(built):
    site, _, _ = built
    loaders = re.compile(
        r"""<(?:script|img|iframe|video|audio|source)\b[^>]*\bsrc=["']?(https?:)?//|<link\b[^>]*\bhref=["']?(https?:)?//[^>]*>|url\(["']?(https?:)?//""",
        re.I,
    )
    offenders = []
    for path in site.rglob("*"):
        if path.suffix in (".html", ".css"):
            for match in loaders.finditer(read(path)):
                if 'rel="canonical"' not in match.group(0):
                    offenders.append((path.relative_to(site), match.group(0)[:80]))
    assert offenders == []


def test_bad_content_fails_the_build_with_file_and_line_not_a_traceback(tmp_path):
    project = tmp_path / "project"
    (project / "content" / "site").mkdir(parents=True)
    (project / "mkdocs.yml").write_text(read(ROOT / "mkdocs.yml"))
    from tests.support.content import register_ids, write_course

    folder = write_course(project / "content")
    register_ids(project / "content")
    bank = folder / "questions.yml"
    bank.write_text(read(bank).replace("answer: B", "answer: F", 1))
    done = mkdocs_build(project / "mkdocs.yml", tmp_path / "site", tmp_path / "bank")
    assert done.returncode == 1
    assert f"{folder}/questions.yml:10: questions.0.answer: Đáp án 'F' không phải là một lựa chọn" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "bank").exists()


def test_guides_have_pages_and_the_citizens_section_lists_them(built, catalog):
    site, _, _ = built
    assert len(catalog.guides) >= 8
    listing = read(site / "huong-dan" / "index.html")
    home = read(site / "index.html")
    for guide in catalog.guides:
        assert f'href="{guide.slug}/"' in listing and f'href="huong-dan/{guide.slug}/"' in home
        assert html.escape(guide.meta.title, quote=False) in read(site / "huong-dan" / guide.slug / "index.html")


def test_every_short_id_has_a_copy_of_its_page_a_qr_code_and_a_poster(built, catalog):
    from site_builder import shortlinks

    site, _, _ = built
    for short_id, target in shortlinks.targets(catalog).items():
        copy = read(site / "q" / short_id / "index.html")
        assert f'<link rel="canonical" href="http://127.0.0.1:8000/{target.url}">' in copy
        page = read(site / target.url / "index.html")
        assert 'class="hocso-qr__code"' in page and f"/q/{short_id}/</a>" in page
        assert (site / "ap-phich" / f"{short_id}.pdf").read_bytes().startswith(b"%PDF")
    for course in catalog.courses:
        assert (site / "ap-phich" / f"{course.meta.id}-tat-ca.pdf").is_file()
    assert (site / "ap-phich" / "huong-dan.pdf").is_file()


def test_each_place_of_the_list_has_its_posters_and_the_dashboard_gets_the_titles_and_place_names(built, catalog):
    from pypdf import PdfReader

    from site_builder import shortlinks

    site, _, _ = built
    names = json.loads(read(site / "ap-phich" / "danh-muc.json"))
    assert names["ids"] == {
        short_id: {"title": target.title, "kind": target.kind}
        for short_id, target in sorted(shortlinks.targets(catalog).items())
    }
    assert names["ids"]["cds-01"] == {"title": "Chuyển đổi số là gì?", "kind": "lesson"}
    assert names["places"] == {
        "buu-dien-muong-xen": "Bưu điện văn hóa xã Mường Xén",
        "buu-dien-vinh-phu": "Bưu điện phường Vinh Phú",
    }
    every_course = PdfReader(site / "ap-phich" / "noi-dat" / "buu-dien-muong-xen.pdf")
    assert len(every_course.pages) == len(catalog.courses)
    named = PdfReader(site / "ap-phich" / "noi-dat" / "buu-dien-vinh-phu.pdf")
    texts = [" ".join(page.extract_text().split()) for page in named.pages]
    assert [text.split("/q/")[1].split()[0] for text in texts] == [
        "cds/?tu=buu-dien-vinh-phu",
        "hd-vneid/?tu=buu-dien-vinh-phu",
        "hd-lua-dao/?tu=buu-dien-vinh-phu",
    ]


def test_pages_speak_vietnamese_to_the_end_heading_anchors_and_footer_included(built):
    site, _, _ = built
    lesson = read(site / "khoa-hoc" / "an-toan-thong-tin-co-ban" / "ma-doc" / "index.html")
    assert 'id="cac-loai-ma-doc-thuong-gap"' in lesson  # "đ" spelled d, not dropped ("ma-oc")
    assert 'title="Liên kết tới mục này"' in lesson and "Permanent link" not in lesson
    for page in (lesson, read(site / "index.html")):
        assert "Made with" not in page and "Material for MkDocs" not in page
    verify = read(site / "xac-minh" / "index.html")
    assert "Ed25519" not in verify and "chữ ký số của đơn vị cấp" in verify
