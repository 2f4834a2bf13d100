"""A DynamoDB-API server for the tests and `make bench`: moto's server app, served one request at a time on
127.0.0.1.

Run as `python -m tests.support.dynamodb_server PORT`. moto's own `moto_server` serves requests on threads without a
lock, so two transactions on the same item can interleave there, which DynamoDB never allows (conflicting transactions
are cancelled). Serving one request at a time gives DynamoDB's per-request isolation while clients still race freely.

moto also ignores a transaction's `ClientRequestToken`; `Idempotent` adds what DynamoDB does with it, so a retried
transaction whose first try succeeded is answered, not applied again.

moto rolls a failed transaction back by restoring a deep copy of the table, taken once per item of the transaction:
a 100-item transaction on a table of 20,000 items copied it 100 times, and an import of 4,500 learners took minutes.
`journaled_transactions` keeps instead the items the transaction names, as they were, and puts them back when it
fails: the same rollback, at the cost of the transaction's own items.
"""

import copy
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


class _NoTableCopies:
    """`copy` as moto's DynamoDB models see it: inside a journaled transaction a table is not copied (its "copy" is
    itself, so moto's own restore changes nothing); outside, everything is as `copy` does."""

    def __init__(self) -> None:
        self.inside = False

    def __getattr__(self, name: str):
        return getattr(copy, name)

    def deepcopy(self, thing, memo=None):
        return thing if self.inside and memo is None else copy.deepcopy(thing, memo)


def journaled_transactions() -> None:
    """Roll a failed transaction back from a journal of its own items instead of a copy of every table it touches.
    The server serves one request at a time, so nothing else sees the items between the journal and the rollback."""
    from moto.dynamodb import models

    shim = _NoTableCopies()
    models.copy = shim  # type: ignore[assignment]
    transact = models.DynamoDBBackend.transact_write_items

    def journaled(self, transact_items):
        saved = []
        for item in transact_items:
            op = next(iter(item.values()), {})
            table = self.tables.get(op.get("TableName"))
            try:
                if "Item" in op:
                    attrs = op["Item"]
                    key = {table.hash_key_attr: attrs[table.hash_key_attr]}
                    if table.range_key_attr is not None:
                        key[table.range_key_attr] = attrs[table.range_key_attr]
                else:
                    key = op["Key"]
                before = self.get_item(op["TableName"], key)
            except Exception:  # no such table or a malformed key: moto refuses the transaction before writing
                continue
            saved.append((op["TableName"], key, copy.deepcopy(before.to_json()["Attributes"]) if before else None))
        shim.inside = True
        try:
            return transact(self, transact_items)
        except Exception:
            for table_name, key, before in reversed(saved):
                if before is None:
                    self.delete_item(table_name, key)
                else:
                    self.put_item(table_name, before)
            raise
        finally:
            shim.inside = False

    models.DynamoDBBackend.transact_write_items = journaled  # type: ignore[method-assign]


def main() -> None:
    journaled_transactions()
    # moto parses an update expression into a tree as deep as its clauses and copies it recursively: an `ADD` of a
    # few hundred attributes (DynamoDB takes 4 KB of expression) passes the default limit of 1,000 frames.
    sys.setrecursionlimit(20_000)
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
