"""The MCP server: tools and resources on the official SDK's `MCPServer`.

Each tool is a thin async wrapper: its signature gives the JSON schema of its input, and its
body runs the synchronous tool in `assistant.tools` on the request's thread (thread-sensitive
`sync_to_async`, so it shares the request's database connection), as the token's user, in the
user's language and time zone. Errors become MCP tool errors with translated text.
"""

import contextvars
import json
from pathlib import Path
from typing import Annotated, Any, Literal

from asgiref.sync import sync_to_async
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp.server.mcpserver.resources import TextResource
from mcp_types import ToolAnnotations
from pydantic import Field
from rest_framework.exceptions import ValidationError as DRFValidationError

from . import tools
from .tools import Principal

METHOD_PATH = Path(__file__).resolve().parent / "method" / "METHOD.md"
CURRENT: contextvars.ContextVar[Principal | None] = contextvars.ContextVar(
    "sweetspot_mcp_principal", default=None
)

Id = Annotated[int, Field(ge=1, le=2**63 - 1)]
CreatorId = Annotated[
    int | None,
    Field(
        ge=1,
        le=2**63 - 1,
        description="A mentee's user id (coaches only); leave out for your own data.",
    ),
]
Status = Literal["idea", "outline", "draft", "review", "scheduled", "published", "archived"]
READ_ONLY = ToolAnnotations(readOnlyHint=True, destructiveHint=False, openWorldHint=False)
WRITES = ToolAnnotations(readOnlyHint=False, destructiveHint=False, openWorldHint=False)


def _message(error: Exception) -> str:
    if isinstance(error, DRFValidationError):
        return json.dumps(error.detail, ensure_ascii=False, default=str)
    if isinstance(error, DjangoValidationError):
        detail = error.message_dict if hasattr(error, "error_dict") else {"detail": error.messages}
        return json.dumps(detail, ensure_ascii=False)
    return str(error)


def _call_sync(fn, kwargs: dict[str, Any]) -> Any:
    principal = CURRENT.get()
    if principal is None:
        raise ToolError("Not authenticated.")
    user = principal.user
    with translation.override(user.language or None), timezone.override(user.tzinfo):
        try:
            return fn(principal, **kwargs)
        except (Http404, ObjectDoesNotExist):
            raise ToolError(_("Not found.")) from None
        except PermissionDenied as error:
            raise ToolError(str(error) or _("You may not do that.")) from None
        except (DRFValidationError, DjangoValidationError) as error:
            raise ToolError(_("Invalid input: %(errors)s") % {"errors": _message(error)}) from None


async def _run(fn, **kwargs: Any) -> Any:
    return await sync_to_async(_call_sync, thread_sensitive=True)(fn, kwargs)


server = MCPServer(
    name="sweetspot",
    title="Sweetspot",
    instructions=(
        "Sweetspot plans a technical creator's content around their positioning. Read the "
        "positioning and the method (resources method://...) before planning; dates are ISO 8601 "
        "and, without an offset, in the creator's time zone. Writes need a token with the write "
        "scope. Coaches read their mentees' data (creator_id) and may only comment."
    ),
    version="1",
    log_level="WARNING",
)


@server.tool(annotations=READ_ONLY)
async def get_positioning(creator_id: CreatorId = None) -> dict:
    """The positioning: chosen option and value proposition, ranked options, topics by
    ability x passion intersection, the golden-loop profile and the steps still missing."""
    return await _run(tools.get_positioning, creator_id=creator_id)


@server.tool(annotations=READ_ONLY)
async def list_pieces(
    start: Annotated[
        str | None, Field(description="First day (YYYY-MM-DD) or moment of planned_for.")
    ] = None,
    end: Annotated[str | None, Field(description="Last day (YYYY-MM-DD), inclusive.")] = None,
    status: Annotated[list[Status] | None, Field(description="Only these statuses.")] = None,
    channel: Annotated[int | None, Field(ge=1, description="Only this channel id.")] = None,
    topic: Annotated[int | None, Field(ge=1, description="Only this topic id.")] = None,
    creator_id: CreatorId = None,
) -> dict:
    """Content pieces (items) planned in a date range, filtered as the API's content-items
    list is; at most 500, ordered by planned date."""
    return await _run(
        tools.list_pieces,
        start=start,
        end=end,
        status=status,
        channel=channel,
        topic=topic,
        creator_id=creator_id,
    )


@server.tool(annotations=WRITES)
async def create_idea(
    title: Annotated[str, Field(min_length=1, max_length=200)],
    notes: Annotated[str | None, Field(max_length=20000)] = None,
    topic: Annotated[int | None, Field(ge=1, description="One of your topic ids.")] = None,
    channel: Annotated[int | None, Field(ge=1, description="One of your channel ids.")] = None,
    format: Annotated[str | None, Field(description="Content format, as in the API.")] = None,
    planned_for: Annotated[
        str | None, Field(description="ISO 8601 date and time, if already planned.")
    ] = None,
) -> dict:
    """Add an idea to the backlog (status `idea`). Needs the write scope."""
    return await _run(
        tools.create_idea,
        title=title,
        notes=notes,
        topic=topic,
        channel=channel,
        format=format,
        planned_for=planned_for,
    )


@server.tool(annotations=WRITES)
async def schedule_piece(
    id: Id,
    planned_for: Annotated[str, Field(description="ISO 8601 date and time, e.g. 2026-07-01T09:00")],
) -> dict:
    """Plan a piece for a date and time (it then shows in the calendar). Needs the write scope."""
    return await _run(tools.schedule_piece, id=id, planned_for=planned_for)


@server.tool(annotations=WRITES)
async def move_piece(id: Id, status: Status) -> dict:
    """Move a piece to another status column of the board. Needs the write scope."""
    return await _run(tools.move_piece, id=id, status=status)


@server.tool(annotations=READ_ONLY)
async def list_reviews(
    kind: Literal["weekly", "monthly", "quarterly"] | None = None, creator_id: CreatorId = None
) -> dict:
    """Weekly, monthly and quarterly reviews, newest first, with checklist items."""
    return await _run(tools.list_reviews, kind=kind, creator_id=creator_id)


@server.tool(annotations=WRITES)
async def complete_review_item(review_id: Id, item_id: Id, done: bool = True) -> dict:
    """Tick (or untick) one checklist item of one of your reviews. Needs the write scope."""
    return await _run(tools.complete_review_item, review_id=review_id, item_id=item_id, done=done)


@server.tool(annotations=READ_ONLY)
async def get_growth(creator_id: CreatorId = None) -> dict:
    """Latest growth metrics: followers per channel, deltas, engagement, streak, goal."""
    return await _run(tools.get_growth, creator_id=creator_id)


@server.tool(annotations=READ_ONLY)
async def list_mentees() -> dict:
    """Coaches: the creators who invited you and still do, with their health signals."""
    return await _run(tools.list_mentees)


@server.tool(annotations=WRITES)
async def comment(
    target_type: Literal["content_item", "review", "topic", "positioning_option"],
    target_id: Id,
    body: Annotated[str, Field(min_length=1, max_length=5000)],
) -> dict:
    """Comment on your own or a mentee's piece, review, topic or option (coaches' one write).
    Needs the write scope."""
    return await _run(tools.comment, target_type=target_type, target_id=target_id, body=body)


def method_sections() -> list[tuple[str, str, str]]:
    """(slug, title, text) for the whole method and each of its top-level sections."""
    text = METHOD_PATH.read_text(encoding="utf-8")
    sections = [("all", "The creator method", text)]
    current: list[str] = []
    title = ""
    for line in [*text.splitlines(), "## end"]:
        if line.startswith("## "):
            if title:
                number = title.split(".", 1)[0].strip()
                sections.append((f"section-{number}", title, "\n".join(current).strip() + "\n"))
            title, current = line[3:].strip(), [line]
        elif title:
            current.append(line)
    return sections


for _slug, _title, _text in method_sections():
    server.add_resource(
        TextResource(
            uri=f"method://sweetspot/{_slug}",
            name=_slug,
            title=_title,
            description=f"The creator method Sweetspot implements: {_title}",
            mime_type="text/markdown",
            text=_text,
        )
    )
