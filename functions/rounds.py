"""Training rounds (đợt đào tạo hằng năm): the programme trains every official every year (QĐ 146/QĐ-TTg), so a
province groups its training into rounds, one a year, each with its first and last day. A round's code is its year
("2026"): the staff in post of that year (`functions.headcounts`) are the ones its report is judged against.

A province keeps its rounds in the accounts store, as one list with a version, so that a change is checked against
the whole list it replaces (two rounds may not overlap) and two changes cannot both pass that check. A year with no
round defined has an implied one, its calendar year: with no round defined, a report for 2026 counts 1 January to
31 December 2026, and a day outside every defined round belongs to its year's round.
"""

from __future__ import annotations

import re
from datetime import date

from pydantic import BaseModel, ConfigDict, Field, model_validator

YEAR = re.compile(r"^(19|20)\d\d$")
"""A round's code: a year (four digits, 1900–2099: the round before 2000's is implied, never set)."""
MESSAGES = {
    "round_code": "Mã đợt phải là một năm (ví dụ 2026)",
    "round_dates": "Ngày kết thúc đợt {last} trước ngày bắt đầu {first}",
    "round_overlap": "Đợt {code} ({first} – {last}) trùng thời gian với đợt {other} ({other_first} – {other_last})",
}
"""Every problem code of a round with its Vietnamese message."""


class Round(BaseModel):
    """A training round: its code (its year), its name, and its first and last day (both within the round)."""

    model_config = ConfigDict(frozen=True)

    code: str = Field(pattern=YEAR.pattern, description="Mã đợt: năm đào tạo (ví dụ 2026).")
    name: str = Field(min_length=1, max_length=120, description="Tên đợt.")
    first: date = Field(description="Ngày bắt đầu đợt.")
    last: date = Field(description="Ngày kết thúc đợt (còn trong đợt).")

    @model_validator(mode="after")
    def _ordered(self) -> Round:
        if self.last < self.first:
            raise ValueError(message("round_dates", first=self.first, last=self.last))
        return self

    @property
    def year(self) -> int:
        """The training year the round stands for: its code."""
        return int(self.code)

    def holds(self, day: date) -> bool:
        """Whether `day` falls within the round, first and last days included."""
        return self.first <= day <= self.last


class Rounds(BaseModel):
    """A province's rounds, in order of their first day, and the version the next change must follow."""

    model_config = ConfigDict(frozen=True)

    version: int = Field(default=0, ge=0, description="Lần thay đổi danh sách đợt (0: chưa có đợt nào).")
    rounds: tuple[Round, ...] = ()


def implied(year: int) -> Round:
    """The round a calendar year is when none is defined for it: 1 January to 31 December."""
    return Round(code=str(year), name=f"Năm {year}", first=date(year, 1, 1), last=date(year, 12, 31))


def problem(kept: Rounds, new: Round) -> tuple[str, dict[str, object]] | None:
    """Why `new` may not join the province's rounds (replacing the one of its code), as a code and the values of
    its message; None when it may."""
    for other in kept.rounds:
        if other.code != new.code and new.first <= other.last and other.first <= new.last:
            values = {"code": new.code, "first": new.first, "last": new.last}
            return "round_overlap", values | {"other": other.code, "other_first": other.first, "other_last": other.last}
    return None


def with_round(kept: Rounds, new: Round) -> Rounds:
    """The rounds with `new` in place of the one of its code (or added), in order of their first day, one version on."""
    rounds = sorted([other for other in kept.rounds if other.code != new.code] + [new], key=lambda r: r.first)
    return Rounds(version=kept.version + 1, rounds=tuple(rounds))


def by_code(kept: Rounds, code: str) -> Round:
    """The round of a code: the one defined, or the calendar year's implied round."""
    return next((r for r in kept.rounds if r.code == code), None) or implied(int(code))


def current(kept: Rounds, day: date) -> Round:
    """The round a day falls in: a defined round that holds it, or else its calendar year's round (the one defined
    for that year, though the day lies outside its dates, or the implied one). A round's report still counts only
    the days within its dates."""
    return next((r for r in kept.rounds if r.holds(day)), None) or by_code(kept, str(day.year))


def previous(kept: Rounds, this: Round) -> Round:
    """The round before `this`: the previous year's, defined or implied ("last year's figures")."""
    return by_code(kept, str(this.year - 1))


def message(problem_code: str, **values: object) -> str:
    """The Vietnamese message of a round problem."""
    return MESSAGES[problem_code].format(
        **{k: v.strftime("%d/%m/%Y") if isinstance(v, date) else v for k, v in values.items()}
    )
