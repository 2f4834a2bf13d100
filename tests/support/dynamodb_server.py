"""A DynamoDB-API server for the tests and `make bench`: moto's server app, served one request at a time on
127.0.0.1.

Run as `python -m tests.support.dynamodb_server PORT`. moto's own `moto_server` serves requests on threads without a
lock, so two transactions on the same item can interleave there, which DynamoDB never allows (conflicting transactions
are cancelled). Serving one request at a time gives DynamoDB's per-request isolation while clients still race freely.
"""

import os
import sys

from moto.moto_server.werkzeug_app import DomainDispatcherApplication, MotoRequestHandler, create_backend_app
from werkzeug.serving import run_simple


def main() -> None:
    port = int(sys.argv[1])
    os.environ.setdefault("MOTO_PORT", str(port))
    run_simple(
        "127.0.0.1",
        port,
        DomainDispatcherApplication(create_backend_app),
        threaded=False,
        request_handler=MotoRequestHandler,
    )


if __name__ == "__main__":
    main()
