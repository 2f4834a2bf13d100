"""The edge: every HTTP concern of the functions. One folder per Lambda function (`app.py` its FastAPI app,
`schemas.py` its request and response bodies, `handler.py` its Lambda entry point), the dependencies they share split
by concern (`deps/`), who is calling (`identity`), the error and body-size middleware, the OpenAPI document and the
local server that mounts every function under `/api`. Nothing below this package imports fastapi, starlette or
mangum, and no function's app imports another's."""
