"""The one conditional write: strong ETags from a `version` column, If-Match compared with
the row under its lock, in the transaction that writes it.

A model that takes part has `version = PositiveBigIntegerField(default=1, editable=False)`
and a database trigger bumping it on every UPDATE from any code path (see
`accounts.versioning`), so a page edit, a task or a queryset `update()` moves the ETag on
too. A service writing on behalf of a client calls `lock_for_write()` first: of two clients
racing with the same ETag, the second waits for the first's row lock, then sees the new
version and gets `PreconditionFailed` (412).
"""

from django.db import transaction
from django.db.models import Model
from django.http import Http404
from django.utils.cache import parse_etags
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.bounds import ascii_int


class PreconditionFailed(APIException):
    """The object changed since the client read it: its `If-Match` no longer matches.

    Raised by services under the row lock; DRF answers 412 with the current ETag."""

    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = _("This object changed since you read it; fetch it again and retry.")
    default_code = "precondition_failed"

    def __init__(self, current_version: int | None = None):
        super().__init__()
        self.current_version = current_version


def etag_for(instance: Model) -> str:
    return f'"{instance.version}"'


def if_match_versions(request: Request) -> set[int] | None:
    """The versions an `If-Match` header accepts; None when absent, blank or `*`.

    A blank header names no tag and so sets no condition. Weak or foreign tags never
    match (RFC 9110 13.1.1 compares If-Match strongly)."""
    header = request.headers.get("If-Match")
    if header is None or header.strip() in {"", "*"}:
        return None
    versions = set()
    for tag in parse_etags(header):
        value = tag[1:-1] if tag.startswith('"') and tag.endswith('"') else ""
        version = ascii_int(value)
        if version is not None:
            versions.add(version)
    return versions


def check_version(current: int, if_match: set[int] | None) -> None:
    if if_match is not None and current not in if_match:
        raise PreconditionFailed(current)


def lock_for_write[M: Model](instance: M, if_match: set[int] | None) -> M:
    """The row as it is now, locked until the transaction ends, after the If-Match check.

    Call inside the writing transaction, before reading anything the write depends on."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("lock_for_write() needs the writing transaction around it.")
    locked = (
        type(instance)
        ._default_manager.select_for_update(of=("self",))
        .filter(pk=instance.pk)
        .first()
    )
    if locked is None:  # deleted since the caller read it
        raise Http404
    check_version(locked.version, if_match)
    return locked


def refresh_version(instance: Model) -> Model:
    """Read back the version the database trigger set, for the response's ETag."""
    instance.refresh_from_db(fields=["version"])
    return instance


IF_MATCH = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    description="The object's ETag as read; a stale one answers 412 and changes nothing.",
)
IF_NONE_MATCH = OpenApiParameter(
    "If-None-Match", str, OpenApiParameter.HEADER, description="Answers 304 when unchanged."
)
PRECONDITION_FAILED = OpenApiResponse(description="If-Match no longer matches the object.")


def conditional_schema(serializer: type, *, delete: bool = True):
    """Document the ETag headers of a ConditionalObjectMixin view's object endpoints."""
    write = {200: serializer, 412: PRECONDITION_FAILED}
    views = {
        "retrieve": extend_schema(parameters=[IF_NONE_MATCH]),
        "update": extend_schema(parameters=[IF_MATCH], responses=write),
        "partial_update": extend_schema(parameters=[IF_MATCH], responses=write),
    }
    if delete:
        views["destroy"] = extend_schema(
            parameters=[IF_MATCH], responses={204: None, 412: PRECONDITION_FAILED}
        )
    return extend_schema_view(**views)


class ConditionalObjectMixin:
    """An ETag on every object a view answers with, and `If-None-Match` on reads.

    Writes pass `self.if_match()` to their service, which checks it under the row lock;
    set `self.etag_instance` to the object a write answers with."""

    etag_instance: Model | None = None

    def if_match(self) -> set[int] | None:
        return if_match_versions(self.request)

    def retrieve(self, request: Request, *args, **kwargs) -> Response:
        instance = self.get_object()
        etag = etag_for(instance)
        if etag in parse_etags(request.headers.get("If-None-Match", "")):
            return Response(status=status.HTTP_304_NOT_MODIFIED, headers={"ETag": etag})
        self.etag_instance = instance
        return Response(self.get_serializer(instance).data)

    def finalize_response(self, request: Request, response: Response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if self.etag_instance is not None and response.status_code < 300:
            response["ETag"] = etag_for(self.etag_instance)
        return response
