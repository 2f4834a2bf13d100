"""Staff in post (số biên chế): how many people of each learner category a unit has, per training year.

The programme's targets are shares of the staff in post (80% in ethnic-minority, mountain and island communes, 100%
elsewhere), so a report signed by a province divides passes by headcounts, not by accounts issued: a commune that
imports only its willing staff must not look on target. A unit carries its headcounts in its stored body
(`Unit.headcounts`), so both stores keep them without a schema change and a report reads them with the units.

`year` is the training year the headcount stands for (the accounts issued that year are those it is checked
against); a yearly training round can take it up as its own year. A headcount is never below the accounts already
issued to the unit in that category and year: every account is a person in post, or the headcount is wrong.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict, Field

from functions import categories

_WHOLE = re.compile(r"\d{1,3}([.,]\d{3})+|\d+")
MAX_STAFF = 1_000_000
"""No unit has more staff in post than this: a larger figure is a typing mistake (a pasted phone number)."""
MESSAGES = {
    "headcount_not_number": "Số biên chế phải là số nguyên không âm (0, 1, 2, ...)",
    "headcount_too_large": "Số biên chế quá lớn (tối đa {limit})",
    "headcount_below_issued": "Số biên chế {staff} nhỏ hơn số tài khoản đã cấp cho đối tượng này năm {year} "
    "({issued}): kiểm tra lại số biên chế",
}
"""Every problem code of a headcount with its Vietnamese message (import rows and the API alike)."""


class Headcount(BaseModel):
    """A unit's staff in post of one category in one training year."""

    model_config = ConfigDict(frozen=True)

    year: int = Field(ge=2000, le=2100, description="Năm đào tạo (năm của số biên chế).")
    category: str = Field(description="Mã đối tượng (danh sách cố định).")
    staff: int = Field(ge=0, le=MAX_STAFF, description="Số biên chế (người đang công tác).")


def staff_number(text: str) -> int | None:
    """The headcount a cell holds: digits, with the thousands separators spreadsheets add (`1.200`, `1,200`), or a
    whole float Excel made of a number (`12.0`); None for anything else (negative, fractional, words)."""
    cleaned = text.strip().replace(" ", "").removesuffix(".0")
    if not _WHOLE.fullmatch(cleaned):
        return None
    return int(cleaned.replace(".", "").replace(",", ""))


def merged(kept: Iterable[Headcount], new: Iterable[Headcount]) -> tuple[Headcount, ...]:
    """`kept` with each (year, category) of `new` replaced or added, in (year, list order): a unit list or a form
    that gives some categories leaves the others as they were."""
    by_key = {(count.year, count.category): count for count in kept}
    by_key.update({(count.year, count.category): count for count in new})
    order = {code: n for n, code in enumerate(categories.columns())}
    return tuple(sorted(by_key.values(), key=lambda count: (count.year, order.get(count.category, len(order)))))


def summed(counts: Iterable[Headcount]) -> tuple[Headcount, ...]:
    """Headcounts of one unit with those of the same year and category added together (a merged unit's to its
    successor's, `functions.accounts.merges`), in year and category-list order."""
    total: dict[tuple[int, str], int] = {}
    for count in counts:
        total[count.year, count.category] = total.get((count.year, count.category), 0) + count.staff
    order = {code: n for n, code in enumerate(categories.columns())}
    return tuple(
        Headcount(year=year, category=category, staff=staff)
        for (year, category), staff in sorted(total.items(), key=lambda item: (item[0][0], order.get(item[0][1], 99)))
    )


def of_year(headcounts: Iterable[Headcount], year: int) -> dict[str, int]:
    """Category → staff in post of one year."""
    return {count.category: count.staff for count in headcounts if count.year == year}


def below_issued(new: Iterable[Headcount], issued: dict[tuple[int, str], int]) -> list[tuple[Headcount, int]]:
    """The headcounts below the accounts already issued in their (year, category), with that number."""
    return [(count, issued[key]) for count in new if count.staff < (issued.get(key := (count.year, count.category), 0))]


def message(code: str, **values: object) -> str:
    """The Vietnamese message of a headcount problem."""
    return MESSAGES[code].format(**values)
