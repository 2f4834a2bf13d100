"""Sub-commands for question banks in other formats: import (Excel, GIFT, Aiken, Moodle XML), export (GIFT, Moodle
XML, Excel) and the Excel template (`site_builder.banks`)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from site_builder.problems import ContentError

_SUFFIX = {"gift": ".gift", "moodle-xml": ".xml", "xlsx": ".xlsx"}
TEMPLATE_NAME = "mau-ngan-hang-cau-hoi.xlsx"


def _pairs(values: list[str]) -> dict[str, str] | None:
    mapping = {}
    for value in values:
        source, sign, target = value.rpartition("=")
        if not sign or not source.strip() or not target.strip():
            print(f"--lesson-map '{value}' phải có dạng 'TÊN TRONG TỆP=mã-bài-học'.", file=sys.stderr)
            return None
        mapping[source.strip()] = target.strip()
    return mapping


def _import(args: argparse.Namespace) -> int:
    from site_builder.banks.importer import plan, write_atomic

    mapping = _pairs(args.lesson_map)
    if mapping is None:
        return 2
    try:
        imported = plan(
            Path(args.content),
            args.course,
            Path(args.file),
            fmt=args.format,
            lesson=args.lesson,
            lesson_map=mapping,
            replace=args.replace,
            out=Path(args.out) if args.out else None,
        )
    except ContentError as error:
        for item in error.problems:
            print(item, file=sys.stderr)
        print(f"Tệp nhập có {len(error.problems)} lỗi cần sửa. Chưa ghi tệp nào.", file=sys.stderr)
        return 1
    write_atomic(imported.target, imported.text.encode("utf-8"))
    how = "thay cho ngân hàng cũ" if args.replace else "thêm vào"
    print(f"Đã ghi {len(imported.questions)} câu hỏi ({how}) vào {imported.target}. Chạy 'hocso validate' để kiểm tra.")
    return 0


def _export(args: argparse.Namespace) -> int:
    from site_builder.banks.importer import export, open_course, write_atomic

    try:
        course = open_course(Path(args.content), args.course)
    except ContentError as error:
        print(error.report(), file=sys.stderr)
        return 1
    target = Path(args.out) if args.out else Path(course.path.name + _SUFFIX[args.format])
    write_atomic(target, export(course, args.format))
    print(f"Đã xuất {len(course.questions)} câu hỏi của khóa {course.meta.id} vào {target}.")
    return 0


def _template(args: argparse.Namespace) -> int:
    from site_builder.banks import excel
    from site_builder.banks.importer import write_atomic

    write_atomic(Path(args.out), excel.template())
    print(f"Đã ghi tệp mẫu {args.out}: điền câu hỏi vào trang tính 'Câu hỏi', đọc trang 'Hướng dẫn'.")
    return 0


def register(commands) -> None:
    """Add these sub-commands to the `hocso` command line."""
    imported = commands.add_parser(
        "import-questions",
        help="nhập ngân hàng câu hỏi từ Excel (.xlsx), GIFT, Aiken hoặc Moodle XML vào questions.yml của một khóa học; "
        "báo mọi lỗi kèm tệp và hàng (dòng), còn lỗi thì không ghi gì",
    )
    imported.add_argument("file", help="tệp câu hỏi: .xlsx, .gift, .txt (Aiken hoặc GIFT), .xml (Moodle XML)")
    imported.add_argument("--course", required=True, help="khóa học: thư mục, tên thư mục hoặc mã (ví dụ attt)")
    imported.add_argument("--content", default="content", help="thư mục nội dung (mặc định: content)")
    imported.add_argument("--format", choices=["xlsx", "gift", "aiken", "moodle-xml"], help="mặc định: theo đuôi tệp")
    imported.add_argument("--lesson", help="bài học của các câu không ghi bài học (mã, số thứ tự hoặc tên bài)")
    imported.add_argument(
        "--lesson-map",
        action="append",
        default=[],
        metavar="TÊN=MÃ",
        help="tên bài học (hoặc danh mục Moodle) trong tệp ứng với mã bài học của khóa; có thể lặp lại",
    )
    imported.add_argument(
        "--replace",
        action="store_true",
        help="thay cả ngân hàng bằng tệp này (mọi mã câu đang có phải còn trong tệp), thay vì thêm vào cuối",
    )
    imported.add_argument("--out", help="ghi kết quả vào tệp này thay vì questions.yml của khóa học")
    imported.set_defaults(run=_import)

    exported = commands.add_parser(
        "export-questions", help="xuất ngân hàng câu hỏi của một khóa học ra Moodle XML, GIFT hoặc Excel"
    )
    exported.add_argument("--course", required=True, help="khóa học: thư mục, tên thư mục hoặc mã")
    exported.add_argument("--content", default="content")
    exported.add_argument("--format", required=True, choices=["moodle-xml", "gift", "xlsx"])
    exported.add_argument("--out", help="tệp đích (mặc định: <thư mục khóa học>.xml, .gift hoặc .xlsx)")
    exported.set_defaults(run=_export)

    template = commands.add_parser("question-template", help="ghi tệp Excel mẫu để đơn vị soạn câu hỏi")
    template.add_argument("--out", default=TEMPLATE_NAME, help=f"tệp đích (mặc định: {TEMPLATE_NAME})")
    template.set_defaults(run=_template)
