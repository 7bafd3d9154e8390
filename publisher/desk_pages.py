"""The editorial desk, `/beheer`: signing in, my entries, the draft form, preview, diff, the
workflow steps, questions and answers, and the councillor's review dashboard.

Pages work without JavaScript. Every POST carries a CSRF token and is one transaction."""

from __future__ import annotations

import datetime
from typing import Annotated, Any

from litestar import Controller, Request, Response, Router, get, post
from litestar.datastructures import State
from litestar.di import NamedDependency, Provide
from litestar.exceptions import NotAuthorizedException, NotFoundException, PermissionDeniedException
from litestar.params import PathParameter, QueryParameter
from litestar.response import Redirect
from sqlalchemy import select

from publisher.archive_pages import ArchivePages
from publisher.auth import desk_middleware, end_session, form_token, provide_desk_actor, require_role, session_actor
from publisher.auth import start_session as begin_session
from publisher.diff import compare
from publisher.draft_form import content_from_form, draft_form
from publisher.editing import after_commit, notify_question, notify_transition
from publisher.entry_view import sections
from publisher.rendering import render, request_language
from publisher.services import services_of
from publisher.settings import Settings
from register.accounts import Actor, LoginRefused, authenticate
from register.council import answer_question, ask_question, mark_reviewed, questions_for, review_dashboard
from register.entries import EntryNotFound, current_public_version
from register.hashing import decode_stored
from register.listing import desk_entries, entry_events
from register.models import Question, User
from register.published import PublicEntryView, PublicVersion
from register.workflow import (
    NotAllowed,
    StaleEdit,
    WrongState,
    create_draft,
    entry_for,
    load_entry,
    may_self_publish,
    owners,
    revision_tag,
    save_draft,
    transition,
    working_version,
)
from schemas.entry import EntryContent
from schemas.enums import EntryKind, Role, VersionState, WorkflowAction
from schemas.problems import ContentError, Problem

EntryIdPath = Annotated[str, PathParameter(max_length=64)]
CurrentActor = NamedDependency[Actor]
DESK_ROLES = (Role.EDITOR, Role.APPROVER, Role.COUNCILLOR, Role.ARCHIVIST)


def desk_router(settings: Settings) -> Router:
    return Router(
        path="/beheer",
        route_handlers=[SignIn, Desk, ArchivePages],
        middleware=desk_middleware(settings),
        include_in_schema=False,
        exception_handlers={
            NotAuthorizedException: _unauthorised,
            PermissionDeniedException: lambda r, e: _no_access(r, str(e.detail)),
            NotAllowed: lambda r, e: _no_access(r, e.message),
            WrongState: lambda r, e: _refused(r, 409, e.message),
            ContentError: lambda r, e: _refused(r, 422, "; ".join(f"{p.field}: {p.message}" for p in e.problems)),
            EntryNotFound: lambda r, e: render(r, "error.html", status_code=404, title_key="not_found_title",
                                               text_key="not_found_text"),
        },
    )


def _unauthorised(request: Request, _error: Exception) -> Response[str]:
    return render(request, "desk/login.html", status_code=401, csrf=form_token(request), login="",
                  message="desk_login_needed", back=request.url.path)


def _no_access(request: Request, reason: str) -> Response[str]:
    return render(request, "desk/no_access.html", status_code=403, reason=reason, actor=session_actor(request),
                  csrf=form_token(request))


def _refused(request: Request, status: int, reason: str) -> Response[str]:
    return render(request, "desk/refused.html", status_code=status, reason=reason, actor=session_actor(request),
                  csrf=form_token(request))


def _page(request: Request, template: str, actor: Actor, *, status_code: int = 200, **context: Any) -> Response[str]:
    return render(request, template, status_code=status_code, actor=actor, csrf=form_token(request), **context)


class SignIn(Controller):
    @get("/inloggen", sync_to_thread=False)
    def form(
        self, request: Request, terug: Annotated[str, QueryParameter(max_length=300)] = "/beheer"
    ) -> Response[str]:
        return render(request, "desk/login.html", csrf=form_token(request), login="", message=None,
                      back=_safe_back(terug))

    @post("/inloggen")
    async def sign_in(self, request: Request, state: State) -> Response[Any]:
        form = await request.form()
        login, password = str(form.get("naam", "")).strip()[:100], str(form.get("wachtwoord", ""))
        back = _safe_back(str(form.get("terug", "/beheer")))
        client = request.client.host if request.client else "unknown"
        with services_of(state).sessions() as session:
            try:
                user = authenticate(session, login, password, client=client)
                user_id, epoch = user.id, user.session_epoch
                refused = None
            except LoginRefused as error:
                refused = error
            session.commit()  # the attempt is recorded either way; that is what the rate limit counts
        if refused is not None:
            status, message = (429, "desk_login_rate_limited") if refused.rate_limited else (401, "desk_login_failed")
            return render(request, "desk/login.html", status_code=status, csrf=form_token(request), login=login,
                          message=message, back=back)
        begin_session(request, user_id, epoch)
        return Redirect(back, status_code=303)

    @post("/uitloggen")
    async def sign_out(self, request: Request) -> Redirect:
        end_session(request)
        return Redirect("/", status_code=303)


class Desk(Controller):
    dependencies = {"actor": Provide(provide_desk_actor)}

    @get("/", sync_to_thread=True)
    def home(self, request: Request, state: State, actor: CurrentActor) -> Response[str]:
        require_role(actor, *DESK_ROLES)
        with services_of(state).sessions() as session:
            rows = desk_entries(session, actor.organisations)
            open_questions = questions_for(session, actor.organisations, unanswered=True) if (
                actor.has(Role.EDITOR) or actor.has(Role.APPROVER)) else []
        return _page(request, "desk/home.html", actor, rows=rows, open_questions=open_questions,
                     today=datetime.date.today())

    @get("/nieuw", sync_to_thread=False)
    def new_form(
        self, request: Request, actor: CurrentActor,
        soort: Annotated[EntryKind, QueryParameter()] = EntryKind.ALGORITHM,
    ) -> Response[str]:
        require_role(actor, Role.EDITOR)
        return _page(request, "desk/edit.html", actor, entry_id=None, kind=soort, based_on="",
                     sections=draft_form(None, soort), show_previews=False, conflict=None, state=None)

    @post("/nieuw")
    async def create(self, request: Request, state: State, actor: CurrentActor) -> Response[Any]:
        require_role(actor, Role.EDITOR)
        form = await request.form()
        kind = _kind(str(form.get("kind", "")))
        try:
            content = content_from_form(form, kind)
        except ContentError as error:
            return _page(request, "desk/edit.html", actor, status_code=422, entry_id=None, kind=kind, based_on="",
                         sections=draft_form(None, kind, error.problems, form), show_previews=False, conflict=None,
                         state=None)
        if form.get("actie") == "voorbeeld":
            return _page(request, "desk/edit.html", actor, entry_id=None, kind=kind, based_on="",
                         sections=draft_form(content, kind, [], form), show_previews=True, conflict=None, state=None)
        with services_of(state).sessions.begin() as session:
            version = create_draft(session, content, actor)
            entry_id = version.entry_id
        return Redirect(f"/beheer/registraties/{entry_id}", status_code=303)

    @get("/registraties/{entry_id:str}", sync_to_thread=True)
    def entry(self, request: Request, state: State, actor: CurrentActor, entry_id: EntryIdPath) -> Response[str]:
        with services_of(state).sessions() as session:
            entry = entry_for(session, entry_id, actor, DESK_ROLES)
            working = working_version(entry)
            public = current_public_version(entry.versions)
            questions = list(session.scalars(select(Question).where(Question.entry_id == entry_id)
                                             .order_by(Question.asked_at)))
            events = entry_events(session, entry_id)
            content = decode_stored(working.content)
            self_publish = may_self_publish(session, working, owners(session, entry_id))
        return _page(request, "desk/entry.html", actor, entry_id=entry_id, version=working, content=content,
                     public=public, questions=questions, events=events,
                     actions=_actions(actor, working, public, self_publish=self_publish),
                     today_iso=datetime.date.today().isoformat())

    @get("/registraties/{entry_id:str}/bewerken", sync_to_thread=True)
    def edit_form(self, request: Request, state: State, actor: CurrentActor, entry_id: EntryIdPath) -> Response[str]:
        with services_of(state).sessions() as session:
            entry = entry_for(session, entry_id, actor, (Role.EDITOR,))
            working = working_version(entry)
            content = decode_stored(working.content)
        return _page(request, "desk/edit.html", actor, entry_id=entry_id, kind=EntryKind(entry.kind),
                     based_on=revision_tag(working), sections=draft_form(content, EntryKind(entry.kind)),
                     show_previews=False, conflict=None, state=working.state)

    @post("/registraties/{entry_id:str}/bewerken")
    async def save(self, request: Request, state: State, actor: CurrentActor, entry_id: EntryIdPath) -> Response[Any]:
        form = await request.form()
        based_on = str(form.get("based_on", ""))
        sessions = services_of(state).sessions
        with sessions() as session:
            entry = entry_for(session, entry_id, actor, (Role.EDITOR,))
            kind, current_state = EntryKind(entry.kind), working_version(entry).state

        def again(status: int, problems: list[Problem], content: EntryContent | None, **extra: Any) -> Response[str]:
            context: dict[str, Any] = {"conflict": None, "show_previews": False, "based_on": based_on} | extra
            return _page(request, "desk/edit.html", actor, status_code=status, entry_id=entry_id, kind=kind,
                         sections=draft_form(content, kind, problems, form), state=current_state, **context)

        try:
            content = content_from_form(form, kind)
        except ContentError as error:
            return again(422, error.problems, None)
        if form.get("actie") == "voorbeeld":
            return again(200, [], content, show_previews=True)
        try:
            with sessions.begin() as session:
                save_draft(session, entry_id, content, actor, based_on)
        except StaleEdit as stale:
            changes = compare(decode_stored(stale.content), content, request_language(request))
            # The form keeps what this editor typed; saving again now knowingly replaces the other change.
            return again(409, [], content, based_on=stale.tag,
                         conflict={"by": stale.last_editor, "changes": changes, "message": stale.message})
        return Redirect(f"/beheer/registraties/{entry_id}", status_code=303)

    @get("/registraties/{entry_id:str}/voorbeeld", sync_to_thread=True)
    def preview(self, request: Request, state: State, actor: CurrentActor, entry_id: EntryIdPath) -> Response[str]:
        """The draft exactly as the public page will show it, marked as a concept and never indexed."""
        with services_of(state).sessions() as session:
            entry = entry_for(session, entry_id, actor, DESK_ROLES)
            working = working_version(entry)
            content = decode_stored(working.content)
        now = datetime.datetime.now(datetime.UTC)
        version = PublicVersion(entry_id=entry_id, version_no=working.version_no, state=VersionState(working.state),
                                content=content, content_hash=working.content_hash, published_at=now)
        view = PublicEntryView(id=entry_id, kind=EntryKind(entry.kind), current=version, history=[], links=[],
                               first_published_at=now)
        response = render(request, "entry.html", view=view, version=version, is_current=True, preview=True,
                          sections=sections(content, request_language(request)), questions=[], last_review=None)
        response.headers["X-Robots-Tag"] = "noindex, nofollow"
        return response

    @get("/registraties/{entry_id:str}/verschil", sync_to_thread=True)
    def diff(self, request: Request, state: State, actor: CurrentActor, entry_id: EntryIdPath) -> Response[str]:
        with services_of(state).sessions() as session:
            entry = entry_for(session, entry_id, actor, DESK_ROLES)
            working = working_version(entry)
            public = current_public_version(entry.versions)
            after = decode_stored(working.content)
            before = decode_stored(public.content) if public is not None else None
        changes = compare(before, after, request_language(request)) if before is not None else None
        return _page(request, "desk/diff.html", actor, entry_id=entry_id, content=after, version=working,
                     public=public, changes=changes)

    @post("/registraties/{entry_id:str}/stap")
    async def step(self, request: Request, state: State, actor: CurrentActor, entry_id: EntryIdPath) -> Response[Any]:
        form = await request.form()
        action = _action(str(form.get("actie", "")))
        services = services_of(state)
        with services.sessions.begin() as session:
            version = transition(session, entry_id, action, str(form.get("reden", "")), actor)
            notify_transition(session, services.settings, version, action, actor, str(form.get("reden", "")))
        return Redirect(f"/beheer/registraties/{entry_id}", status_code=303,
                        background=after_commit(services, entry_id, action))

    @post("/registraties/{entry_id:str}/vragen")
    async def ask(self, request: Request, state: State, actor: CurrentActor, entry_id: EntryIdPath) -> Response[Any]:
        form = await request.form()
        services = services_of(state)
        with services.sessions.begin() as session:
            question = ask_question(session, entry_id, str(form.get("vraag", "")), actor,
                                    internal=form.get("intern") == "ja")
            notify_question(session, services.settings, question, load_entry(session, entry_id).versions[-1].name,
                            actor)
        return Redirect(f"/beheer/registraties/{entry_id}#vragen", status_code=303,
                        background=after_commit(services, entry_id, None))

    @post("/vragen/{question_id:int}/antwoord")
    async def answer(self, request: Request, state: State, actor: CurrentActor,
                     question_id: Annotated[int, PathParameter(ge=1)]) -> Response[Any]:
        form = await request.form()
        services = services_of(state)
        with services.sessions.begin() as session:
            try:
                question = answer_question(session, question_id, str(form.get("antwoord", "")), actor)
            except LookupError:
                raise NotFoundException(f"no question {question_id}") from None
            notify_question(session, services.settings, question,
                            load_entry(session, question.entry_id).versions[-1].name, actor)
            entry_id = question.entry_id
        return Redirect(f"/beheer/registraties/{entry_id}#vragen", status_code=303,
                        background=after_commit(services, entry_id, None))

    @post("/registraties/{entry_id:str}/beoordeeld")
    async def reviewed(
        self, request: Request, state: State, actor: CurrentActor, entry_id: EntryIdPath
    ) -> Response[Any]:
        form = await request.form()
        try:
            on = datetime.date.fromisoformat(str(form.get("datum", "")))
        except ValueError:
            raise ContentError([_date_problem()]) from None
        with services_of(state).sessions.begin() as session:
            mark_reviewed(session, entry_id, on, actor, str(form.get("notitie", "")))
        return Redirect(f"/beheer/registraties/{entry_id}", status_code=303)

    @get("/raad", sync_to_thread=True)
    def council(
        self, request: Request, state: State, actor: CurrentActor,
        sinds: Annotated[datetime.date | None, QueryParameter(description="changes since this date")] = None,
    ) -> Response[str]:
        """The councillor's review dashboard; a visit moves the councillor's 'last visit'."""
        require_role(actor, Role.COUNCILLOR)
        with services_of(state).sessions.begin() as session:
            user = session.get(User, actor.user_id)
            assert user is not None
            since = (datetime.datetime.combine(sinds, datetime.time(), datetime.UTC) if sinds
                     else user.review_visited_at)
            dashboard = review_dashboard(session, actor, since=since)
            if sinds is None:
                user.review_visited_at = datetime.datetime.now(datetime.UTC)
        lang = request_language(request)
        diffs = {c.entry.entry_id: compare(c.before, c.after, lang) if c.before else None for c in dashboard.changed}
        return _page(request, "desk/council.html", actor, dashboard=dashboard, diffs=diffs,
                     today=datetime.date.today())


def _actions(actor: Actor, working: Any, public: Any, *, self_publish: bool) -> list[WorkflowAction]:
    """The steps worth offering this actor; the register decides for real when one is taken."""
    offered = []
    state = working.state
    if actor.has(Role.EDITOR) and state == VersionState.DRAFT:
        offered.append(WorkflowAction.SUBMIT)
    if actor.has(Role.APPROVER) and state == VersionState.SUBMITTED:
        offered += [WorkflowAction.APPROVE, WorkflowAction.REJECT]
    if state == VersionState.APPROVED and actor.has(Role.APPROVER):
        offered += [WorkflowAction.PUBLISH, WorkflowAction.REJECT]
    elif self_publish and state in (VersionState.SUBMITTED, VersionState.APPROVED) and actor.has(Role.EDITOR):
        offered.append(WorkflowAction.PUBLISH)
    if public is not None and public.state == VersionState.PUBLISHED and (
            actor.has(Role.APPROVER) or actor.has(Role.ARCHIVIST)):
        offered.append(WorkflowAction.WITHDRAW)
    return list(dict.fromkeys(offered))


def _kind(value: str) -> EntryKind:
    try:
        return EntryKind(value)
    except ValueError:
        raise ContentError([_field_problem("kind", "kies een soort registratie", "choose a kind")]) from None


def _action(value: str) -> WorkflowAction:
    try:
        return WorkflowAction(value)
    except ValueError:
        raise ContentError([_field_problem("actie", "onbekende stap", "unknown step")]) from None


def _field_problem(field: str, message: str, message_en: str) -> Problem:
    return Problem(field=field, message=message, message_en=message_en)


def _date_problem() -> Problem:
    return _field_problem("datum", "geef een datum als JJJJ-MM-DD", "give a date as YYYY-MM-DD")


def _safe_back(path: str) -> str:
    """Only a path within the desk: never a redirect to another site."""
    return path if path.startswith("/beheer") and "//" not in path and "\\" not in path else "/beheer"

