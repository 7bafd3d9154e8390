"""The public site: home, search, entry pages, history, organisations, accessibility."""

from __future__ import annotations

import math
from typing import Annotated
from urllib.parse import urlencode

from litestar import Controller, Request, Response, get
from litestar.datastructures import Cookie, State
from litestar.di import NamedDependency, Provide
from litestar.exceptions import NotFoundException
from litestar.params import PathParameter, QueryParameter, SkipValidation
from litestar.response import Redirect

from publisher.diff import compare
from publisher.entry_view import sections
from publisher.gone import raise_missing
from publisher.i18n import LANGUAGES
from publisher.open_data import API_EXAMPLES, DOWNLOADS, LICENCE, LICENCE_URL
from publisher.rendering import LANGUAGE_COOKIE, render, request_language
from publisher.searching import did_you_mean, facet_filters, run_search
from publisher.services import services_of
from schemas.enums import EntryKind, LabelledEnum, PersonalDataLevel, RiskClass
from search import FACETS

PAGE_SIZE = 20
FACET_ENUMS: dict[str, type[LabelledEnum]] = {
    "kind": EntryKind,
    "personal_data": PersonalDataLevel,
    "risk_class": RiskClass,
}
EntryIdPath = Annotated[str, PathParameter(max_length=64)]
VersionPath = Annotated[int, PathParameter(ge=1, le=1_000_000)]



class PublicPages(Controller):
    include_in_schema = False

    @get("/", sync_to_thread=False)
    def home(self, request: Request, state: State) -> Response[str]:
        with services_of(state).published() as register:
            counts = register.counts_by_kind()
            recent = register.recent(8)
        return render(request, "home.html", counts=counts, recent=recent)

    @get("/zoeken", sync_to_thread=False, dependencies={"filters": Provide(facet_filters, sync_to_thread=False)})
    def search(
        self,
        request: Request,
        state: State,
        filters: NamedDependency[SkipValidation[dict[str, list[str]]]],
        q: Annotated[str, QueryParameter(max_length=20_000)] = "",
        pagina: Annotated[int, QueryParameter(ge=1, le=500)] = 1,
    ) -> Response[str]:
        result = run_search(services_of(state), q, filters, limit=PAGE_SIZE, offset=(pagina - 1) * PAGE_SIZE)
        pages = max(1, math.ceil(result.total / PAGE_SIZE))
        base = [("q", q)] + [(name, value) for name in FACETS for value in filters.get(name, [])]

        def page_url(number: int) -> str:
            return "/zoeken?" + urlencode([*base, ("pagina", str(number))])

        corrected = did_you_mean(services_of(state), q)
        return render(
            request,
            "search.html",
            q=q,
            result=result,
            filters=filters,
            facet_names=FACETS,
            page=pagina,
            pages=pages,
            page_url=page_url,
            facet_label=_facet_value_label,
            did_you_mean=corrected,
            did_you_mean_url="/zoeken?" + urlencode([("q", corrected), *base[1:]]) if corrected else None,
        )

    @get("/register/{entry_id:str}", sync_to_thread=False)
    def entry(self, request: Request, state: State, entry_id: EntryIdPath) -> Response[str]:
        lang = request_language(request)
        with services_of(state).published() as register:
            view = register.entry(entry_id)
            if view is None:
                raise_missing(register, entry_id)
            assert view is not None
            questions, last_review = register.questions(entry_id), register.last_review(entry_id)
        return render(
            request,
            "entry.html",
            view=view,
            version=view.current,
            sections=sections(view.current.content, lang),
            is_current=True,
            questions=questions,
            last_review=last_review,
        )

    @get("/register/{entry_id:str}/versies", sync_to_thread=False)
    def history(
        self,
        request: Request,
        state: State,
        entry_id: EntryIdPath,
        van: Annotated[int | None, QueryParameter(ge=1, le=1_000_000)] = None,
        naar: Annotated[int | None, QueryParameter(ge=1, le=1_000_000)] = None,
    ) -> Response[str]:
        with services_of(state).published() as register:
            view = register.entry(entry_id)
            if view is None:
                raise_missing(register, entry_id)
            assert view is not None
            numbers = sorted(summary.version_no for summary in view.history)
            changes = None
            if len(numbers) > 1:
                old_no = van if van in numbers else numbers[-2]
                new_no = naar if naar in numbers else numbers[-1]
                old, new = register.version(entry_id, old_no), register.version(entry_id, new_no)
                assert old is not None and new is not None
                changes = (old_no, new_no, compare(old.content, new.content, request_language(request)))
        return render(request, "history.html", view=view, changes=changes, numbers=numbers)

    @get("/register/{entry_id:str}/versies/{version_no:int}", sync_to_thread=False)
    def version(self, request: Request, state: State, entry_id: EntryIdPath, version_no: VersionPath) -> Response[str]:
        with services_of(state).published() as register:
            view, version = register.entry(entry_id), register.version(entry_id, version_no)
            if view is None:
                raise_missing(register, entry_id)
        if view is None or version is None:
            raise NotFoundException(f"no published version {version_no} of {entry_id}")
        lang = request_language(request)
        return render(
            request,
            "entry.html",
            view=view,
            version=version,
            sections=sections(version.content, lang),
            is_current=version_no == view.current.version_no,
            questions=[],
            last_review=None,
        )

    @get("/organisaties", sync_to_thread=False)
    def organisations(self, request: Request, state: State) -> Response[str]:
        with services_of(state).published() as register:
            organisations = register.organisations()
        return render(request, "organisations.html", organisations=organisations)

    @get("/organisaties/{tooi_id:str}", sync_to_thread=False)
    def organisation(
        self,
        request: Request,
        state: State,
        tooi_id: Annotated[str, PathParameter(max_length=20)],
        cursor: Annotated[str | None, QueryParameter(max_length=500)] = None,
    ) -> Response[str]:
        with services_of(state).published() as register:
            organisation = register.organisation(tooi_id)
            if organisation is None:
                raise NotFoundException(f"no organisation {tooi_id}")
            page = register.page(organisation=tooi_id, limit=50, cursor=cursor)
        return render(request, "organisation.html", organisation=organisation, page=page)

    @get("/open-data", sync_to_thread=False)
    def open_data(self, request: Request, state: State) -> Response[str]:
        with services_of(state).published() as register:
            newest = register.recent(limit=1)
        return render(request, "open_data.html", downloads=DOWNLOADS, licence=LICENCE, licence_url=LICENCE_URL,
                      api_examples=API_EXAMPLES, last_publication=newest[0].published_at if newest else None)

    @get("/toegankelijkheid", sync_to_thread=False)
    def accessibility(self, request: Request) -> Response[str]:
        return render(request, "accessibility.html")

    @get("/taal/{lang:str}", sync_to_thread=False)
    def switch_language(
        self,
        lang: Annotated[str, PathParameter(max_length=5)],
        terug: Annotated[str, QueryParameter(max_length=2000)] = "/",
    ) -> Redirect:
        """Switch the interface language without JavaScript; returns to a page on this site only."""
        if lang not in LANGUAGES:
            raise NotFoundException(f"unknown language {lang}")
        target = terug if terug.startswith("/") and not terug.startswith("//") else "/"
        return Redirect(
            path=target,
            status_code=303,
            cookies=[Cookie(key=LANGUAGE_COOKIE, value=lang, max_age=365 * 24 * 3600, httponly=True, samesite="lax")],
        )


def _facet_value_label(facet: str, value: str, lang: str) -> str:
    enum = FACET_ENUMS.get(facet)
    if enum is not None:
        try:
            return enum(value).label(lang)
        except ValueError:
            return value
    return value
