"""Sub-command for the question statistics: adding the sums of submissions that could not be written when they were
graded, read back from the functions' log (`functions.questions.sums.replay`), each attempt's once."""

from __future__ import annotations

import argparse
from pathlib import Path

from hocso.operations import _settings


def _replay(args: argparse.Namespace) -> int:
    from functions.questions.sums import logged, replay
    from functions.stores.questions import open_question_sums

    unkept = [found for path in args.log for found in logged(Path(path).read_text(encoding="utf-8", errors="replace"))]
    store = open_question_sums(_settings())
    try:
        added, before = replay(store, unkept)
    finally:
        store.close()
    print(f"Đã cộng số liệu câu hỏi của {added} bài nộp; {before} bài đã được cộng từ trước.")
    return 0


def register(commands) -> None:
    """Add this sub-command to the `hocso` command line."""
    replayed = commands.add_parser(
        "add-question-sums",
        help="cộng vào thống kê câu hỏi các bài nộp chưa ghi được (bản ghi hocso-unkept-sums trong nhật ký --log); "
        "chạy lại bao nhiêu lần cũng không cộng trùng",
    )
    replayed.add_argument(
        "--log",
        action="append",
        default=[],
        metavar="TỆP",
        help="tệp nhật ký của hàm chấm bài (xuất từ CloudWatch Logs, mọi định dạng); có thể lặp lại",
    )
    replayed.set_defaults(run=_replay)
