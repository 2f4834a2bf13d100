"""Lambda handlers called as API Gateway calls them: an HTTP API (payload 2.0) event and a context, the answer's
status and body read back."""

from __future__ import annotations

import base64
import json
import uuid


class Context:
    """The little of Lambda's context object Mangum reads."""

    function_name = "hocso"
    aws_request_id = "2f7c8f2e-0000-4000-8000-000000000000"


def api_event(method: str, path: str, body: dict | None = None, token: str | None = None, query: str = "") -> dict:
    """The event API Gateway sends for `method path`, with a JSON body and a bearer token if given."""
    headers = {
        "accept": "application/json",
        "host": "abcdef1234.execute-api.ap-southeast-1.amazonaws.com",
        "x-forwarded-proto": "https",
        "content-type": "application/json",
    }
    if token:
        headers["authorization"] = f"Bearer {token}"
    return {
        "version": "2.0",
        "routeKey": "$default",
        "rawPath": path,
        "rawQueryString": query,
        "headers": headers,
        "requestContext": {
            "accountId": "123456789012",
            "apiId": "abcdef1234",
            "domainName": headers["host"],
            "http": {
                "method": method,
                "path": path,
                "protocol": "HTTP/1.1",
                "sourceIp": "113.160.0.10",
                "userAgent": "test",
            },
            "requestId": uuid.uuid4().hex,
            "routeKey": "$default",
            "stage": "$default",
            "time": "23/Nov/2026:08:00:00 +0000",
            "timeEpoch": 1795507200000,
        },
        "body": json.dumps(body) if body is not None else None,
        "isBase64Encoded": False,
    }


def call(handler, *args, **kwargs) -> tuple[int, object]:
    """Call a handler as API Gateway does (arguments as `api_event`'s): the status and the JSON body (or the bytes)."""
    response = handler(api_event(*args, **kwargs), Context())
    body = response.get("body") or ""
    if response.get("isBase64Encoded"):
        return response["statusCode"], base64.b64decode(body)
    return response["statusCode"], json.loads(body) if body else None
