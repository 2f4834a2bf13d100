"""The administration function's FastAPI app: imports, background jobs (uploads, imports, certificate ZIPs, report
files), the subtree's units and learners, slips, the audit trail, reports, focal officials, classroom training,
question statistics; a router per resource.

Every route needs an administrator whose token is still current and answers only about their own subtree, but one:
a focal official (a learner given colleagues to follow, `followed`) reads their own list. A call
that shows or exports personal data (a list or a learner, slips, an applied import) leaves an audit entry first:
if the entry cannot be kept, the data is not sent.
"""

from __future__ import annotations

from fastapi import FastAPI

from functions.api import http
from functions.api.admin import (
    classes,
    classscores,
    filters,
    focal,
    followed,
    headcounts,
    jobs,
    learners,
    questions,
    reports,
    rounds,
    slips,
    trail,
    units,
    uploads,
)


def create_app() -> FastAPI:
    """A new administration app; its stores open on first request, from the settings."""
    app = http.new_app(
        "admin",
        "Quản trị: nhập đơn vị và học viên, tra cứu học viên trong phạm vi quản lý, phiếu tài khoản, nhật ký truy cập.",
    )
    resources = (
        uploads,
        jobs,
        slips,
        learners,
        headcounts,
        rounds,
        trail,
        reports,
        filters,
        focal,
        followed,
        classes,
        classscores,
        questions,
        units,
    )
    for resource in resources:
        app.include_router(resource.router)
    return app
