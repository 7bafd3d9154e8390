"""Who is asking: session cookies for the desk, bearer tokens for the editorial API, and CSRF.

Sessions are client-side cookies, encrypted and authenticated (AES-GCM) with a key from the
settings, HttpOnly and SameSite. A cookie names a user and the user's session epoch, so disabling
a user or changing roles ends every session at once."""

from __future__ import annotations

import hashlib
from typing import Any

from litestar import Request
from litestar.config.csrf import CSRFConfig
from litestar.datastructures import State
from litestar.exceptions import NotAuthorizedException, PermissionDeniedException
from litestar.middleware import DefineMiddleware
from litestar.middleware.csrf import CSRFMiddleware
from litestar.middleware.session.client_side import CookieBackendConfig
from litestar.template.base import csrf_token
from litestar.types import ASGIApp

from publisher.services import services_of
from publisher.settings import Settings
from register.accounts import Actor, actor_for_session, actor_for_token
from schemas.enums import Role

SESSION_COOKIE = "gs_sessie"
CSRF_COOKIE = "gs_csrf"
CSRF_FIELD = "_csrf_token"
SESSION_HOURS = 8
DESK_PATH = "/beheer"


def _derived_key(settings: Settings, purpose: str) -> bytes:
    return hashlib.sha256(f"{purpose}:{settings.signing_key()}".encode()).digest()


def desk_middleware(settings: Settings) -> list[DefineMiddleware]:
    """Session and CSRF protection for the desk; the public site sets no cookies of these kinds.

    Both are built when the app starts (litestar copies routers, and a cipher cannot be copied)."""
    return [DefineMiddleware(_sessions, settings=settings), DefineMiddleware(_csrf, settings=settings)]


def _sessions(app: ASGIApp, settings: Settings) -> ASGIApp:
    config = CookieBackendConfig(
        secret=_derived_key(settings, "session"), key=SESSION_COOKIE, path=DESK_PATH, max_age=SESSION_HOURS * 3600,
        secure=settings.secure_cookies, httponly=True, samesite="lax",
    )
    return config.middleware(app)


def _csrf(app: ASGIApp, settings: Settings) -> ASGIApp:
    config = CSRFConfig(
        secret=_derived_key(settings, "csrf").hex(), cookie_name=CSRF_COOKIE, cookie_path=DESK_PATH,
        cookie_secure=settings.secure_cookies, cookie_httponly=True, cookie_samesite="strict",
    )
    return CSRFMiddleware(app, config)


def form_token(request: Request[Any, Any, Any]) -> str:
    """The CSRF token every desk form carries in its hidden field."""
    return csrf_token({"request": request})


def start_session(request: Request[Any, Any, Any], user_id: int, epoch: int) -> None:
    request.set_session({"user": user_id, "epoch": epoch})


def end_session(request: Request[Any, Any, Any]) -> None:
    request.clear_session()


def session_actor(request: Request[Any, Any, Any]) -> Actor | None:
    data = request.session if "session" in request.scope else {}
    user_id, epoch = data.get("user"), data.get("epoch")
    if not isinstance(user_id, int) or not isinstance(epoch, int):
        return None
    with services_of(request.app.state).sessions() as session:
        return actor_for_session(session, user_id, epoch)


async def provide_desk_actor(request: Request[Any, Any, Any]) -> Actor:
    """The signed-in user of a desk page; 401 (the login page) when there is none."""
    actor = session_actor(request)
    if actor is None:
        raise NotAuthorizedException("Log in om de beheeromgeving te gebruiken.")
    return actor


async def provide_api_actor(request: Request[Any, Any, Any], state: State) -> Actor:
    """The holder of the bearer token; 401 with a WWW-Authenticate challenge when missing or unknown."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    actor = None
    if scheme.lower() == "bearer" and token.strip():
        with services_of(state).sessions() as session:
            actor = actor_for_token(session, token.strip())
    if actor is None:
        raise NotAuthorizedException(
            "A valid bearer token is needed (glazenstad tokens create NAME).",
            headers={"WWW-Authenticate": 'Bearer realm="glazenstad"'},
        )
    return actor


def require_role(actor: Actor, *roles: Role) -> None:
    if not any(actor.has(role) for role in roles):
        names = " of ".join(role.label("nl").lower() for role in roles)
        raise PermissionDeniedException(f"Hiervoor is de rol {names} nodig.")
