"""One OpenAPI document for all the function apps, as they are served together under `/api`."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI


def merged(apps: list[FastAPI]) -> dict[str, Any]:
    """The apps' documents joined: every path, every schema; the first app's `info`."""
    document: dict[str, Any] = {}
    for app in apps:
        part = app.openapi()
        if not document:
            document = {**part, "paths": {}, "components": {"schemas": {}}}
            document["info"] = {**part["info"], "title": "hocso functions"}
        document["paths"].update(part["paths"])
        document["components"]["schemas"].update(part.get("components", {}).get("schemas", {}))
    document["servers"] = [{"url": "/api"}]
    return document
