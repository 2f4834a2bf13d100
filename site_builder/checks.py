"""The checks a loaded catalogue goes through beyond its model: published short ids (`ids.yml`), the places posters
are put up at (`places.yml`), citations of legal texts (`laws.yml`) on a given day, and videos without a transcript."""

from __future__ import annotations

from datetime import date

from site_builder import citations, places, shortlinks, transcripts
from site_builder.buildcache import Memo
from site_builder.problems import Problem
from site_builder.structure import Catalog


def problems(catalog: Catalog, on: date | None = None, memo: Memo | None = None) -> list[Problem]:
    """Every problem of those checks, errors and warnings (`Problem.warning`) together; `on` defaults to today;
    `memo` keeps the citations' between builds (`citations.check`)."""
    lessons = [lesson for course in catalog.courses for lesson in course.lessons]
    found = shortlinks.check(catalog) + places.of_catalog(catalog)[1] + citations.check_content(catalog, on, memo)
    return found + transcripts.missing(lessons)
