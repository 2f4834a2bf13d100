"""Working days in Vietnam, and the deadline they give a learner: 10 working days from getting the account.

Weekends and public holidays come from the `holidays` package's Vietnam calendar (Tết Nguyên Đán, Giỗ Tổ Hùng Vương,
30/4, 1/5, 2/9 and its extra day, days off in lieu, and the weekday/Saturday swaps it knows). The government announces
further swaps year by year, often after the package was released, so `content/calendar.yml` adds days off and
working days on top; an entry there always wins over the package.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

import holidays
import yaml

from functions.settings import get_settings

SECTIONS = ("days_off", "working_days")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# libyaml's composer when PyYAML was built with it, else pure Python; only nodes are built, so dates stay text.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MESSAGES: dict[str, str] = {
    "calendar_bad_yaml": "Tệp không phải YAML hợp lệ: {detail}.",
    "calendar_bad_file": "Tệp phải gồm hai mục days_off và working_days.",
    "calendar_unknown_section": "Mục '{value}' không được hỗ trợ; chỉ dùng days_off và working_days.",
    "calendar_bad_section": "Mục {value} phải gồm các dòng dạng 'NNNN-TT-NN: lý do', ví dụ 2026-08-22: \"Làm bù ...\".",
    "calendar_bad_date": "'{value}' không phải là ngày hợp lệ; viết theo dạng NNNN-TT-NN, ví dụ 2026-08-22.",
    "calendar_missing_reason": "Ngày {value} cần ghi kèm lý do và căn cứ (số thông báo, văn bản).",
    "calendar_duplicate_date": "Ngày {value} đã được ghi ở dòng {first}.",
}


class CalendarError(ValueError):
    """A problem in the calendar file: `code` is stable, `message` is Vietnamese, `line` is 1-based."""

    def __init__(self, code: str, path: str, line: int | None, field: str = "", **facts: object) -> None:
        self.code = code
        self.path = path
        self.line = line
        self.field = field
        self.message = MESSAGES[code].format(**facts)
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}:{f' {field}:' if field else ''} {self.message} [{code}]")


class WorkingCalendar:
    """Vietnam's working days: Monday to Friday except public holidays, corrected by explicit overrides."""

    def __init__(self, days_off: Iterable[date] = (), working_days: Iterable[date] = ()) -> None:
        self.days_off = frozenset(days_off)
        self.working_days = frozenset(working_days)
        if clash := self.days_off & self.working_days:
            raise ValueError(f"days both off and worked: {sorted(clash)}")
        # The package fills in each year the first time a date in it is asked about, so one instance serves any year.
        self._public = holidays.country_holidays("VN")

    def is_working_day(self, day: date) -> bool:
        """Whether offices work on `day`."""
        if day in self.working_days:
            return True
        if day in self.days_off:
            return False
        return self._public.is_working_day(day)

    def deadline(self, start: date, working_days: int = 10) -> date:
        """The last day to finish "within `working_days` working days from the day the account is issued".

        The issue day is day 1 when it is a working day; an account issued on a weekend or holiday starts counting
        on the next working day. So an account issued on Monday 5/10/2026 has until Friday 16/10/2026.
        """
        if working_days < 1:
            raise ValueError("working_days must be at least 1")
        day, counted = start, 0
        while True:
            if self.is_working_day(day):
                counted += 1
                if counted == working_days:
                    return day
            day += timedelta(days=1)

    def working_days_left(self, today: date, deadline: date) -> int:
        """Working days from `today` to `deadline`, both included; 0 once the deadline has passed.

        On the issue day this equals the number of days given, and on the deadline itself it is 1 (today still counts).
        """
        return sum(
            1 for offset in range((deadline - today).days + 1) if self.is_working_day(today + timedelta(days=offset))
        )


def _section(node: yaml.Node, name: str, path: str, seen: dict[date, int]) -> list[date]:
    if isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null"):
        return []  # `days_off:` with nothing under it
    if not isinstance(node, yaml.MappingNode):
        raise CalendarError("calendar_bad_section", path, node.start_mark.line + 1, name, value=name)
    days = []
    for key, value in node.value:
        line = key.start_mark.line + 1
        text = key.value if isinstance(key, yaml.ScalarNode) else "?"
        try:
            if not _ISO_DATE.fullmatch(text):
                raise ValueError(text)
            day = date.fromisoformat(text)
        except ValueError:
            raise CalendarError("calendar_bad_date", path, line, name, value=text) from None
        if not (isinstance(value, yaml.ScalarNode) and value.value.strip()) or value.tag.endswith(":null"):
            raise CalendarError("calendar_missing_reason", path, line, name, value=text)
        if day in seen:
            raise CalendarError("calendar_duplicate_date", path, line, name, value=text, first=seen[day])
        seen[day] = line
        days.append(day)
    return days


def parse(text: str, path: str = "content/calendar.yml") -> WorkingCalendar:
    """A calendar from the text of an overrides file; `path` only names the file in errors."""
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        detail = getattr(exc, "problem", None) or str(exc)
        raise CalendarError("calendar_bad_yaml", path, mark.line + 1 if mark else None, detail=detail) from None
    finally:
        loader.dispose()
    if root is None:
        return WorkingCalendar()
    if not isinstance(root, yaml.MappingNode):
        raise CalendarError("calendar_bad_file", path, root.start_mark.line + 1)
    found: dict[str, list[date]] = {name: [] for name in SECTIONS}
    seen: dict[date, int] = {}  # across both sections, so a day cannot be both off and worked
    for key, value in root.value:
        if not isinstance(key, yaml.ScalarNode) or key.value not in SECTIONS:
            name = key.value if isinstance(key, yaml.ScalarNode) else "?"
            raise CalendarError("calendar_unknown_section", path, key.start_mark.line + 1, value=name)
        found[key.value].extend(_section(value, key.value, path, seen))
    return WorkingCalendar(days_off=found["days_off"], working_days=found["working_days"])


def load(path: Path) -> WorkingCalendar:
    """A calendar from an overrides file such as `content/calendar.yml`."""
    return parse(path.read_text(encoding="utf-8"), str(path))


@lru_cache(maxsize=1)
def configured() -> WorkingCalendar:
    """The functions' calendar: the package's holidays plus the settings' `calendar` file (`HOCSO_CALENDAR`, by
    default `content/calendar.yml`, which the Lambda packages carry at the same path), read once per process."""
    path = get_settings().calendar
    return load(path) if path.is_file() else WorkingCalendar()
