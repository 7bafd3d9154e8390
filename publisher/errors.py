"""Errors answer in the caller's terms: problem+json on the API, a Dutch page on the site."""

from __future__ import annotations

import logging
from http import HTTPStatus

from litestar import Request, Response
from litestar.exceptions import HTTPException, NotFoundException, ValidationException
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR

from publisher.api import PROBLEM_JSON
from publisher.api_models import ProblemDetails
from publisher.gone import EntryGone
from publisher.rendering import render
from search import SearchUnavailable

logger = logging.getLogger("glazenstad")
SEARCH_RETRY_AFTER_SECONDS = 30


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _invalid_params(exception: HTTPException) -> list[dict[str, str]]:
    params = []
    for item in exception.extra if isinstance(exception.extra, list) else []:
        if isinstance(item, dict):
            params.append({"name": str(item.get("key", "")), "reason": str(item.get("message", ""))})
    return params


def handle_http_error(request: Request, exception: HTTPException) -> Response[object]:
    status = exception.status_code
    if _is_api(request):
        problem = ProblemDetails(
            title=_title(status), status=status, detail=exception.detail, instance=request.url.path,
            invalid_params=_invalid_params(exception) if isinstance(exception, ValidationException) else [],
        )
        return Response(content=problem, status_code=status, media_type=PROBLEM_JSON,
                        headers=getattr(exception, "headers", None))
    if isinstance(exception, EntryGone):
        return render(request, "gone.html", status_code=410, tombstone=exception.tombstone)
    if isinstance(exception, NotFoundException) or status == 404:
        return render(request, "error.html", status_code=404, title_key="not_found_title", text_key="not_found_text")
    if status >= 500:
        return render(request, "error.html", status_code=status, title_key="error_title", text_key="error_text")
    return render(request, "error.html", status_code=status, title_key="bad_request_title",
                  text_key="bad_request_text", detail=exception.detail,
                  invalid_params=_invalid_params(exception) if isinstance(exception, ValidationException) else [])


def handle_search_unavailable(request: Request, exception: SearchUnavailable) -> Response[object]:
    """Search is down: a notice on the page, problem+json on the API, both 503; every other page still works."""
    logger.warning("search unavailable on %s: %s", request.url.path, exception)
    status = HTTPStatus.SERVICE_UNAVAILABLE
    headers = {"Retry-After": str(SEARCH_RETRY_AFTER_SECONDS)}
    if _is_api(request):
        problem = ProblemDetails(title=_title(status), status=status, instance=request.url.path,
                                 detail="Search is temporarily unavailable; the rest of the API works. Try again soon.")
        return Response(content=problem, status_code=status, media_type=PROBLEM_JSON, headers=headers)
    page = render(request, "error.html", status_code=status, title_key="search_unavailable_title",
                  text_key="search_unavailable_text")
    page.headers.update(headers)
    return page


def handle_unexpected_error(request: Request, exception: Exception) -> Response[object]:
    logger.exception("unexpected error on %s", request.url.path, exc_info=exception)
    status = HTTP_500_INTERNAL_SERVER_ERROR
    if _is_api(request):
        problem = ProblemDetails(title=_title(status), status=status, instance=request.url.path)
        return Response(content=problem, status_code=status, media_type=PROBLEM_JSON)
    return render(request, "error.html", status_code=status, title_key="error_title", text_key="error_text")


def _title(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"

