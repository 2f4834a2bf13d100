"""A DynamoDB-API server for the tests and `make bench`: moto's server app, served one request at a time on
127.0.0.1.

Run as `python -m tests.support.dynamodb_server PORT`. moto's own `moto_server` serves requests on threads without a
lock, so two transactions on the same item can interleave there, which DynamoDB never allows (conflicting transactions
are cancelled). Serving one request at a time gives DynamoDB's per-request isolation while clients still race freely.

moto also ignores a transaction's `ClientRequestToken`; `Idempotent` adds what DynamoDB does with it, so a retried
transaction whose first try succeeded is answered, not applied again.
"""

import io
import json
import os
import sys

from moto.moto_server.werkzeug_app import DomainDispatcherApplication, MotoRequestHandler, create_backend_app
from werkzeug.serving import run_simple


class Idempotent:
    """DynamoDB's idempotent transactions in front of moto: a TransactWriteItems whose `ClientRequestToken` already
    succeeded answers that success again without writing, or `IdempotentParameterMismatchException` when it carries
    other items. (DynamoDB keeps a token 10 minutes; a test server's life is shorter.)"""

    def __init__(self, app) -> None:
        self._app = app
        self._done: dict[str, tuple[str, bytes]] = {}

    def __call__(self, environ, start_response):
        if not environ.get("HTTP_X_AMZ_TARGET", "").endswith(".TransactWriteItems"):
            return self._app(environ, start_response)
        body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
        environ["wsgi.input"] = io.BytesIO(body)
        request = json.loads(body)
        token = request.get("ClientRequestToken")
        items = json.dumps(request.get("TransactItems"), sort_keys=True)
        if token in self._done:
            seen, reply = self._done[token]
            status = "200 OK"
            if seen != items:
                status = "400 Bad Request"
                reply = json.dumps(
                    {
                        "__type": "com.amazonaws.dynamodb.v20120810#IdempotentParameterMismatchException",
                        "message": "The request uses the same client token as a previous, but non-identical request.",
                    }
                ).encode()
            headers = [("Content-Type", "application/x-amz-json-1.0"), ("Content-Length", str(len(reply)))]
            start_response(status, headers)
            return [reply]
        answered: list[str] = []

        def capture(status, headers, exc_info=None):
            answered.append(status)
            return start_response(status, headers, exc_info)

        reply = b"".join(self._app(environ, capture))
        if token and answered[0].startswith("200"):
            self._done[token] = items, reply
        return [reply]


def main() -> None:
    port = int(sys.argv[1])
    os.environ.setdefault("MOTO_PORT", str(port))
    run_simple(
        "127.0.0.1",
        port,
        Idempotent(DomainDispatcherApplication(create_backend_app)),
        threaded=False,
        request_handler=MotoRequestHandler,
    )


if __name__ == "__main__":
    main()
