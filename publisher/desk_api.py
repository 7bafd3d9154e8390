"""The editorial API, `/api/v1/desk`: the same validation and workflow as the desk's forms,
for bearer-token holders. Every request is one transaction."""

from __future__ import annotations

from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, Response, get, post, put
from litestar.datastructures import State
from litestar.di import NamedDependency, Provide
from litestar.exceptions import HTTPException, NotFoundException
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import Body, HeaderParameter, PathParameter, SkipValidation
from litestar.status_codes import HTTP_201_CREATED

from publisher.api import PROBLEM_JSON, base_url
from publisher.api_models import ProblemDetails
from publisher.auth import provide_api_actor
from publisher.desk_models import (
    READ_ONLY_KEYS,
    CreatedDraft,
    DeskDraft,
    TransitionRequest,
    TransitionResult,
    desk_draft,
    etag_of,
    revision_from_etag,
)
from publisher.editing import after_commit, notify_transition
from publisher.services import services_of
from register.accounts import Actor
from register.entries import EntryNotFound
from register.hashing import decode_stored
from register.listing import LoggedEvent, entry_events
from register.workflow import (
    NotAllowed,
    StaleEdit,
    WrongState,
    create_draft,
    entry_for,
    open_version,
    save_draft,
    transition,
)
from schemas.entry import EntryContent
from schemas.enums import Role
from schemas.problems import ContentError, Problem, problem_from_decode_error
from schemas.validation import decode_content

EDITORIAL_ROLES = (Role.EDITOR, Role.APPROVER, Role.ARCHIVIST, Role.COUNCILLOR)


def _spec(description: str) -> ResponseSpec:
    return ResponseSpec(data_container=ProblemDetails, media_type=PROBLEM_JSON, description=description)


UNAUTHORISED = _spec("No valid bearer token")
FORBIDDEN = _spec("The token's user lacks the role, or works for another organisation, or four eyes forbid it")
NOT_FOUND = _spec("No entry with this id, or no draft")
INVALID = _spec("The content or the request is invalid; `invalid_params` names each field")
CONFLICT = _spec("The version is not in a state that allows this (for example a submitted draft)")
PRECONDITION = _spec("`If-Match` does not name the newest revision: someone else changed the draft")
COMMON: dict[int, ResponseSpec] = {400: INVALID, 401: UNAUTHORISED, 403: FORBIDDEN, 404: NOT_FOUND}
EntryIdParam = Annotated[str, PathParameter(description="The entry's id (a UUID)", max_length=64)]
CurrentActor = NamedDependency[Actor]
ContentBody = Annotated[SkipValidation[EntryContent], Body(description="The entry, in the API's entry shape")]
DraftBody = Annotated[SkipValidation[DeskDraft], Body(
    description="The draft as `GET …/draft` gives it; `id`, `version_no`, `state`, `revision`, `last_editor` "
    "and `etag` are read-only and ignored")]


class DeskApiController(Controller):
    path = "/api/v1/desk/entries"
    tags = ["editorial desk"]
    security = [{"BearerToken": []}]
    dependencies = {"actor": Provide(provide_api_actor)}
    exception_handlers = {
        NotAllowed: lambda r, e: _problem(r, 403, e.message_en, e.message),
        WrongState: lambda r, e: _problem(r, 409, e.message_en, e.message),
        EntryNotFound: lambda r, e: _problem(r, 404, str(e), None),
        ContentError: lambda r, e: _problem(r, 422, "the content is invalid", None, e),
    }

    @post("/", operation_id="createDraft", status_code=HTTP_201_CREATED,
          responses={**COMMON, 422: INVALID}, sync_to_thread=True)
    def create(self, request: Request, state: State, actor: CurrentActor, data: ContentBody) -> Response[CreatedDraft]:
        """Create an entry with its first version as a draft. Answers with its `id` and `ETag`."""
        content = _decode(data)
        services = services_of(state)
        with services.sessions.begin() as session:
            version = create_draft(session, content, actor)
            created = CreatedDraft(id=version.entry_id, version_no=version.version_no, state=version.state,
                                   etag=etag_of(version), href=_draft_href(request, version.entry_id))
        return Response(created, status_code=HTTP_201_CREATED,
                        headers={"ETag": created.etag, "Location": created.href})

    @get("/{entry_id:str}/draft", operation_id="getDraft", responses=COMMON, sync_to_thread=True)
    def get_draft(self, state: State, actor: CurrentActor, entry_id: EntryIdParam) -> Response[DeskDraft]:
        """The open version (draft, submitted or approved) of an entry, with its `ETag`."""
        with services_of(state).sessions() as session:
            entry = entry_for(session, entry_id, actor, EDITORIAL_ROLES)
            version = open_version(entry)
            if version is None:
                raise NotFoundException("this entry has no draft; PUT one with If-Match set to the ETag of "
                                        "GET /api/v1/entries/{id} to start a new version")
            draft = desk_draft(version, decode_stored(version.content))
        return Response(draft, headers={"ETag": draft.etag})

    @put("/{entry_id:str}/draft", operation_id="saveDraft", sync_to_thread=True,
         responses={**COMMON, 409: CONFLICT, 412: PRECONDITION, 422: INVALID, 428: PRECONDITION})
    def save(
        self,
        request: Request,
        state: State,
        actor: CurrentActor,
        entry_id: EntryIdParam,
        data: DraftBody,
        if_match: Annotated[str | None, HeaderParameter(
            name="If-Match", required=False, description="The ETag of the revision this edit started from")] = None,
    ) -> Response[Any]:
        """Save the draft. `If-Match` must name the revision the edit started from; after a publication,
        the published version's tag starts a new draft."""
        if not if_match:
            return _problem(request, 428, "If-Match is required: give the ETag of the draft you edited", None)
        content = _decode(data, strip=READ_ONLY_KEYS)
        revision = revision_from_etag(entry_id, if_match)
        with services_of(state).sessions.begin() as session:
            try:
                version = save_draft(session, entry_id, content, actor, revision or "")
            except StaleEdit as stale:
                etag = f'"{stale.entry_id}.{stale.tag}"'
                return _problem(request, 412, f"{stale.message_en}; the current draft has ETag {etag}",
                                stale.message, headers={"ETag": etag})
            draft = desk_draft(version, decode_stored(version.content))
        return Response(draft, headers={"ETag": draft.etag})

    @post("/{entry_id:str}/transitions", operation_id="transition", status_code=200, sync_to_thread=True,
          responses={**COMMON, 409: CONFLICT, 422: INVALID})
    def move(
        self, request: Request, state: State, actor: CurrentActor, entry_id: EntryIdParam,
        data: Annotated[SkipValidation[TransitionRequest], Body(description="The step and its reason")],
    ) -> Response[TransitionResult]:
        """Submit, approve, publish, reject or withdraw; every step needs a reason or comment."""
        step = _decode_transition(data)
        services = services_of(state)
        with services.sessions.begin() as session:
            version = transition(session, entry_id, step.action, step.reason, actor)
            notify_transition(session, services.settings, version, step.action, actor, step.reason)
            result = TransitionResult(id=entry_id, version_no=version.version_no, state=version.state,
                                      etag=etag_of(version))
        return Response(result, background=after_commit(services, entry_id, step.action))

    @get("/{entry_id:str}/events", operation_id="listEntryEvents", responses=COMMON, sync_to_thread=True)
    def events(self, state: State, actor: CurrentActor, entry_id: EntryIdParam) -> list[LoggedEvent]:
        """The entry's audit log, oldest first."""
        with services_of(state).sessions() as session:
            entry_for(session, entry_id, actor, EDITORIAL_ROLES)
            return entry_events(session, entry_id)


def _decode(data: object, strip: tuple[str, ...] = ()) -> EntryContent:
    if not isinstance(data, dict):
        raise ContentError([_not_object()])
    return decode_content({key: value for key, value in data.items() if key not in strip})


def _decode_transition(data: object) -> TransitionRequest:
    try:
        return msgspec.convert(data, TransitionRequest)
    except msgspec.ValidationError as error:
        raise ContentError([problem_from_decode_error(error)]) from None


def _not_object() -> Problem:
    return Problem(field="(document)", message="verwacht een JSON-object", message_en="expected a JSON object")


def _draft_href(request: Request, entry_id: str) -> str:
    return f"{base_url(request)}/api/v1/desk/entries/{entry_id}/draft"


def _problem(
    request: Request, status: int, detail: str, detail_nl: str | None, error: ContentError | None = None,
    headers: dict[str, str] | None = None,
) -> Response[Any]:
    invalid = [{"name": p.field, "reason": p.message, "reason_en": p.message_en}
               for p in (error.problems if error else [])]
    title = HTTPException(status_code=status).detail if status != 422 else "Unprocessable Content"
    problem = ProblemDetails(title=title, status=status, detail=detail if not detail_nl else f"{detail_nl} ({detail})",
                             instance=request.url.path, invalid_params=invalid)
    return Response(problem, status_code=status, media_type=PROBLEM_JSON, headers=headers)
