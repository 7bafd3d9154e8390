"""Server-rendered pages: one Jinja environment with autoescaping and the site's filters."""

from __future__ import annotations

from importlib import resources
from typing import Any

import nh3
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from litestar import Request, Response
from litestar.enums import MediaType
from markupsafe import Markup

from publisher.formatting import format_date, format_moment
from publisher.i18n import pick_language, translate
from publisher.i18n_desk import EVENT_LABELS
from schemas.enums import INVERSE_RELATION_LABELS, EntryKind, LinkRelation, RiskClass, Role, VersionState

LANGUAGE_COOKIE = "taal"


def make_environment() -> Environment:
    folder = str(resources.files("publisher").joinpath("templates"))
    environment = Environment(
        loader=FileSystemLoader(folder),
        auto_reload=False,  # templates change with a deployment, which restarts the server (and the HTTP cache)
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["date"] = format_date
    environment.filters["moment"] = format_moment
    environment.filters["snippet"] = safe_snippet
    environment.globals["inverse_label"] = inverse_label
    environment.globals.update(roles=Role, states=VersionState, kinds=list(EntryKind), event_label=event_label,
                               risk_label=risk_label)
    environment.filters["role_label"] = lambda value, lang: Role(value).label(lang)
    return environment


def inverse_label(relation: LinkRelation, lang: str) -> str:
    dutch, english = INVERSE_RELATION_LABELS[relation]
    return english if lang == "en" else dutch


def event_label(event_type: str, lang: str) -> str:
    dutch, english = EVENT_LABELS.get(event_type, (event_type, event_type))
    return english if lang == "en" else dutch


def risk_label(value: str | None, lang: str) -> str:
    return RiskClass(value).label(lang) if value else ""


def safe_snippet(snippet: str) -> Markup:
    """Search snippets may carry <mark> and nothing else."""
    return Markup(nh3.clean(snippet, tags={"mark"}, attributes={}))


def request_language(request: Request) -> str:
    return pick_language(request.query_params.get("lang"), request.cookies.get(LANGUAGE_COOKIE))


def render(request: Request, template: str, *, status_code: int = 200, **context: Any) -> Response[str]:
    lang = request_language(request)
    environment: Environment = request.app.state.templates

    def t(key: str, **values: object) -> str:
        return translate(key, lang, **values)

    html = environment.get_template(template).render(
        lang=lang, t=t, request_path=request.url.path, query=request.url.query, **context
    )
    return Response(content=html, media_type=MediaType.HTML, status_code=status_code)
