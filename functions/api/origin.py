"""Requests that did not come through CloudFront, refused.

An HTTP API always has its own `https://<id>.execute-api.<region>.amazonaws.com` address: anyone who learns it could
call the functions around CloudFront and its web ACL (the rate rules, the IP-reputation list). A REST API could be made
private by a resource policy; an HTTP API has none, and disabling its default endpoint needs a regional custom domain
and certificate of its own. So CloudFront adds a secret header to every request it sends to the API (the
distribution's `X-Hocso-Origin`, replacing any a viewer sent), and each function refuses a request without it, before
reading its body. The secret is `HOCSO_ORIGIN_SECRET`; unset (a local run), every request is let through.
"""

from __future__ import annotations

import hmac

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from functions.errors import ERRORS, error_body
from functions.settings import get_settings

HEADER = "x-hocso-origin"
"""The header CloudFront adds (header names are lower case in ASGI)."""


def _health(scope: Scope) -> bool:
    # The health check says only "ok", and a monitor may ask it of the API's own address.
    return scope.get("method") == "GET" and scope.get("path", "").rstrip("/").endswith("/health")


class OriginCheck:
    """ASGI middleware: `direct_access_refused` for a request without the origin secret, when one is set."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not _health(scope):
            secret = get_settings().origin_secret
            if secret:
                sent = dict(scope["headers"]).get(HEADER.encode(), b"")
                if not hmac.compare_digest(sent, secret.encode()):
                    code = "direct_access_refused"
                    response = JSONResponse(
                        error_body(code), status_code=ERRORS[code][0], headers={"Cache-Control": "no-store"}
                    )
                    await response(scope, receive, send)
                    return
        await self.app(scope, receive, send)
