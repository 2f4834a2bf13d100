"""Who is calling. Until accounts exist, the browser keeps a random learner id and sends it in a header.

This module is the one place that decides identity: the accounts work replaces `current_learner` with a
check of a signed token, and no route changes.
"""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import Depends, Header

from functions.errors import ApiError

LEARNER_HEADER = "X-Hocso-Learner"
_LEARNER_ID = re.compile(r"[A-Za-z0-9_-]{16,64}")


async def current_learner(
    x_hocso_learner: Annotated[str | None, Header(description="Mã người học ngẫu nhiên do trình duyệt giữ.")] = None,
) -> str:
    """The learner id of the request, or 401 when it is missing or malformed."""
    if x_hocso_learner is None or not _LEARNER_ID.fullmatch(x_hocso_learner):
        raise ApiError("learner_required")
    return x_hocso_learner


Learner = Annotated[str, Depends(current_learner)]
