"""What the events function accepts: an open of a page, or a scan of a QR code with the poster's place if it has one."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from functions.reach import PLACE, SHORT_ID

ShortId = Annotated[str, Field(pattern=SHORT_ID, description="The page's short id, as in its QR link `/q/<id>/`.")]
Place = Annotated[str, Field(pattern=PLACE, description="The place code a poster's QR link carries (`?tu=`).")]


class OpenEvent(BaseModel):
    """A view of a lesson, guide or course page (sent by assets/hocso/reach.js)."""

    model_config = ConfigDict(extra="forbid")

    id: ShortId
    kind: Literal["open"]


class ScanEvent(BaseModel):
    """A QR code scanned: its short link `/q/<id>/` was opened (once a tab)."""

    model_config = ConfigDict(extra="forbid")

    id: ShortId
    kind: Literal["scan"]
    place: Place | None = None


Event = Annotated[OpenEvent | ScanEvent, Field(discriminator="kind")]
