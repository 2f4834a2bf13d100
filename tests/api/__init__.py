"""The edge: each function's app over HTTP in process, its handler, schemas, bodies and the local server."""
