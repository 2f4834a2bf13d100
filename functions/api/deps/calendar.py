"""Vietnam's working days, with the overrides of the `calendar` setting: deadlines are counted in them."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from functions.accounts import calendar


async def get_calendar() -> calendar.WorkingCalendar:
    """Vietnam's working days with the configured overrides; the accounts and administrators' functions read the
    same one."""
    return calendar.configured()


Calendar = Annotated[calendar.WorkingCalendar, Depends(get_calendar)]
