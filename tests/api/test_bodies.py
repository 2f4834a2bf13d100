"""Request bodies are refused by their route's limit before the app reads them (the ASGI middleware, called
directly)."""

import asyncio
import json

from functions.api.bodies import SMALL, SPREADSHEET, BodyLimit


def call(path: str, chunks: list[bytes], headers: list[tuple[bytes, bytes]]) -> tuple[int, dict, list[bytes], int]:
    """(status, body, what the app received, how many chunks were taken from the client)."""
    taken = 0
    received: list[bytes] = []
    sent: list[dict] = []

    async def receive():
        nonlocal taken
        taken += 1
        if taken <= len(chunks):
            return {"type": "http.request", "body": chunks[taken - 1], "more_body": taken < len(chunks)}
        return {"type": "http.disconnect"}

    async def send(message):
        sent.append(message)

    async def app(scope, receive, send):
        while True:
            message = await receive()
            received.append(message.get("body", b""))
            if not message.get("more_body"):
                break
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"{}"})

    scope = {"type": "http", "method": "POST", "path": path, "headers": headers}
    asyncio.run(BodyLimit(app)(scope, receive, send))
    body = b"".join(message.get("body", b"") for message in sent if message["type"] == "http.response.body")
    return sent[0]["status"], json.loads(body), received, taken


def test_a_declared_length_beyond_the_limit_is_refused_unread():
    status, body, received, taken = call("/api/quiz/x", [b"x"], [(b"content-length", b"400000000")])
    assert (status, body["error"]["code"], received, taken) == (413, "body_too_large", [], 0)


def test_a_streamed_body_is_refused_once_it_passes_the_limit():
    chunks = [b"x" * 65536] * 1000  # 64 MB offered, without a length
    status, body, received, taken = call("/api/admin/learners/import", chunks, [])
    assert (status, body["error"]["code"], received) == (413, "body_too_large", [])
    assert taken == SMALL // 65536 + 1


def test_an_import_with_a_token_may_send_a_spreadsheet_and_the_app_gets_it_unchanged():
    chunks = [b"a" * 1024 * 1024] * 3
    status, _, received, _ = call("/api/admin/units/import", chunks, [(b"authorization", b"Bearer t")])
    assert status == 200 and b"".join(received) == b"".join(chunks)
    too_much = [b"a" * 1024 * 1024] * 5
    status, body, _, _ = call("/api/admin/units/import", too_much, [(b"authorization", b"Bearer t")])
    assert (status, body["error"]["code"], SPREADSHEET) == (413, "import_too_large", 4 * 1024 * 1024)
