"""The open JSON API, `/api/v1`. It reads published versions only."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from litestar import Controller, Request, get
from litestar.datastructures import State
from litestar.di import NamedDependency, Provide
from litestar.exceptions import NotFoundException, ValidationException
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import PathParameter, QueryParameter, SkipValidation

from publisher.api_models import (
    ApiEntry,
    ApiEntryList,
    ApiFacetValue,
    ApiSearchItem,
    ApiSearchResult,
    ApiSuggestion,
    ApiVersionSummary,
    ProblemDetails,
    api_entry,
    api_summary,
    api_version,
    api_version_summary,
)
from publisher.gone import raise_missing
from publisher.searching import did_you_mean, facet_filters, run_search
from publisher.services import services_of
from register.published import InvalidCursor
from schemas.enums import EntryKind
from search.backend import MIN_SUGGEST_CHARS

API_VERSION = "1.0.0"
PROBLEM_JSON = "application/problem+json"
BAD_REQUEST = ResponseSpec(
    data_container=ProblemDetails,
    media_type=PROBLEM_JSON,
    description="A parameter is invalid; `invalid_params` names it",
)
NOT_FOUND = ResponseSpec(
    data_container=ProblemDetails, media_type=PROBLEM_JSON, description="No published entry or version with this id"
)
LIST_RESPONSES: dict[int, ResponseSpec] = {400: BAD_REQUEST}
SEARCH_UNAVAILABLE = ResponseSpec(
    data_container=ProblemDetails, media_type=PROBLEM_JSON,
    description="The search service cannot answer now; the rest of the API works. `Retry-After` says when to ask again",
)
SEARCH_RESPONSES: dict[int, ResponseSpec] = {400: BAD_REQUEST, 503: SEARCH_UNAVAILABLE}
GONE = ResponseSpec(
    data_container=ProblemDetails, media_type=PROBLEM_JSON,
    description="The entry was destroyed under the retention schedule; `detail` says when and under which declaration",
)
ITEM_RESPONSES: dict[int, ResponseSpec] = {400: BAD_REQUEST, 404: NOT_FOUND, 410: GONE}
EntryIdParam = Annotated[str, PathParameter(description="The entry's stable public id (a UUID)", max_length=64)]


def base_url(request: Request) -> str:
    return str(request.base_url).rstrip("/")



class EntriesController(Controller):
    path = "/api/v1/entries"
    tags = ["entries"]

    @get("/", operation_id="listEntries", sync_to_thread=False, responses=LIST_RESPONSES)
    def list_entries(
        self,
        request: Request,
        state: State,
        limit: Annotated[int, QueryParameter(ge=1, le=100, description="Items per page")] = 20,
        cursor: Annotated[str | None, QueryParameter(max_length=500, description="From `next`")] = None,
        kind: Annotated[EntryKind | None, QueryParameter(description="Entry kind")] = None,
        organisation: Annotated[str | None, QueryParameter(max_length=20, description="TOOI code")] = None,
        status: Annotated[
            str | None, QueryParameter(max_length=40, description="National status, or Ingetrokken")
        ] = None,
    ) -> ApiEntryList:
        """Published entries in name order, paginated with `limit` and the `next` link."""
        with services_of(state).published() as register:
            try:
                page = register.page(kind=kind, organisation=organisation, status=status, limit=limit, cursor=cursor)
            except InvalidCursor:
                raise ValidationException(
                    "invalid cursor", extra=[{"key": "cursor", "message": "unknown cursor"}]
                ) from None
        root = base_url(request)
        next_url = None
        if page.next_cursor:
            params = dict(request.query_params) | {"cursor": page.next_cursor, "limit": str(limit)}
            next_url = f"{root}/api/v1/entries?{urlencode(sorted(params.items()))}"
        return ApiEntryList(
            items=[api_summary(item, root) for item in page.items], total=page.total, limit=limit, next=next_url
        )

    @get("/{entry_id:str}", operation_id="getEntry", sync_to_thread=False, responses=ITEM_RESPONSES)
    def get_entry(self, request: Request, state: State, entry_id: EntryIdParam) -> ApiEntry:
        """Every public field of an entry's current version, with its links to other entries."""
        with services_of(state).published() as register:
            view = register.entry(entry_id)
            if view is None:
                raise_missing(register, entry_id)
        assert view is not None
        return api_entry(view, base_url(request))

    @get("/{entry_id:str}/versions", operation_id="listEntryVersions", sync_to_thread=False, responses=ITEM_RESPONSES)
    def list_versions(self, request: Request, state: State, entry_id: EntryIdParam) -> list[ApiVersionSummary]:
        """Every published version of an entry, newest first."""
        with services_of(state).published() as register:
            view = register.entry(entry_id)
            if view is None:
                raise_missing(register, entry_id)
        assert view is not None
        return [api_version_summary(entry_id, summary, base_url(request)) for summary in view.history]

    @get(
        "/{entry_id:str}/versions/{version_no:int}",
        operation_id="getEntryVersion",
        sync_to_thread=False,
        responses=ITEM_RESPONSES,
    )
    def get_version(
        self,
        request: Request,
        state: State,
        entry_id: EntryIdParam,
        version_no: Annotated[int, PathParameter(ge=1, le=1_000_000, description="Version number")],
    ) -> ApiEntry:
        """One published version of an entry, as it was published."""
        with services_of(state).published() as register:
            version = register.version(entry_id, version_no)
        if version is None:
            raise NotFoundException(f"no published version {version_no} of entry {entry_id}")
        return api_version(version, base_url(request))


class SearchController(Controller):
    path = "/api/v1/search"
    tags = ["search"]
    dependencies = {"filters": Provide(facet_filters, sync_to_thread=False)}

    @get("/", operation_id="search", sync_to_thread=False, responses=SEARCH_RESPONSES)
    def search(
        self,
        request: Request,
        state: State,
        filters: NamedDependency[SkipValidation[dict[str, list[str]]]],
        q: Annotated[
            str, QueryParameter(max_length=20_000, description="What to search for (read up to 2,000 characters)")
        ] = "",
        limit: Annotated[int, QueryParameter(ge=1, le=100)] = 20,
        offset: Annotated[int, QueryParameter(ge=0, le=10_000)] = 0,
    ) -> ApiSearchResult:
        """Search published entries: Dutch stemming, typo tolerance, compound parts, quotes, minus and OR."""
        result = run_search(services_of(state), q, filters, limit=limit, offset=offset)
        root = base_url(request)
        return ApiSearchResult(
            query=q,
            items=[
                ApiSearchItem(
                    id=hit.id,
                    name=hit.name,
                    kind=hit.kind,
                    description_short=hit.description_short,
                    snippet=hit.snippet,
                    href=f"{root}/api/v1/entries/{hit.id}",
                )
                for hit in result.hits
            ],
            total=result.total,
            limit=limit,
            offset=offset,
            facets={
                name: [ApiFacetValue(value=f.value, count=f.count) for f in values]
                for name, values in result.facets.items()
            },
            did_you_mean=did_you_mean(services_of(state), q),
        )


class SuggestController(Controller):
    path = "/api/v1/suggest"
    tags = ["search"]

    @get(
        "/",
        operation_id="suggest",
        sync_to_thread=False,
        responses=SEARCH_RESPONSES,
        response_description="Suggestions, entries before terms; an empty list for fewer than two letters",
    )
    def suggest(
        self,
        state: State,
        q: Annotated[str, QueryParameter(max_length=200, description="What has been typed so far")] = "",
        limit: Annotated[int, QueryParameter(ge=1, le=20, description="Most suggestions to give")] = 8,
    ) -> list[ApiSuggestion]:
        """Type-ahead for the search box: entries whose name has words starting with `q` first, then terms.

        Fewer than two letters suggest nothing. An entry links to its page, a term to the search for it.
        """
        if len(q.strip()) < MIN_SUGGEST_CHARS:
            return []
        return [
            ApiSuggestion(
                text=suggestion.text,
                kind="entry" if suggestion.kind == "entry" else "term",
                href=f"/register/{suggestion.entry_id}"
                if suggestion.entry_id
                else "/zoeken?" + urlencode({"q": suggestion.text}),
            )
            for suggestion in services_of(state).search.suggest(q, limit)
        ]
