"""Personal access tokens: random secrets shown once and stored as SHA-256 hashes."""

import functools
import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from django.db import connection, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from .models import PersonalAccessToken, User

TOKEN_PREFIX = "ss_"


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def token_create(
    *, user: User, name: str, scope: str, expires_at: datetime | None = None
) -> tuple[PersonalAccessToken, str]:
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = PersonalAccessToken.objects.create(
        user=user,
        name=name,
        scope=scope,
        expires_at=expires_at,
        prefix=raw[: len(TOKEN_PREFIX) + 6],
        token_hash=hash_token(raw),
    )
    return token, raw


def token_revoke(*, token: PersonalAccessToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])


def tokens_purge_stale() -> int:
    """Delete personal tokens revoked or expired more than 90 days ago, and OAuth tokens,
    codes and refresh tokens past their lifetime (django-oauth-toolkit's own sweep)."""
    from oauth2_provider.models import clear_expired

    cutoff = timezone.now() - timedelta(days=90)
    revoked, _ = PersonalAccessToken.objects.filter(revoked_at__lt=cutoff).delete()
    expired, _ = PersonalAccessToken.objects.filter(expires_at__lt=cutoff).delete()
    clear_expired()
    return revoked + expired


_HASH_MARK = "#" * 64
_NOW_MARK = datetime(2000, 1, 1, tzinfo=UTC)


@functools.cache
def _lookup() -> tuple[str, tuple, list[str], list[str]]:
    """The token-with-its-user lookup, compiled once from `usable()` itself.

    Django compiles a queryset's SQL on every evaluation, about a millisecond of the API's
    4 ms floor; this lookup runs on every token request, so its SQL is compiled once, with
    markers where the hash and the time go, and only executed after that."""
    token_fields = [field.attname for field in PersonalAccessToken._meta.concrete_fields]
    user_fields = [field.attname for field in User._meta.concrete_fields]
    query = (
        PersonalAccessToken.objects.usable(now=_NOW_MARK)
        .filter(token_hash=_HASH_MARK, user__is_active=True)
        .order_by()
        .values_list(*token_fields, *(f"user__{name}" for name in user_fields))
        .query
    )
    sql, params = query.sql_with_params()
    slots = tuple({_HASH_MARK: "hash", _NOW_MARK: "now"}.get(param, param) for param in params)
    if sorted(str(slot) for slot in slots) != ["hash", "now"]:
        raise RuntimeError(f"Unexpected parameters in the token lookup: {params!r}")
    return sql, slots, token_fields, user_fields


def _usable_token(token_hash: str, now: datetime) -> PersonalAccessToken | None:
    sql, slots, token_fields, user_fields = _lookup()
    values = {"hash": token_hash, "now": now}
    with connection.cursor() as cursor:
        cursor.execute(sql, [values[slot] for slot in slots])
        row = cursor.fetchone()
    if row is None:
        return None
    split = len(token_fields)
    token = PersonalAccessToken.from_db(connection.alias, token_fields, row[:split])
    token.user = User.from_db(connection.alias, user_fields, row[split:])
    return token


def token_authenticate(raw: str) -> PersonalAccessToken | None:
    """The usable token for this secret, with its user and its last-used time refreshed."""
    now = timezone.now()
    token = _usable_token(hash_token(raw), now)
    if token is None:
        return None
    # Refresh at most once a minute so that busy clients do not write on every call.
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        PersonalAccessToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


def token_scope(token) -> str | None:
    """`read` or `write` (read and write) for a personal or OAuth token; None for a session."""
    if isinstance(token, PersonalAccessToken):
        return token.scope
    from .oauth import token_scope as oauth_scope

    return oauth_scope(token) if token is not None else None


def token_identity(token) -> str | None:
    """The throttling identity of a token: one budget per personal token, and one per OAuth
    client and user (its access tokens rotate, and a refresh must not reset the budget)."""
    if isinstance(token, PersonalAccessToken):
        return f"token-{token.pk}"
    if token is not None and hasattr(token, "application_id"):
        return f"oauth-{token.application_id}-{token.user_id}"
    return None


def _derive_calendar_feed_token(user: User) -> str:
    return salted_hmac(
        "sweetspot.calendar-feed", f"{user.pk}:{user.calendar_feed_salt}", algorithm="sha256"
    ).hexdigest()


def calendar_feed_regenerate(*, user: User) -> str:
    """A new feed secret (128 random bits of salt through HMAC); the old feed URL stops working."""
    user.calendar_feed_salt = secrets.token_hex(16)
    token = _derive_calendar_feed_token(user)
    user.calendar_feed_hash = hash_token(token)
    user.save(update_fields=["calendar_feed_salt", "calendar_feed_hash"])
    return token


def calendar_feed_token(user: User) -> str:
    """The secret in the user's calendar feed URL, created on first use.

    Creation only fills an empty salt, so concurrent first uses agree on one token."""
    if not user.calendar_feed_salt:
        user.calendar_feed_salt = secrets.token_hex(16)
        token = _derive_calendar_feed_token(user)
        created = User.objects.filter(pk=user.pk, calendar_feed_salt="").update(
            calendar_feed_salt=user.calendar_feed_salt, calendar_feed_hash=hash_token(token)
        )
        if created:
            user.calendar_feed_hash = hash_token(token)
            return token
        user.refresh_from_db(fields=["calendar_feed_salt", "calendar_feed_hash"])
    return _derive_calendar_feed_token(user)


def calendar_feed_user(token: str) -> User | None:
    if not token:
        return None
    return User.objects.filter(calendar_feed_hash=hash_token(token), is_active=True).first()
