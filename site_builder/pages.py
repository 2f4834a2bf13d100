"""Turning a catalogue into site pages (Markdown) and files to copy: no MkDocs here, only Jinja templates."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined

from functions import categories
from site_builder import handouts, qrcodes
from site_builder.buildcache import Memo
from site_builder.structure import Catalog, Course


@dataclass(frozen=True)
class Page:
    """A generated Markdown page at `src_uri` (a path as if under the docs folder)."""

    src_uri: str
    title: str
    markdown: str


@dataclass(frozen=True)
class Asset:
    """A file copied into the site as is (a lesson's attachment)."""

    dest_uri: str
    source: Path


def duration_text(minutes: int) -> str:
    """Minutes as Vietnamese readers expect: "30 phút", "2 giờ", "5 giờ 15 phút"."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} phút"
    return f"{hours} giờ" + (f" {rest} phút" if rest else "")


def file_size_text(size: int) -> str:
    """A byte count as "850 KB" or "2,4 MB" (Vietnamese decimal comma)."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / 1024 / 1024:.1f} MB".replace(".", ",")


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("site_builder", "templates"),
        autoescape=False,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["duration"] = duration_text
    env.filters["filesize"] = file_size_text
    return env


def _qr(site_url: str, short_id: str, title: str, memo: Memo | None) -> dict[str, str]:
    """What a page's QR box shows: the code, the short link, and the poster's path."""
    url = qrcodes.short_url(site_url, short_id)
    return {"svg": qrcodes.svg(url, title, memo), "url": url, "poster": f"ap-phich/{short_id}.pdf", "title": title}


ADMIN_PAGES = [
    ("quan-tri/index.md", "Bảng điều khiển", "admin.md.j2", "dashboard"),
    ("quan-tri/nhap-du-lieu/index.md", "Nhập dữ liệu", "admin-import.md.j2", "import"),
    ("quan-tri/hoc-vien/index.md", "Học viên", "admin-learners.md.j2", "learners"),
    ("quan-tri/dau-moi/index.md", "Cán bộ đầu mối", "admin-focal.md.j2", "focal"),
    ("quan-tri/dot-dao-tao/index.md", "Đợt đào tạo", "admin-rounds.md.j2", "rounds"),
    ("quan-tri/lop-tap-huan/index.md", "Lớp tập huấn trực tiếp", "admin-classes.md.j2", "classes"),
    ("quan-tri/cau-hoi/index.md", "Thống kê câu hỏi", "admin-questions.md.j2", "questions"),
    ("quan-tri/don-vi/index.md", "Sáp nhập, đổi tên đơn vị", "admin-units.md.j2", "units"),
    ("quan-tri/nhat-ky/index.md", "Nhật ký truy cập", "admin-audit.md.j2", "audit"),
]
"""The administrators' pages: (source path, title, template, key of the page in their shared menu)."""


def course_uri(course: Course) -> str:
    return f"khoa-hoc/{course.id}/index.md"


def build_pages(
    catalog: Catalog,
    api_url: str,
    site_url: str,
    handout_sizes: dict[str, int] | None = None,
    memo: Memo | None = None,
) -> tuple[list[Page], list[Asset]]:
    """Every generated page of the catalogue, and the attachments to copy beside them; a lesson links its handout
    when `handout_sizes` (address → bytes, `site_builder.handouts`) has one; QR codes kept in `memo`."""
    env = _environment()
    sizes = handout_sizes or {}
    home = env.get_template("home.md.j2").render(
        groups=catalog.by_group(), guides=catalog.guides, topics=catalog.topics
    )
    pages = [
        Page("index.md", "Trang chủ", home),
        Page("tim-kiem.md", "Tìm kiếm", env.get_template("search.md.j2").render()),
        Page("tai-khoan/index.md", "Tài khoản học tập", env.get_template("account.md.j2").render(api_url=api_url)),
        Page(
            "cua-toi/index.md",
            "Khóa học của tôi",
            env.get_template("mine.md.j2").render(api_url=api_url, courses=catalog.courses),
        ),
        Page("xac-minh/index.md", "Xác minh giấy chứng nhận", env.get_template("verify.md.j2").render(api_url=api_url)),
        Page("dau-moi/index.md", "Học viên tôi theo dõi", env.get_template("focal.md.j2").render(api_url=api_url)),
    ]
    pages += [
        Page(
            uri,
            title,
            env.get_template(template).render(
                api_url=api_url,
                courses=catalog.courses,
                categories=categories.CATEGORIES,
                unknown=(categories.UNKNOWN, categories.UNKNOWN_LABEL),
                current=key,
                root="../" * uri.count("/"),
            ),
        )
        for uri, title, template, key in ADMIN_PAGES
    ]
    assets: list[Asset] = []
    if catalog.topics:
        pages.append(
            Page(
                "chuyen-de/index.md",
                "Các chuyên đề",
                env.get_template("topics.md.j2").render(topics=catalog.topics, groups=catalog.by_topic()),
            )
        )
    topics = {topic.code: topic for topic in catalog.topics}
    if catalog.guides:
        pages.append(
            Page(
                "huong-dan/index.md",
                "Phổ cập kỹ năng số",
                env.get_template("guides.md.j2").render(guides=catalog.guides),
            )
        )
    guide_template = env.get_template("guide.md.j2")
    for guide in catalog.guides:
        qr = _qr(site_url, guide.id, guide.meta.title, memo)
        pages.append(
            Page(
                f"huong-dan/{guide.slug}.md",
                guide.meta.title,
                guide_template.render(guide=guide, qr=qr, depth="../", api_url=api_url),
            )
        )
    for course in catalog.courses:
        base = f"khoa-hoc/{course.id}"
        qr = _qr(site_url, course.meta.id, course.meta.title, memo)
        course_page = env.get_template("course.md.j2").render(
            course=course,
            api_url=api_url,
            qr=qr,
            depth="../../",
            topics=[topics[code] for code in course.meta.topics if code in topics],
        )
        pages.append(Page(course_uri(course), course.meta.title, course_page))
        lesson_template = env.get_template("lesson.md.j2")
        for number, lesson in enumerate(course.lessons, start=1):
            files = [(attachment, (lesson.path.parent / attachment.file)) for attachment in lesson.meta.files]
            handout = handouts.address(course.id, lesson.slug)
            markdown = lesson_template.render(
                course=course,
                lesson=lesson,
                number=number,
                api_url=api_url,
                qr=_qr(site_url, lesson.id, lesson.meta.title, memo),
                depth="../../",
                previous=course.lessons[number - 2] if number > 1 else None,
                next=course.lessons[number] if number < len(course.lessons) else None,
                handout=(f"{lesson.slug}.pdf", sizes[handout]) if handout in sizes else None,
                files=[
                    (attachment, path.stat().st_size, path.suffix.lstrip(".").upper()) for attachment, path in files
                ],
            )
            pages.append(Page(f"{base}/{lesson.slug}.md", lesson.meta.title, markdown))
            assets.extend(Asset(f"{base}/{attachment.file}", path) for attachment, path in files)
        # Lesson titles and addresses, for the lessons a learner is told to revisit after a certified attempt.
        lessons = {lesson.id: [lesson.meta.title, f"../{lesson.slug}/"] for lesson in course.lessons}
        quiz = env.get_template("quiz.md.j2").render(
            course=course, api_url=api_url, lessons=json.dumps(lessons, ensure_ascii=False)
        )
        pages.append(Page(f"{base}/kiem-tra.md", "Bài kiểm tra cuối khóa", quiz))
    return pages, assets


def navigation(catalog: Catalog) -> list:
    """The site's navigation in MkDocs' `nav` shape: home, each course with its lessons and test, the account pages,
    the guides, then the administrators' pages."""
    nav: list = [{"Trang chủ": "index.md"}, {"Tìm kiếm": "tim-kiem.md"}]
    if catalog.topics:
        nav.append({"Các chuyên đề": "chuyen-de/index.md"})
    for course in catalog.courses:
        base = f"khoa-hoc/{course.id}"
        entries: list = [course_uri(course)]
        entries += [
            {f"{number}. {lesson.meta.title}": f"{base}/{lesson.slug}.md"}
            for number, lesson in enumerate(course.lessons, 1)
        ]
        entries.append({"Bài kiểm tra cuối khóa": f"{base}/kiem-tra.md"})
        nav.append({course.meta.title: entries})
    nav += [
        {"Khóa học của tôi": "cua-toi/index.md"},
        {"Tài khoản học tập": "tai-khoan/index.md"},
        {"Học viên tôi theo dõi": "dau-moi/index.md"},
        {"Xác minh giấy chứng nhận": "xac-minh/index.md"},
    ]
    if catalog.guides:
        guides: list = ["huong-dan/index.md"] + [
            {guide.meta.title: f"huong-dan/{guide.slug}.md"} for guide in catalog.guides
        ]
        nav.append({"Phổ cập kỹ năng số": guides})
    nav.append({"Quản trị": [ADMIN_PAGES[0][0]] + [{title: uri} for uri, title, _, _ in ADMIN_PAGES[1:]]})
    return nav
