"""Sub-command for the reports' counters: counting the marks that were parked (or only logged) when the store could
not take them (`functions.reports.tally.reconcile`)."""

from __future__ import annotations

import argparse
from pathlib import Path

from hocso.operations import _settings


def _reconcile(args: argparse.Namespace) -> int:
    from functions.reports.tally import logged, reconcile
    from functions.stores.tally import open_tally

    also = [mark for path in args.log for mark in logged(Path(path).read_text(encoding="utf-8", errors="replace"))]
    tally = open_tally(_settings())
    try:
        done = reconcile(tally, also)
    finally:
        tally.close()
    print(f"Đã đếm {done.counted} bước còn treo; {done.already} bước đã được đếm từ trước.")
    return 0


def register(commands) -> None:
    """Add this sub-command to the `hocso` command line."""
    reconciled = commands.add_parser(
        "reconcile-counts",
        help="đếm các bước học chưa được ghi vào số liệu báo cáo (đã để treo, hoặc chỉ có trong nhật ký --log); "
        "chạy lại bao nhiêu lần cũng không đếm trùng",
    )
    reconciled.add_argument(
        "--log",
        action="append",
        default=[],
        metavar="TỆP",
        help="tệp nhật ký của các hàm máy chủ (xuất từ CloudWatch Logs, mọi định dạng) để tìm bản ghi hocso-unparked; "
        "có thể lặp lại",
    )
    reconciled.set_defaults(run=_reconcile)
