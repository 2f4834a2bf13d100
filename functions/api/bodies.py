"""Request bodies bounded before they are read: an ASGI middleware for the local server.

Without it an anonymous 400 MB body was read whole into memory (the server grew from 145 MB to 1.35 GB) before any
route could refuse it. A body whose `Content-Length` exceeds its route's limit is refused at once, unread; one sent
without a length (chunked) is counted as it streams and refused as soon as it passes the limit. On AWS, API Gateway
bounds bodies (10 MB) before Lambda sees them; the import routes check their own 4 MB limit as well.
"""

from __future__ import annotations

import re

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from functions.errors import ERRORS, error_body

SMALL = 256 * 1024
"""Any JSON body hocso accepts (a submission, a password, an event) is a few kilobytes."""
SPREADSHEET = 4 * 1024 * 1024
"""An uploaded unit or learner list (`functions.enrolment.bounds.Bounds.bytes`)."""
_IMPORT = re.compile(r"/admin/(units|learners)/import$")
FORM = 64 * 1024
"""What a signed upload form adds around its file (the fields, the part headers)."""


def limit(scope: Scope) -> tuple[int, str]:
    """The most bytes a request's body may have and the error code beyond it: spreadsheet imports by someone who
    carries a token may send a list; everything else, and anyone anonymous, only a small body."""
    headers = dict(scope.get("headers") or [])
    if _IMPORT.search(scope.get("path", "")) and b"authorization" in headers:
        return SPREADSHEET, "import_too_large"
    if scope.get("path", "").endswith("/files/upload"):
        return SPREADSHEET + FORM, "import_too_large"  # signed, not signed in: as S3 bounds a presigned POST
    return SMALL, "body_too_large"


class BodyLimit:
    """Refuses with 413 and a code any body beyond `limit(scope)`; passes the others on, read once, unchanged."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        most, code = limit(scope)
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > most):
            await _refuse(code, scope, receive, send)
            return
        # The body is taken in before the app runs, never past the limit: the limit bounds what one request holds.
        messages: list[Message] = []
        size = 0
        while True:
            message = await receive()
            messages.append(message)
            if message["type"] != "http.request":
                break
            size += len(message.get("body", b""))
            if size > most:
                await _refuse(code, scope, receive, send)
                return
            if not message.get("more_body", False):
                break

        async def replay() -> Message:
            return messages.pop(0) if messages else await receive()

        await self.app(scope, replay, send)


async def _refuse(code: str, scope: Scope, receive: Receive, send: Send) -> None:
    # Connection: close, so the server drops the connection instead of waiting for the rest of the body.
    response = JSONResponse(error_body(code), status_code=ERRORS[code][0], headers={"Connection": "close"})
    await response(scope, receive, send)
