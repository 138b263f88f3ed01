"""Parent links (a skill's area, a content item's source): no cycles, bounded depth.

Every link change goes through `check_link()` inside the writing transaction. It first locks,
in primary-key order, every row of the creator that has a link plus the two rows being
linked, so two concurrent changes that would close a cycle between them (a under b, b under
a) queue on a shared row, and the second one reads the first one's committed link and is
refused. Every walk up or down a tree stops after `MAX_DEPTH` steps, so even a cycle written
around the services (raw SQL, the admin) cannot loop forever.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model, Q

MAX_DEPTH = 50


def ancestors(parents: dict[int, int | None], start: int | None) -> list[int]:
    """`start` and the ids above it, nearest first; at most MAX_DEPTH, stopping at a loop."""
    chain: list[int] = []
    node = start
    while node is not None and node not in chain and len(chain) < MAX_DEPTH:
        chain.append(node)
        node = parents.get(node)
    return chain


def check_link(
    *,
    model: type[Model],
    creator_id: int,
    field: str,
    node: Model,
    parent: Model | None,
    cycle_message: str,
    depth_message: str,
) -> None:
    """Refuse linking `node` under `parent` (by `field`) if it closes a cycle or passes
    MAX_DEPTH levels; the rows stay locked until the caller's transaction ends."""
    if parent is None:
        return
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("check_link() needs the writing transaction around it.")
    if node.pk is not None and parent.pk == node.pk:
        raise ValidationError({field: cycle_message})
    linked = Q(**{f"{field}__isnull": False}) | Q(pk__in=[pk for pk in (node.pk, parent.pk) if pk])
    rows = model._default_manager.filter(linked, creator_id=creator_id)
    list(rows.order_by("pk").select_for_update(of=("self",)).values_list("pk", flat=True))
    # Read the links again after the locks: a row linked by a transaction that committed
    # while this one waited is not in the locking query's snapshot.
    parents = dict(
        model._default_manager.filter(
            creator_id=creator_id, **{f"{field}__isnull": False}
        ).values_list("pk", f"{field}_id")
    )
    key = node.pk if node.pk is not None else 0  # a new row: no id yet, nothing below it
    parents[key] = parent.pk
    chain = ancestors(parents, key)
    above = parents.get(chain[-1])
    if above is not None:
        raise ValidationError({field: cycle_message if above in chain else depth_message})
