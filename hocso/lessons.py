"""Sub-command that adds a folder of Word or Markdown files to a course as lessons (`site_builder.lessonimport`)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from site_builder.problems import ContentError


def _import(args: argparse.Namespace) -> int:
    from site_builder.lessonimport import plan_lessons, write_lessons

    try:
        course, lessons, course_yml = plan_lessons(Path(args.content), args.course, Path(args.folder))
    except ContentError as error:
        for item in error.problems:
            print(item, file=sys.stderr)
        print(f"Có {len(error.problems)} lỗi cần sửa. Chưa ghi tệp nào.", file=sys.stderr)
        return 1
    write_lessons(course, lessons, course_yml)
    for lesson in lessons:
        pictures = f"; {lesson.pictures} hình chưa được chép" if lesson.pictures else ""
        print(f"{lesson.source.name} → {lesson.path} (mã {lesson.meta.id}, {lesson.meta.duration} phút{pictures})")
    print(
        f"Đã thêm {len(lessons)} bài vào {course.path / 'course.yml'}. Đọc lại tóm tắt, thời lượng, rồi chạy "
        "'hocso ids' để ghi mã mới và 'hocso validate'."
    )
    return 0


def register(commands) -> None:
    """Add this sub-command to the `hocso` command line."""
    imported = commands.add_parser(
        "import-lessons",
        help="thêm vào khóa học các bài học từ một thư mục tệp Word (.docx) hoặc Markdown (.md), theo thứ tự tên tệp",
    )
    imported.add_argument("folder", help="thư mục chứa các tệp .docx hoặc .md, mỗi tệp một bài")
    imported.add_argument("--course", required=True, help="khóa học: thư mục, tên thư mục hoặc mã (ví dụ attt)")
    imported.add_argument("--content", default="content", help="thư mục nội dung (mặc định: content)")
    imported.set_defaults(run=_import)
