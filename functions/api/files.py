"""The local stand-in for S3's presigned POST and GET: where a browser uploads a list for a job and downloads what a
job made, on one machine (`make run`). Only the local server mounts it (`functions.api.server`); on AWS the browser
talks to the bucket itself. Each form and link is checked against the signature `functions.blobs.LocalBlobs` gave it:
the key, the time it expires, the most bytes it may post, the name and type it downloads as."""

from __future__ import annotations

from collections.abc import Callable

from starlette.applications import Starlette
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Route

from functions.blobs import Blobs, LinkRefused, LocalBlobs
from functions.downloads import attachment
from functions.enrolment.bounds import BOUNDS
from functions.errors import error_body

FIELDS = ("key", "expires", "max", "signature")


def _refused(code: str, status: int | None = None) -> JSONResponse:
    from functions.errors import ERRORS

    return JSONResponse(error_body(code), status_code=status or ERRORS[code][0], headers={"Cache-Control": "no-store"})


def create_files_app(blobs: Callable[[], Blobs]) -> Starlette:
    """The files routes over the blob store `blobs()` gives: a local folder (anything else has no such routes)."""

    def local() -> LocalBlobs | None:
        store = blobs()
        return store if isinstance(store, LocalBlobs) else None

    async def upload(request: Request) -> Response:
        store = local()
        if store is None:
            return _refused("not_found")
        try:
            form = await request.form(max_files=1, max_fields=len(FIELDS), max_part_size=1024)
        except Exception:  # a body that is no multipart form at all
            return _refused("link_refused")
        fields = {name: form.get(name) for name in FIELDS}
        file = form.get("file")
        if not all(isinstance(value, str) for value in fields.values()) or not isinstance(file, UploadFile):
            return _refused("link_refused")
        key, until, most, signature = (str(fields[name]) for name in FIELDS)
        try:
            store.check_link("POST", key, until, most, signature=signature)
        except (LinkRefused, ValueError):
            return _refused("link_refused")
        data = await file.read(min(int(most), BOUNDS.bytes) + 1)
        if not data or len(data) > int(most):
            return _refused("import_too_large")
        store.put(key, data, "application/octet-stream")
        return Response(status_code=204)

    async def download(request: Request) -> Response:
        store = local()
        if store is None:
            return _refused("not_found")
        key, asked = request.path_params["key"], request.query_params
        filename, media_type = asked.get("filename", ""), asked.get("type", "")
        try:
            store.check_link(
                "GET", key, asked.get("expires", ""), filename, media_type, signature=asked.get("signature", "")
            )
        except (LinkRefused, ValueError):
            return _refused("link_refused")
        path = store.path(key)
        if not path.is_file():
            return _refused("not_found")
        headers = {**attachment(filename), "Cache-Control": "no-store"}
        return FileResponse(path, media_type=media_type, headers=headers)

    return Starlette(
        routes=[Route("/files/upload", upload, methods=["POST"]), Route("/files/{key:path}", download, methods=["GET"])]
    )
