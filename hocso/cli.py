"""The `hocso` command: validate content, export question banks, serve the whole system locally."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from site_builder.problems import ContentError


def _load(args: argparse.Namespace, checked: bool = False):
    """The catalogue of `--content`, or None after printing every problem."""
    from site_builder.catalog import load_catalog, load_checked

    try:
        return (load_checked if checked else load_catalog)(Path(args.content))
    except ContentError as exc:
        print(exc.report(), file=sys.stderr)
        return None


def _validate(args: argparse.Namespace) -> int:
    from site_builder import checks, cues

    catalog = _load(args)
    if catalog is None:
        return 1
    found = checks.problems(catalog, args.on)
    figures, refused = cues.check(catalog)
    for bank in figures:
        print(bank.summary())
    errors = [item for item in found + refused if not item.warning]
    warnings = [item for item in found if item.warning]
    if errors:
        print(ContentError(errors, warnings).report(), file=sys.stderr)
        return 1
    for warning in warnings:
        print(warning, file=sys.stderr)
    lessons = sum(len(course.lessons) for course in catalog.courses)
    questions = sum(len(course.questions) for course in catalog.courses)
    practice = sum(len(course.practice) for course in catalog.courses)
    warned = f" ({len(warnings)} cảnh báo)" if warnings else ""
    print(
        f"Nội dung hợp lệ{warned}: {len(catalog.courses)} khóa học, {lessons} bài học, {questions} câu hỏi kiểm tra, "
        f"{practice} câu hỏi luyện tập, {len(catalog.guides)} hướng dẫn."
    )
    return 0


def _day(text: str) -> date:
    """A `--on` date (YYYY-MM-DD)."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"ngày phải có dạng YYYY-MM-DD: {text}") from None


def _ids(args: argparse.Namespace) -> int:
    from site_builder import shortlinks

    catalog = _load(args)
    if catalog is None:
        return 1
    try:
        added = shortlinks.register_new(catalog)
    except ContentError as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    print(
        f"Đã ghi {len(added)} mã mới vào {Path(args.content) / shortlinks.REGISTER}: {', '.join(added)}"
        if added
        else "Không có mã mới."
    )
    return 0


def _export_bank(args: argparse.Namespace) -> int:
    from site_builder.answerkeys import export_banks, export_published

    catalog = _load(args)
    if catalog is None:
        return 1
    for path in [*export_banks(catalog, Path(args.out)), export_published(catalog, Path(args.out))]:
        print(path)
    return 0


def _check_build(args: argparse.Namespace) -> int:
    """Exit 1, naming each output, when a built site lacks what the hocso plugin must make (`site_builder.contract`)."""
    import json

    from site_builder.contract import missing

    catalog = _load(args)
    if catalog is None:
        return 1
    keys_file = Path(args.public_keys) if args.public_keys else None
    public_keys = json.loads(keys_file.read_text(encoding="utf-8")) if keys_file and keys_file.is_file() else None
    lacking = missing(catalog, Path(args.site), Path(args.bank), public_keys)
    if lacking:
        print(
            f"Bản dựng thiếu {len(lacking)} mục mà plugin hocso phải tạo (trình dựng trang có chạy plugin không?):",
            file=sys.stderr,
        )
        for line in lacking:
            print(f"  - {line}", file=sys.stderr)
        return 1
    print(f"Bản dựng đủ mọi mục của {len(catalog.courses)} khóa học và {len(catalog.guides)} hướng dẫn.")
    return 0


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from functions.api.server import LOOP, create_server
    from functions.settings import get_settings

    get_settings()  # a refused HOCSO_* value stops the server here, not at its first request
    site = Path(args.site)
    try:
        app = create_server(site)
    except FileNotFoundError:
        print(
            f"Chưa có trang web đã dựng trong '{site}'. Hãy chạy 'mkdocs build' (hoặc 'make run') trước.",
            file=sys.stderr,
        )
        return 1
    url = f"http://{args.host}:{args.port}/"
    print(f"hocso đang chạy tại {url}  (API: {url}api/openapi.json; dừng bằng Ctrl+C)", flush=True)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning", loop=LOOP)
    return 0


def openapi_document() -> dict:
    """The OpenAPI document of the functions as served under `/api`."""
    from functions.api.server import create_functions

    return create_functions().openapi()


def _openapi(args: argparse.Namespace) -> int:
    import json

    print(json.dumps(openapi_document(), ensure_ascii=False, indent=2))
    return 0


def parser() -> argparse.ArgumentParser:
    """The command line, with one sub-command per task."""
    root = argparse.ArgumentParser(prog="hocso", description="Công cụ dòng lệnh của hocso.")
    commands = root.add_subparsers(dest="command", required=True)

    validate = commands.add_parser("validate", help="kiểm tra nội dung, báo mọi lỗi kèm tệp và dòng")
    validate.add_argument("--content", default="content", help="thư mục nội dung (mặc định: content)")
    validate.add_argument(
        "--on", type=_day, default=None, help="đối chiếu trích dẫn văn bản với ngày này, YYYY-MM-DD (mặc định: hôm nay)"
    )
    validate.set_defaults(run=_validate)

    ids = commands.add_parser("ids", help="ghi các mã ngắn mới (khóa học, bài học, hướng dẫn) vào content/ids.yml")
    ids.add_argument("--content", default="content")
    ids.set_defaults(run=_ids)

    export = commands.add_parser("export-bank", help="xuất ngân hàng câu hỏi kèm đáp án cho các hàm máy chủ")
    export.add_argument("--content", default="content")
    export.add_argument("--out", default="build/bank", help="thư mục đích (mặc định: build/bank)")
    export.set_defaults(run=_export_bank)

    check = commands.add_parser(
        "check-build", help="kiểm tra bản dựng có đủ mọi trang, mã QR, chỉ mục, ngân hàng câu hỏi"
    )
    check.add_argument("--content", default="content")
    check.add_argument("--site", default="site", help="thư mục trang đã dựng (mặc định: site)")
    check.add_argument("--bank", default="build/bank", help="thư mục ngân hàng câu hỏi (mặc định: build/bank)")
    check.add_argument("--public-keys", help="tệp khóa công khai mà bản dựng đã công bố (keys.json)")
    check.set_defaults(run=_check_build)

    openapi = commands.add_parser("openapi", help="in tài liệu OpenAPI của các hàm máy chủ (JSON)")
    openapi.set_defaults(run=_openapi)

    serve = commands.add_parser("serve", help="chạy trang web đã dựng và các hàm máy chủ trên một cổng")
    serve.add_argument("--site", default="site", help="thư mục trang đã dựng (mặc định: site)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.set_defaults(run=_serve)

    from hocso import banks, certificates, counts, lessons, operations, questionsums, units

    operations.register(commands)
    certificates.register(commands)
    counts.register(commands)
    questionsums.register(commands)
    units.register(commands)
    banks.register(commands)
    lessons.register(commands)
    return root


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `hocso` command."""
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except RuntimeError as error:
        from functions.settings import SettingsError  # here, not above: the build's commands never read settings

        if not isinstance(error, SettingsError):
            raise
        print(error, file=sys.stderr)  # it names each refused variable; a traceback would bury it
        return 2


if __name__ == "__main__":
    sys.exit(main())
