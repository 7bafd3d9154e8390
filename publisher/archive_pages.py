"""The archivist's pages in the desk (ARCHIVING.md §3, §7–§10): the dashboard with the worklists, an entry's
retention decision, holds and renditions, destruction lists step by step, and transfer to the archive
repository. A public page shows each executed destruction without personal data.

The rules live in `register.archive`; these pages read forms, call those functions and show what they answer.
Every POST is one transaction; bad input shows the page again with the problems at the fields (422)."""

from __future__ import annotations

import csv
import datetime
import io
import itertools
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Annotated, Any, Literal

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.datastructures import FormMultiDict, State
from litestar.di import NamedDependency, Provide
from litestar.exceptions import NotFoundException
from litestar.params import PathParameter, QueryParameter
from litestar.response import Redirect
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from publisher.archive_store import ArchiveStore
from publisher.auth import form_token, provide_desk_actor, require_role
from publisher.declaration import write_declaration
from publisher.destruction_effects import after_destruction
from publisher.i18n import TEXTS, translate
from publisher.rendering import render, request_language
from publisher.services import services_of
from register.accounts import Actor
from register.archive.decisions import current_decision, decide, decision_history, proposal, result_for
from register.archive.destruction import authorise, check, draft_list, execute, record_approval, remove_item
from register.archive.holds import holds_of, lift_hold, set_hold
from register.archive.transfer import close_entry, record_transfer
from register.archive.worklists import WORKLISTS, WorklistRow, worklists
from register.models import (
    ArchiveFile,
    DestructionList,
    EntryOrganisation,
    Hold,
    Organisation,
    RetentionDecision,
    Tombstone,
    TransferBatch,
    Version,
)
from register.workflow import NotAllowed, entry_for
from schemas.enums import Appraisal, DestructionState, EntryKind, HoldReason, ImpactProfile, ProcessTerm, Role
from schemas.problems import ContentError, Problem, problem_from_decode_error
from schemas.retention import (
    RetentionDecisionInput,
    RetentionPeriodError,
    decision_problems,
    normalise_period,
    parse_retention_period,
)
from schemas.selection_list import number_key, selectable_results, selection_list

ARCHIVIST = (Role.ARCHIVIST,)
EntryIdPath = Annotated[str, PathParameter(max_length=64)]
IdPath = Annotated[int, PathParameter(ge=1, le=2**31 - 1)]
CurrentActor = NamedDependency[Actor]
Format = Annotated[Literal["html", "csv"], QueryParameter(description="html (default) or csv")]
DECISION_FIELDS = ("result_number", "appraisal", "retention_period", "process_term", "trigger", "trigger_date",
                   "motivation")
_UNITS = {"nl": (("jaar", "jaar"), ("maand", "maanden"), ("dag", "dagen")),
          "en": (("year", "years"), ("month", "months"), ("day", "days"))}
STAFF_COLUMNS = ("created_by", "checked_by", "approved_by", "approval_recorded_by", "authorised_by", "executed_by")


class ArchivePages(Controller):
    dependencies = {"actor": Provide(provide_desk_actor)}

    @get("/archief", sync_to_thread=True)
    def dashboard(self, request: Request, state: State, actor: CurrentActor) -> Response[str]:
        require_role(actor, Role.ARCHIVIST)
        services = services_of(state)
        lang = request_language(request)
        with services.sessions() as session:
            lists = _worklists(session, actor, services.settings.transfer_term)
            open_lists = [d for d in _destruction_lists(session, actor) if d.state != DestructionState.EXECUTED]
            batches = _batches(session, actor)[:10]
        counts = [(slug, _worklist_title(slug, lang), len(rows)) for slug, rows in lists.items()]
        return _page(request, "desk/archive_dashboard.html", actor, counts=counts, open_lists=open_lists,
                     batches=batches, list_states=DestructionState)

    @get("/archief/werklijsten/{slug:str}", sync_to_thread=True)
    def worklist(
        self, request: Request, state: State, actor: CurrentActor,
        slug: Annotated[str, PathParameter(max_length=60)], formaat: Format = "html",
    ) -> Response[Any]:
        require_role(actor, Role.ARCHIVIST)
        if slug not in WORKLISTS:
            raise NotFoundException(f"no worklist {slug}")
        services = services_of(state)
        with services.sessions() as session:
            rows = _worklists(session, actor, services.settings.transfer_term)[slug]
        lang = request_language(request)
        title = _worklist_title(slug, lang)
        if formaat == "csv":
            return _worklist_csv(slug, rows, lang)
        return _page(request, "desk/archive_worklist.html", actor, slug=slug, title=title, rows=rows,
                     appraisal_label=_appraisal_label)

    @get("/registraties/{entry_id:str}/archief", sync_to_thread=True)
    def entry(self, request: Request, state: State, actor: CurrentActor, entry_id: EntryIdPath) -> Response[str]:
        return _entry_page(request, state, actor, entry_id)

    @post("/registraties/{entry_id:str}/archief/besluit")
    async def post_decision(self, request: Request, state: State, actor: CurrentActor,
                            entry_id: EntryIdPath) -> Response[Any]:
        form = await request.form()
        return _entry_step(request, state, actor, entry_id, form, "besluit",
                           lambda session: decide(session, entry_id, _decision_from_form(form), actor))

    @post("/registraties/{entry_id:str}/archief/bevriezen")
    async def post_hold(self, request: Request, state: State, actor: CurrentActor,
                        entry_id: EntryIdPath) -> Response[Any]:
        form = await request.form()

        def hold(session: Session) -> None:
            reason, version_no = _hold_reason(form), _version_no(form)
            set_hold(session, entry_id, reason, str(form.get("reference", "")), actor, version_no=version_no)

        return _entry_step(request, state, actor, entry_id, form, "bevriezen", hold)

    @post("/archief/bevriezingen/{hold_id:int}/opheffen")
    async def post_lift(self, request: Request, state: State, actor: CurrentActor, hold_id: IdPath) -> Response[Any]:
        form = await request.form()
        with services_of(state).sessions() as session:
            hold = session.get(Hold, hold_id)
            if hold is None:
                raise NotFoundException(f"no hold {hold_id}")
            entry_id = hold.entry_id
        return _entry_step(request, state, actor, entry_id, form, f"opheffen-{hold_id}",
                           lambda session: lift_hold(session, hold_id, str(form.get("lift_reason", "")), actor))

    @post("/registraties/{entry_id:str}/archief/afsluiten")
    async def post_close(self, request: Request, state: State, actor: CurrentActor,
                         entry_id: EntryIdPath) -> Response[Any]:
        form = await request.form()

        def close(session: Session) -> None:
            on = _optional_date(form, "on")
            entry_for(session, entry_id, actor, ARCHIVIST)  # on this page, closing is the archivist's step
            close_entry(session, entry_id, actor, on=on, reason=str(form.get("reason", "")))

        return _entry_step(request, state, actor, entry_id, form, "afsluiten", close)

    @get("/archief/vernietiging", sync_to_thread=True)
    def destruction_lists(self, request: Request, state: State, actor: CurrentActor) -> Response[str]:
        return _destruction_index(request, state, actor)

    @post("/archief/vernietiging")
    async def draft_destruction_list(self, request: Request, state: State, actor: CurrentActor) -> Response[Any]:
        require_role(actor, Role.ARCHIVIST)
        services = services_of(state)
        try:
            with services.sessions.begin() as session:
                destruction = draft_list(session, actor, today=datetime.date.today(),
                                         transfer_term=services.settings.transfer_term)
                list_id = destruction.id
        except ContentError as error:
            return _destruction_index(request, state, actor, status_code=422, problems=error.problems)
        return Redirect(f"/beheer/archief/vernietiging/{list_id}", status_code=303)

    @get("/archief/vernietiging/{list_id:int}", sync_to_thread=True)
    def destruction_list(
        self, request: Request, state: State, actor: CurrentActor, list_id: IdPath, formaat: Format = "html",
        variant: Annotated[Literal["volledig", "openbaar"], QueryParameter(
            description="volledig (the archivist's list) or openbaar (without personal data)")] = "volledig",
    ) -> Response[Any]:
        if formaat == "csv":
            with services_of(state).sessions() as session:
                destruction = _destruction_list(session, list_id, actor)
                items = _items(session, destruction, request_language(request))
            return _destruction_csv(destruction, items, request_language(request), public=variant == "openbaar")
        return _destruction_page(request, state, actor, list_id)

    @post("/archief/vernietiging/{list_id:int}/stap")
    async def destruction_step(self, request: Request, state: State, actor: CurrentActor,
                               list_id: IdPath) -> Response[Any]:
        form = await request.form()
        action = str(form.get("actie", ""))
        services = services_of(state)
        executed = None
        try:
            with services.sessions.begin() as session:
                _destruction_list(session, list_id, actor)
                if action == "execute":
                    executed = execute(session, list_id, actor)
                    write_declaration(session, services.settings, list_id)  # in the same transaction
                else:
                    _STEPS.get(action, _unknown_step)(session, list_id, actor, form)
        except ContentError as error:
            return _destruction_page(request, state, actor, list_id, status_code=422, problems=error.problems,
                                     failed="verwijderen" if action == "remove" else "stap", posted=form)
        if executed is not None:
            after_destruction(services, executed)  # files and the search index follow the committed destruction
        return Redirect(f"/beheer/archief/vernietiging/{list_id}", status_code=303)

    @get("/archief/overbrenging", sync_to_thread=True)
    def transfers(self, request: Request, state: State, actor: CurrentActor) -> Response[str]:
        return _transfer_page(request, state, actor)

    @post("/archief/overbrenging")
    async def post_transfer(self, request: Request, state: State, actor: CurrentActor) -> Response[Any]:
        require_role(actor, Role.ARCHIVIST)
        form = await request.form()
        try:
            with services_of(state).sessions.begin() as session:
                record_transfer(session, actor, repository=str(form.get("repository", "")),
                                on=_date(form, "on"),
                                receipt_reference=str(form.get("receipt_reference", "")),
                                entry_ids=[str(value) for value in form.getall("entries", [])],
                                package_reference=str(form.get("package_reference", "")))
        except ContentError as error:
            return _transfer_page(request, state, actor, status_code=422, problems=error.problems, posted=form)
        return Redirect("/beheer/archief/overbrenging#partijen", status_code=303)

    @get("/archief/bestanden/{file_id:int}", sync_to_thread=True)
    def archive_file(self, state: State, actor: CurrentActor, file_id: IdPath) -> Response[bytes]:
        """A rendition or a declaration of destruction, exactly as stored."""
        require_role(actor, Role.ARCHIVIST)
        services = services_of(state)
        with services.sessions() as session:
            row = session.get(ArchiveFile, file_id)
            if row is None:
                raise NotFoundException(f"no archive file {file_id}")
            if row.entry_id is not None:
                entry_for(session, row.entry_id, actor, ARCHIVIST)
            if row.destruction_list_id is not None:
                _destruction_list(session, row.destruction_list_id, actor)
            path, media_type = row.path, row.media_type
        try:
            data = ArchiveStore(services.settings.archive_store).read(path)
        except FileNotFoundError:
            raise NotFoundException(f"archive file {path} is missing from the store") from None
        name = path.rsplit("/", 1)[-1]
        return Response(content=data, media_type=media_type,
                        headers={"Content-Disposition": f'attachment; filename="{name}"'})


class DestructionNotices(Controller):
    """The public account of an executed destruction: what, on what grounds, when; no names of staff."""

    include_in_schema = False

    @get("/vernietigingen/{list_id:int}", sync_to_thread=True)
    def notice(self, request: Request, state: State, list_id: IdPath) -> Response[str]:
        with services_of(state).sessions() as session:
            destruction = session.get(DestructionList, list_id)
            if destruction is None or destruction.state != DestructionState.EXECUTED:
                raise NotFoundException(f"no executed destruction list {list_id}")
            tombstones = list(session.scalars(select(Tombstone).where(Tombstone.destruction_list_id == list_id)))
            skipped = sum(1 for item in destruction.items if item.outcome == "skipped")
        # Entries never published were never public: only their number is told.
        public = sorted((t for t in tombstones if t.first_published_at is not None),
                        key=lambda t: (_number_order(t.result_number), t.name.casefold()))
        results = {t.result_number: result_for(t.result_number) for t in public}
        return render(request, "archive_destruction_notice.html", destruction=destruction, tombstones=public,
                      unpublished=len(tombstones) - len(public), skipped=skipped, results=results,
                      list_names=sorted({_list_name(t.list_name) for t in public if t.list_name}),
                      certificate=tombstones[0].certificate_reference if tombstones else None,
                      period_text=_period_text)


# --- the entry's archive page -----------------------------------------------------------------------


def _entry_page(
    request: Request, state: State, actor: Actor, entry_id: str, *, status_code: int = 200,
    failed: str | None = None, problems: list[Problem] | None = None, posted: FormMultiDict | None = None,
) -> Response[str]:
    lang = request_language(request)
    with services_of(state).sessions() as session:
        entry = entry_for(session, entry_id, actor, ARCHIVIST)
        decision = current_decision(session, entry_id)
        decision_input = _decision_input(decision) if decision else proposal(entry)
        context = {
            "entry": entry, "name": entry.versions[-1].name, "kind": EntryKind(entry.kind),
            "decision": decision, "history": decision_history(session, entry_id),
            "result": result_for(decision.result_number) if decision else None,
            "warnings": _warnings(decision_input, lang) if decision else [],
            "holds": holds_of(session, entry_id),
            "versions": [v.version_no for v in entry.versions],
            "files": list(session.scalars(select(ArchiveFile).where(ArchiveFile.entry_id == entry_id)
                                          .order_by(ArchiveFile.version_no, ArchiveFile.kind))),
        }
    values = _decision_values(decision_input)
    if failed == "besluit" and posted is not None:
        values = {name: str(posted.get(name, "")) for name in DECISION_FIELDS} | {
            "impact_profiles": [str(v) for v in posted.getall("impact_profiles", [])]}
    return _page(request, "desk/archive_entry.html", actor, status_code=status_code, entry_id=entry_id,
                 values=values, proposed=decision is None, failed=failed, errors=_errors(problems or [], lang),
                 posted=_posted(posted), results=selectable_results(), appraisals=list(Appraisal),
                 process_terms=list(ProcessTerm), impact_profiles=list(ImpactProfile), hold_reasons=list(HoldReason),
                 period_text=_period_text, file_kind=_file_kind, today_iso=datetime.date.today().isoformat(),
                 **context)


def _entry_step(request: Request, state: State, actor: Actor, entry_id: str, form: FormMultiDict, form_name: str,
                step: Callable[[Session], object]) -> Response[Any]:
    try:
        with services_of(state).sessions.begin() as session:
            step(session)
    except ContentError as error:
        return _entry_page(request, state, actor, entry_id, status_code=422, failed=form_name,
                           problems=error.problems, posted=form)
    anchor = {"besluit": "besluit", "afsluiten": "afsluiten"}.get(form_name, "bevriezingen")
    return Redirect(f"/beheer/registraties/{entry_id}/archief#{anchor}", status_code=303)


def _decision_from_form(form: FormMultiDict) -> RetentionDecisionInput:
    data: dict[str, object] = {name: str(form.get(name, "")).strip() or None for name in DECISION_FIELDS}
    data["motivation"] = str(form.get("motivation", "")).strip()
    data["impact_profiles"] = [str(value) for value in form.getall("impact_profiles", [])]
    try:
        return msgspec.convert(data, RetentionDecisionInput, strict=False)
    except msgspec.ValidationError as error:
        raise ContentError([problem_from_decode_error(error)]) from None


def _decision_input(decision: RetentionDecision) -> RetentionDecisionInput:
    return RetentionDecisionInput(
        result_number=decision.result_number, appraisal=Appraisal(decision.appraisal),
        retention_period=decision.retention_period,
        process_term=ProcessTerm(decision.process_term) if decision.process_term else None,
        trigger=decision.trigger, trigger_date=decision.trigger_date, motivation=decision.motivation,
        impact_profiles=[ImpactProfile(p) for p in decision.impact_profiles.split()], scope=decision.scope)


def _decision_values(decision: RetentionDecisionInput) -> dict[str, Any]:
    return {
        "result_number": decision.result_number or "", "appraisal": str(decision.appraisal),
        "retention_period": decision.retention_period or "", "process_term": str(decision.process_term or ""),
        "trigger": decision.trigger or "",
        "trigger_date": decision.trigger_date.isoformat() if decision.trigger_date else "",
        "motivation": decision.motivation, "impact_profiles": [str(p) for p in decision.impact_profiles],
    }


def _warnings(decision: RetentionDecisionInput, lang: str) -> list[str]:
    """Where the current decision departs from its result: allowed, but the motivation should say why."""
    return [_message(p, lang) for p in decision_problems(decision, result_for(decision.result_number))
            if p.severity == "warning"]


def _hold_reason(form: FormMultiDict) -> HoldReason:
    try:
        return HoldReason(str(form.get("reason", "")))
    except ValueError:
        raise ContentError([Problem(field="reason", message="kies een reden", message_en="choose a reason")]) from None


def _version_no(form: FormMultiDict) -> int | None:
    value = str(form.get("version_no", "")).strip()
    if not value:
        return None
    if not value.isdigit():
        raise ContentError([Problem(field="version_no", message="kies een versie", message_en="choose a version")])
    return int(value)


# --- destruction --------------------------------------------------------------------------------------


class ItemView(msgspec.Struct, frozen=True, kw_only=True):
    """One line of a destruction list with the columns of ARCHIVING.md §9.2 that the register has."""

    entry_id: str
    name: str
    kind: EntryKind
    organisations: list[str]
    first_published: datetime.datetime | None
    last_published: datetime.datetime | None
    versions: int
    files: int
    size: int  # bytes of the stored renditions
    list_name: str
    result_number: str | None
    result_label: str
    retention_period: str | None
    end_date: datetime.date | None
    deviation: str  # the decision's period differs from its result's
    motivation: str  # why, from the decision; may name people, so only on the full list
    hold: str
    removed_reason: str | None
    outcome: str | None
    outcome_reason: str | None


def _destruction_index(request: Request, state: State, actor: Actor, *, status_code: int = 200,
                       problems: list[Problem] | None = None) -> Response[str]:
    require_role(actor, Role.ARCHIVIST)
    services = services_of(state)
    with services.sessions() as session:
        lists = _destruction_lists(session, actor)
        due = _worklists(session, actor, services.settings.transfer_term)["bewaartermijn-verstreken"]
    return _page(request, "desk/archive_destruction_lists.html", actor, status_code=status_code, lists=lists,
                 due=due, errors=_errors(problems or [], request_language(request)), list_states=DestructionState)


def _destruction_page(
    request: Request, state: State, actor: Actor, list_id: int, *, status_code: int = 200,
    problems: list[Problem] | None = None, failed: str | None = None, posted: FormMultiDict | None = None,
) -> Response[str]:
    with services_of(state).sessions() as session:
        destruction = _destruction_list(session, list_id, actor)
        items = _items(session, destruction, request_language(request))
        declarations = list(session.scalars(select(ArchiveFile).where(ArchiveFile.destruction_list_id == list_id)
                                            .order_by(ArchiveFile.id)))
        certificate = session.scalars(select(Tombstone.certificate_reference)
                                      .where(Tombstone.destruction_list_id == list_id).limit(1)).first()
    groups = [(number, list(rows)) for number, rows in itertools.groupby(
        items, key=lambda i: i.result_number)]
    return _page(request, "desk/archive_destruction.html", actor, status_code=status_code, destruction=destruction,
                 groups=groups, items=items, declarations=declarations, certificate=certificate,
                 state=DestructionState(destruction.state), list_states=DestructionState, failed=failed,
                 errors=_errors(problems or [], request_language(request)), posted=_posted(posted),
                 today_iso=datetime.date.today().isoformat(), period_text=_period_text)


def _destruction_list(session: Session, list_id: int, actor: Actor) -> DestructionList:
    """The list, for an archivist who works for an organisation of every entry on it."""
    require_role(actor, Role.ARCHIVIST)
    destruction = session.get(DestructionList, list_id)
    if destruction is None:
        raise NotFoundException(f"no destruction list {list_id}")
    if not _acts_for_all(session, actor, [item.entry_id for item in destruction.items]):
        raise NotAllowed("deze lijst bevat registraties van een organisatie waarvoor u niet werkt",
                         "this list holds entries of an organisation you do not work for")
    return destruction


def _destruction_lists(session: Session, actor: Actor) -> list[DestructionList]:
    lists = session.scalars(select(DestructionList).order_by(DestructionList.id.desc()))
    return [d for d in lists if _acts_for_all(session, actor, [item.entry_id for item in d.items])]


def _items(session: Session, destruction: DestructionList, lang: str) -> list[ItemView]:
    ids = [item.entry_id for item in destruction.items]
    owners = _organisation_names(session, ids)
    published = {row.entry_id: row for row in session.execute(
        select(Version.entry_id, func.min(Version.published_at).label("first"),
               func.max(Version.published_at).label("last"), func.count().label("versions"))
        .where(Version.entry_id.in_(ids)).group_by(Version.entry_id))}
    files = {row.entry_id: row for row in session.execute(
        select(ArchiveFile.entry_id, func.count().label("files"), func.sum(ArchiveFile.size).label("size"))
        .where(ArchiveFile.entry_id.in_(ids)).group_by(ArchiveFile.entry_id))}
    decisions = {d.entry_id: d for d in session.scalars(select(RetentionDecision).where(
        RetentionDecision.entry_id.in_(ids), RetentionDecision.superseded_at.is_(None),
        RetentionDecision.scope.is_(None)))}
    held = defaultdict(list)
    for hold in session.scalars(select(Hold).where(Hold.entry_id.in_(ids), Hold.lifted_at.is_(None))):
        held[hold.entry_id].append(f"{HoldReason(hold.reason).label(lang)} {hold.reference}")
    views = []
    for item in destruction.items:
        decision, result = decisions.get(item.entry_id), result_for(item.result_number)
        dates, stored = published.get(item.entry_id), files.get(item.entry_id)
        views.append(ItemView(
            entry_id=item.entry_id, name=item.name, kind=EntryKind(item.kind), organisations=owners[item.entry_id],
            first_published=dates.first if dates else None, last_published=dates.last if dates else None,
            versions=dates.versions if dates else 0, files=stored.files if stored else 0,
            size=int(stored.size or 0) if stored else 0,
            list_name=f"{decision.list_name} {decision.list_year}" if decision and decision.list_name else "",
            result_number=item.result_number, result_label=result.label if result else "",
            retention_period=item.retention_period, end_date=item.end_date,
            deviation=_deviation(item.retention_period, result.retention_period if result else None, lang),
            motivation=decision.motivation if decision else "", hold="; ".join(held[item.entry_id]),
            removed_reason=item.removed_reason, outcome=item.outcome, outcome_reason=item.outcome_reason))
    return sorted(views, key=lambda v: (_number_order(v.result_number), v.name.casefold()))


def _deviation(chosen: str | None, listed: str | None, lang: str) -> str:
    try:
        same = (normalise_period(chosen) if chosen else None) == (normalise_period(listed) if listed else None)
    except RetentionPeriodError:
        same = False
    return "" if same else translate("archive_deviation_text", lang, chosen=chosen or "-", listed=listed or "-")


def _check(session: Session, list_id: int, actor: Actor, form: FormMultiDict) -> None:
    check(session, list_id, actor)


def _approve(session: Session, list_id: int, actor: Actor, form: FormMultiDict) -> None:
    on = _date(form, "on")
    record_approval(session, list_id, actor, delegate=str(form.get("delegate", "")),
                    reference=str(form.get("reference", "")), on=on)


def _authorise(session: Session, list_id: int, actor: Actor, form: FormMultiDict) -> None:
    on = _date(form, "on")
    authorise(session, list_id, actor, reference=str(form.get("reference", "")), on=on,
              standing=form.get("standing") == "ja")


def _remove(session: Session, list_id: int, actor: Actor, form: FormMultiDict) -> None:
    try:
        remove_item(session, list_id, str(form.get("entry_id", "")), str(form.get("reason", "")), actor)
    except LookupError:
        raise ContentError([Problem(field="entry_id", message="kies een registratie op deze lijst",
                                    message_en="choose an entry on this list")]) from None


def _unknown_step(session: Session, list_id: int, actor: Actor, form: FormMultiDict) -> None:
    raise ContentError([Problem(field="actie", message="onbekende stap", message_en="unknown step")])


_STEPS: dict[str, Callable[[Session, int, Actor, FormMultiDict], None]] = {
    "check": _check, "approve": _approve, "authorise": _authorise, "remove": _remove}


def _destruction_csv(destruction: DestructionList, items: list[ItemView], lang: str, *,
                     public: bool) -> Response[bytes]:
    """The full list for the archivist, or the variant without personal data (ARCHIVING.md §9.2)."""
    facts: list[tuple[str, object]] = [
        ("archive_csv_list", destruction.id), ("archive_state", DestructionState(destruction.state).label(lang)),
        ("archive_approval_reference", destruction.approval_reference),
        ("archive_approved_on", destruction.approved_on),
        ("archive_authorisation_reference", destruction.authorisation_reference),
        ("archive_authorised_on", destruction.authorised_on),
        ("archive_standing", _yes_no(destruction.authorisation_standing, lang)),
        ("archive_executed_at", destruction.executed_at)]
    if not public:
        facts += [(f"archive_csv_{column}", getattr(destruction, column)) for column in STAFF_COLUMNS]
    columns = ["archive_entry_id", "desk_name", "kind", "organisations", "archive_first_published",
               "archive_last_published", "archive_versions", "archive_files", "archive_bytes", "archive_list_name",
               "archive_result", "archive_result_label", "archive_period", "archive_end_date", "archive_deviation",
               *([] if public else ["archive_motivation"]), "archive_hold", "archive_removed_reason",
               "archive_outcome", "archive_outcome_reason"]
    rows = [[item.entry_id, item.name, item.kind.label(lang), ", ".join(item.organisations), item.first_published,
             item.last_published, item.versions, item.files, item.size, item.list_name, item.result_number,
             item.result_label, item.retention_period, item.end_date, item.deviation,
             *([] if public else [item.motivation]), item.hold, item.removed_reason, item.outcome,
             item.outcome_reason] + [value for _, value in facts] for item in items]
    header = [_text(key, lang) for key in columns + [key for key, _ in facts]]
    variant = "openbaar" if public else "volledig"
    return _csv(f"vernietigingslijst-{destruction.id}-{variant}.csv", header, rows)


# --- transfer --------------------------------------------------------------------------------------------


def _transfer_page(request: Request, state: State, actor: Actor, *, status_code: int = 200,
                   problems: list[Problem] | None = None, posted: FormMultiDict | None = None) -> Response[str]:
    require_role(actor, Role.ARCHIVIST)
    services = services_of(state)
    term = services.settings.transfer_term
    with services.sessions() as session:
        due = _worklists(session, actor, term)["over-te-brengen"]
        batches = _batches(session, actor)
        names = _names(session, {item.entry_id for batch in batches for item in batch.entries})
    chosen = [str(v) for v in posted.getall("entries", [])] if posted is not None else []
    return _page(request, "desk/archive_transfer.html", actor, status_code=status_code, due=due, batches=batches,
                 names=names, term_years=parse_retention_period(term).years, chosen=chosen,
                 errors=_errors(problems or [], request_language(request)), posted=_posted(posted),
                 today_iso=datetime.date.today().isoformat())


def _batches(session: Session, actor: Actor) -> list[TransferBatch]:
    batches = session.scalars(select(TransferBatch).order_by(TransferBatch.transferred_on.desc(),
                                                             TransferBatch.id.desc()))
    return [b for b in batches if _acts_for_all(session, actor, [item.entry_id for item in b.entries])]


# --- shared helpers -------------------------------------------------------------------------------------


def _page(request: Request, template: str, actor: Actor, *, status_code: int = 200, **context: Any) -> Response[str]:
    return render(request, template, status_code=status_code, actor=actor, csrf=form_token(request), **context)


def _worklists(session: Session, actor: Actor, transfer_term: str) -> dict[str, list[WorklistRow]]:
    return worklists(session, actor.organisations, today=datetime.date.today(), transfer_term=transfer_term)


def _worklist_title(slug: str, lang: str) -> str:
    dutch, english = WORKLISTS[slug]
    return english if lang == "en" else dutch


def _worklist_csv(slug: str, rows: list[WorklistRow], lang: str) -> Response[bytes]:
    header = [_text(key, lang) for key in ("archive_entry_id", "desk_name", "kind", "archive_result",
                                           "archive_appraisal", "archive_date", "archive_detail")]
    lines = [[row.entry_id, row.name, row.kind.label(lang), row.result_number, row.appraisal, row.date, row.detail]
             for row in rows]
    return _csv(f"werklijst-{slug}-{datetime.date.today().isoformat()}.csv", header, lines)


def _csv(filename: str, header: list[str], rows: Iterable[list[object]]) -> Response[bytes]:
    """UTF-8 with a byte order mark, so spreadsheets read the accents right."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows([_cell(value) for value in row] for row in rows)
    return Response(content=("\ufeff" + buffer.getvalue()).encode(), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    text = str(value)
    # A spreadsheet would run a cell that starts like a formula; a leading quote keeps it text.
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _acts_for_all(session: Session, actor: Actor, entry_ids: list[str]) -> bool:
    """The actor works for an organisation of every one of these entries."""
    owners: dict[str, set[str]] = defaultdict(set)
    for entry_id, tooi_id in session.execute(select(EntryOrganisation.entry_id, EntryOrganisation.tooi_id)
                                             .where(EntryOrganisation.entry_id.in_(entry_ids))):
        owners[entry_id].add(tooi_id)
    return all(actor.acts_for(owners[entry_id]) for entry_id in entry_ids)


def _organisation_names(session: Session, entry_ids: list[str]) -> dict[str, list[str]]:
    names: dict[str, list[str]] = defaultdict(list)
    for entry_id, name in session.execute(
            select(EntryOrganisation.entry_id, Organisation.name)
            .join(Organisation, Organisation.tooi_id == EntryOrganisation.tooi_id)
            .where(EntryOrganisation.entry_id.in_(entry_ids)).order_by(Organisation.name)):
        names[entry_id].append(name)
    return names


def _names(session: Session, entry_ids: set[str]) -> dict[str, str]:
    """The newest name of each entry (the name is a column: no content is decoded)."""
    rows = session.execute(select(Version.entry_id, Version.name).where(Version.entry_id.in_(entry_ids))
                           .order_by(Version.version_no))
    return {entry_id: name for entry_id, name in rows}


def _optional_date(form: FormMultiDict, field: str) -> datetime.date | None:
    return _date(form, field) if str(form.get(field, "")).strip() else None


def _date(form: FormMultiDict, field: str) -> datetime.date:
    value = str(form.get(field, "")).strip()
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise ContentError([Problem(field=field, message="geef een datum als JJJJ-MM-DD",
                                    message_en="give a date as YYYY-MM-DD")]) from None


def _errors(problems: list[Problem], lang: str) -> dict[str, list[str]]:
    """Messages per form field; `impact_profiles[0]` belongs to the field `impact_profiles`."""
    errors: dict[str, list[str]] = {}
    for problem in problems:
        if problem.severity == "error":
            errors.setdefault(problem.field.split("[", 1)[0], []).append(_message(problem, lang))
    return errors


def _message(problem: Problem, lang: str) -> str:
    return problem.message_en if lang == "en" else problem.message


def _posted(form: FormMultiDict | None) -> dict[str, str]:
    return {key: str(value) for key, value in form.items()} if form is not None else {}


def _appraisal_label(value: str | None, lang: str) -> str:
    return Appraisal(value).label(lang) if value else ""


def _period_text(period: str | None, lang: str) -> str:
    """`P10Y` as "10 jaar" / "10 years"; the ISO text itself when it cannot be read."""
    if not period:
        return ""
    try:
        parsed = parse_retention_period(period)
    except RetentionPeriodError:
        return period
    units = _UNITS["en" if lang == "en" else "nl"]
    amounts = (parsed.years, parsed.months, parsed.days)
    parts = [f"{n} {one if n == 1 else many}" for n, (one, many) in zip(amounts, units, strict=True) if n]
    return " ".join(parts) or period


def _file_kind(kind: str, lang: str) -> str:
    key = f"archive_file_{kind}"
    return translate(key, lang) if key in TEXTS else kind


def _yes_no(value: bool, lang: str) -> str:
    return _text("archive_yes" if value else "archive_no", lang)


def _text(key: str, lang: str) -> str:
    return translate(key, lang)


def _list_name(name: str) -> str:
    """A tombstone keeps the list's name only; the year is that of the list in force by that name."""
    return f"{name} {selection_list().year}" if name == selection_list().name else name


def _number_order(number: str | None) -> tuple[int, ...]:
    return number_key(number) if number else (10_000,)

