"""Users, their roles and organisations, passwords (argon2), API tokens and the login rate limit.

Every change here is an event, so the audit log says who gave whom which powers."""

from __future__ import annotations

import datetime
import hashlib
import secrets
from collections.abc import Iterable

import msgspec
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from register.events import EventType, record_event, utcnow
from register.models import ApiToken, LoginAttempt, Organisation, User, UserOrganisation
from schemas.entry import Organisation as OrganisationRef
from schemas.enums import Role
from schemas.problems import ContentError, Problem, problem_from_decode_error

PASSWORDS = PasswordHasher()
MIN_PASSWORD_LENGTH = 12
LOGIN_WINDOW = datetime.timedelta(minutes=15)
MAX_FAILURES_PER_LOGIN = 5
MAX_FAILURES_PER_CLIENT = 20
TOKEN_PREFIX = "gst_"
# Verifying against this hash when a login is unknown makes that answer as slow as a wrong password.
_UNKNOWN_USER_HASH = PASSWORDS.hash(secrets.token_hex(16))


class Actor(msgspec.Struct, frozen=True, kw_only=True):
    """Who is acting: a signed-in user or the holder of an API token."""

    user_id: int
    name: str
    email: str | None
    roles: frozenset[Role]
    organisations: frozenset[str]

    def has(self, role: Role) -> bool:
        return role in self.roles

    def acts_for(self, organisation_codes: Iterable[str]) -> bool:
        return not self.organisations.isdisjoint(organisation_codes)


class LoginRefused(Exception):
    def __init__(self, rate_limited: bool) -> None:
        super().__init__("too many attempts" if rate_limited else "wrong name or password")
        self.rate_limited = rate_limited


def _problem(field: str, message: str, message_en: str) -> ContentError:
    return ContentError([Problem(field=field, message=message, message_en=message_en)])


def parse_roles(values: Iterable[str]) -> frozenset[Role]:
    roles = set()
    for value in values:
        try:
            roles.add(Role(value.strip().lower()))
        except ValueError:
            known = ", ".join(role.value for role in Role)
            raise _problem("role", f"onbekende rol '{value}'; kies uit {known}",
                           f"unknown role '{value}'; choose from {known}") from None
    if not roles:
        raise _problem("role", "geef minstens één rol", "give at least one role")
    return frozenset(roles)


def find_organisation(session: Session, reference: str) -> Organisation:
    """An organisation by its TOOI code or its exact name."""
    found = session.get(Organisation, reference) or session.scalar(
        select(Organisation).where(Organisation.name == reference)
    )
    if found is None:
        known = ", ".join(f"{o.tooi_id} ({o.name})" for o in session.scalars(select(Organisation)))
        raise _problem("organisation", f"onbekende organisatie '{reference}'; bekend zijn: {known or 'geen'}",
                       f"unknown organisation '{reference}'; known: {known or 'none'}")
    return found


def add_user(
    session: Session,
    name: str,
    *,
    roles: Iterable[str],
    organisations: Iterable[str],
    password: str | None = None,
    email: str | None = None,
    actor: str,
) -> User:
    name = name.strip()
    if not name or len(name) > 100:
        raise _problem("name", "een naam van 1 tot 100 tekens is nodig", "a name of 1 to 100 characters is needed")
    if session.scalar(select(User).where(User.name == name)) is not None:
        raise _problem("name", f"gebruiker '{name}' bestaat al", f"user '{name}' already exists")
    role_set = parse_roles(roles)
    codes = sorted({find_organisation(session, reference).tooi_id for reference in organisations})
    if not codes:
        raise _problem("organisation", "geef minstens één organisatie", "give at least one organisation")
    user = User(name=name, email=email or None, roles=_roles_text(role_set), created_at=utcnow(),
                password_hash=_password_hash(password) if password is not None else None)
    user.organisations = [UserOrganisation(tooi_id=code) for code in codes]
    session.add(user)
    session.flush()
    record_event(session, EventType.USER_ADDED, actor=actor,
                 details={"user": name, "roles": sorted(role_set), "organisations": codes})
    return user


def set_roles(session: Session, name: str, roles: Iterable[str], *, actor: str) -> User:
    user = get_user(session, name)
    role_set = parse_roles(roles)
    user.roles = _roles_text(role_set)
    user.session_epoch += 1
    record_event(session, EventType.USER_ROLES_SET, actor=actor, details={"user": name, "roles": sorted(role_set)})
    return user


def disable_user(session: Session, name: str, *, actor: str) -> User:
    user = get_user(session, name)
    user.disabled = True
    user.session_epoch += 1
    for token in session.scalars(select(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))):
        token.revoked_at = utcnow()
    record_event(session, EventType.USER_DISABLED, actor=actor, details={"user": name})
    return user


def get_user(session: Session, name: str) -> User:
    user = session.scalar(select(User).where(User.name == name))
    if user is None:
        raise _problem("name", f"gebruiker '{name}' bestaat niet", f"user '{name}' does not exist")
    return user


def list_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.name)))


def create_token(session: Session, name: str, *, actor: str) -> str:
    """A new bearer token for a user; only its hash is stored, so this is the one time it is seen."""
    user = get_user(session, name)
    if user.disabled:
        raise _problem("name", f"gebruiker '{name}' is uitgeschakeld", f"user '{name}' is disabled")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    session.add(ApiToken(user_id=user.id, token_hash=_token_hash(token), created_at=utcnow()))
    record_event(session, EventType.TOKEN_CREATED, actor=actor, details={"user": name})
    return token


def actor_for_token(session: Session, token: str) -> Actor | None:
    user = session.scalar(
        select(User).join(ApiToken, ApiToken.user_id == User.id)
        .where(ApiToken.token_hash == _token_hash(token), ApiToken.revoked_at.is_(None))
    )
    return actor_of(user) if user is not None and not user.disabled else None


def actor_for_session(session: Session, user_id: int, epoch: int) -> Actor | None:
    """The user a session cookie names, unless disabled or changed since the cookie was made."""
    user = session.get(User, user_id)
    if user is None or user.disabled or user.session_epoch != epoch:
        return None
    return actor_of(user)


def actor_of(user: User) -> Actor:
    return Actor(user_id=user.id, name=user.name, email=user.email,
                 roles=frozenset(Role(r) for r in user.roles.split()),
                 organisations=frozenset(o.tooi_id for o in user.organisations))


def authenticate(session: Session, login: str, password: str, *, client: str) -> User:
    """Check a password, within the rate limit; every attempt is recorded."""
    now = utcnow()
    since = now - LOGIN_WINDOW
    by_login = session.scalar(select(func.count()).select_from(LoginAttempt).where(
        LoginAttempt.at >= since, LoginAttempt.succeeded.is_(False), LoginAttempt.login == login))
    by_client = session.scalar(select(func.count()).select_from(LoginAttempt).where(
        LoginAttempt.at >= since, LoginAttempt.succeeded.is_(False), LoginAttempt.client == client))
    if (by_login or 0) >= MAX_FAILURES_PER_LOGIN or (by_client or 0) >= MAX_FAILURES_PER_CLIENT:
        raise LoginRefused(rate_limited=True)
    user = session.scalar(select(User).where(User.name == login))
    ok = _verify(user.password_hash if user and user.password_hash else _UNKNOWN_USER_HASH, password)
    ok = ok and user is not None and not user.disabled and user.password_hash is not None
    session.add(LoginAttempt(login=login[:100], client=client[:100], at=now, succeeded=ok))
    if not ok or user is None:
        raise LoginRefused(rate_limited=False)
    if PASSWORDS.check_needs_rehash(user.password_hash or ""):
        user.password_hash = PASSWORDS.hash(password)
    return user


def _verify(password_hash: str, password: str) -> bool:
    try:
        return PASSWORDS.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _password_hash(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise _problem("password", f"een wachtwoord heeft minstens {MIN_PASSWORD_LENGTH} tekens",
                       f"a password has at least {MIN_PASSWORD_LENGTH} characters")
    return PASSWORDS.hash(password)


def _roles_text(roles: frozenset[Role]) -> str:
    return " ".join(sorted(role.value for role in roles))


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def addresses_of(session: Session, role: Role, organisations: Iterable[str]) -> list[str]:
    """E-mail addresses of active users with `role` in any of these organisations."""
    users = session.scalars(
        select(User).join(UserOrganisation, UserOrganisation.user_id == User.id)
        .where(UserOrganisation.tooi_id.in_(list(organisations)), User.disabled.is_(False), User.email.is_not(None))
        .distinct()
    )
    return sorted({u.email for u in users if u.email and role.value in u.roles.split()})


def address_of(session: Session, name: str | None) -> list[str]:
    user = session.scalar(select(User).where(User.name == name)) if name else None
    return [user.email] if user is not None and user.email and not user.disabled else []


def add_organisation(session: Session, code: str, name: str, *, actor: str) -> Organisation:
    """A partner organisation (a municipality of a shared service, say) by its TOOI code and name, so
    that its entries can be imported and its staff added. Refused when the code or the name is taken."""
    try:
        checked = msgspec.convert({"tooi_id": code, "name": name}, OrganisationRef)
    except msgspec.ValidationError as error:
        raise ContentError([problem_from_decode_error(error)]) from None
    taken = session.get(Organisation, checked.tooi_id) or session.scalar(
        select(Organisation).where(Organisation.name == checked.name))
    if taken is not None:
        raise _problem("organisation", f"bestaat al: {taken.tooi_id} ({taken.name})",
                       f"exists already: {taken.tooi_id} ({taken.name})")
    added = Organisation(tooi_id=checked.tooi_id, name=checked.name)
    session.add(added)
    session.flush()
    record_event(session, EventType.ORGANISATION_CHANGED, actor=actor,
                 details={"organisation": added.tooi_id, "added": added.name})
    return added


def ensure_organisation(session: Session, code: str, name: str) -> Organisation:
    """The municipality that runs the register exists before any entry does, so its first
    administrator can be added to an empty register."""
    found = session.get(Organisation, code)
    if found is None:
        found = Organisation(tooi_id=code, name=name)
        session.add(found)
        session.flush()
    return found
