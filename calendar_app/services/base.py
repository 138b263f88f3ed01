"""What every planning write shares: ownership of related objects, validation, the stamps
the database sets.

Every write goes through an ordinary ORM save or update so the database's own bookkeeping
(versions, sync ids, tombstones) sees it, and every write to an existing row takes its row
lock first (accounts.conditional.lock_for_write): a client's `If-Match` version is compared
with the row as it is, not as it was read.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Model
from django.utils.translation import gettext as _

from accounts.conditional import check_version


def owned(creator_id: int, **related: Any) -> None:
    """Every related object must belong to the creator; name the field otherwise."""
    errors = {
        name: _("Choose one of your own.")
        for name, obj in related.items()
        if obj is not None and obj.creator_id != creator_id
    }
    if errors:
        raise ValidationError(errors)


def refuse_unknown(names: Any, allowed: Any, message: str) -> None:
    for name in sorted(set(names) - set(allowed)):
        raise ValidationError({name: message})


def clean_and_save(obj: Model, *, exclude: list[str] | None = None) -> None:
    obj.full_clean(exclude=exclude, validate_unique=False)
    obj.save()


def lock_if_there[M: Model](instance: M, if_match: set[int] | None, *related: str) -> M | None:
    """The row as it is now, locked, after the If-Match check; None once deleted (a delete
    of what is gone already is done)."""
    locked = (
        type(instance)
        ._default_manager.select_for_update(of=("self",))
        .select_related(*related)
        .filter(pk=instance.pk)
        .first()
    )
    if locked is not None:
        check_version(locked.version, if_match)
    return locked


def refresh_stamps(obj: Model, *fields: str) -> None:
    """Read back what the database trigger set (the version, for the response's ETag)."""
    obj.refresh_from_db(fields=["version", *fields])
