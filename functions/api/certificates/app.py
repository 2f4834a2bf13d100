"""The certificates function's FastAPI app: claim on passing, verify by number, download, revoke; a router per
resource. A subtree's certificates as one ZIP are a background job of the administrators' (`functions.jobs`): a ZIP
is never a function's answer.

It is the only function that loads the PDF library and the signing key.
"""

from __future__ import annotations

from fastapi import FastAPI

from functions.api import http
from functions.api.certificates import claims, revoking, verification


def create_app() -> FastAPI:
    """A new certificates app; stores, keys and the blob store open on first request, from the settings."""
    app = http.new_app(
        "certificates",
        "Giấy chứng nhận hoàn thành khóa học: cấp khi đạt, xác minh theo số, tải PDF, thu hồi.",
    )

    # In this order: `/certificates/mine` and `/certificates/status/...` before `/certificates/{number}`.
    for resource in (claims, verification, revoking):
        app.include_router(resource.router)
    return app
