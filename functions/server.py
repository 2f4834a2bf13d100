"""The local, one-process system: the built site at `/` and every function app under `/api`."""

from __future__ import annotations

from pathlib import Path

from starlette.applications import Starlette
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

from functions.quiz.app import create_app as create_quiz_app


def create_server(site_dir: Path) -> Starlette:
    """One ASGI app serving `site_dir` and the functions, as CloudFront and API Gateway do on AWS."""
    if not (site_dir / "index.html").is_file():
        raise FileNotFoundError(f"{site_dir}/index.html is missing: build the site first (mkdocs build)")
    return Starlette(
        routes=[
            Mount("/api", app=create_quiz_app()),
            Mount("/", app=StaticFiles(directory=site_dir, html=True)),
        ]
    )
