"""The learner categories the programme counts separately, a fixed list: codes stored and counted, labels printed.

Named as the programme documents name the groups they train (shared/programme): cán bộ, công chức, viên chức (the
province plans: KH 420/KH-UBND Nghệ An 2023, QĐ 146/QĐ-TTg); người lao động in state bodies (QĐ 146/QĐ-TTg: "cán bộ
công chức, viên chức và người lao động trong cơ quan nhà nước"); người hoạt động không chuyên trách at commune and
village level (the new-countryside programme 2021-2025); thành viên Tổ công nghệ số cộng đồng (4510/BTTTT-CĐSQG);
đoàn viên thanh niên (4509/BTTTT-CĐSQG); doanh nghiệp and người dân (KH 420, "phổ cập kỹ năng số").

An account imported without a category, and every counter written before categories existed, is `UNKNOWN`
("Không rõ"): reports show it as a column of its own rather than guess.
"""

from __future__ import annotations

import re
import unicodedata

CATEGORIES: dict[str, str] = {
    "cbccvc": "Cán bộ, công chức, viên chức",
    "nld": "Người lao động trong cơ quan nhà nước",
    "kct": "Người hoạt động không chuyên trách ở xã, thôn, tổ dân phố",
    "cnscd": "Thành viên Tổ công nghệ số cộng đồng",
    "dvtn": "Đoàn viên thanh niên",
    "dn": "Doanh nghiệp",
    "dan": "Người dân",
}
"""Code → label, in the order reports print them. Codes are short, lower case and never all digits (a DynamoDB
counter key tells a category from a shard by that)."""
UNKNOWN = "khong-ro"
UNKNOWN_LABEL = "Không rõ"
SHORT: dict[str, str] = {
    "cbccvc": "CB, CC, VC",
    "nld": "Người lao động",
    "kct": "Không chuyên trách",
    "cnscd": "Tổ CNSCĐ",
    "dvtn": "Đoàn viên TN",
    "dn": "Doanh nghiệp",
    "dan": "Người dân",
    UNKNOWN: UNKNOWN_LABEL,
}
"""Column headings where the full label is too long (report tables, spreadsheet sheet names: 31 characters)."""


def _key(text: str) -> str:
    """Lower case without accents or punctuation, as import headers are matched: "Đoàn viên thanh niên" →
    "doan vien thanh nien"."""
    bare = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(char for char in bare if not unicodedata.combining(char)).lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", bare).split())


_BY_KEY: dict[str, str] = {
    **{_key(label): code for code, label in CATEGORIES.items()},
    **{_key(label): code for code, label in SHORT.items() if code != UNKNOWN},
    **{_key(code): code for code in CATEGORIES},
    # The names the documents also use for the same groups.
    _key("Cán bộ công chức viên chức"): "cbccvc",
    _key("Tổ công nghệ số cộng đồng"): "cnscd",
    _key("Người lao động"): "nld",
    _key("Người hoạt động không chuyên trách"): "kct",
}


def code_of(text: str) -> str | None:
    """The category a cell names, by label, short label or code, accents, case and punctuation aside; None when it
    names none. An empty cell is not asked here: it means no category (`UNKNOWN`)."""
    return _BY_KEY.get(_key(text))


def label(code: str | None) -> str:
    """The printed label of a stored category; `UNKNOWN_LABEL` for none."""
    return CATEGORIES.get(code or "", UNKNOWN_LABEL)


def columns() -> list[str]:
    """Every category a report may show, `UNKNOWN` last."""
    return [*CATEGORIES, UNKNOWN]
