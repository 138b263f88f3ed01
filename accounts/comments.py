"""The registry of things that can be commented on.

Higher apps register their creator-owned models in `AppConfig.ready()`, so the
generic comments API in this app never imports them.
"""

from dataclasses import dataclass

from django.db import models


@dataclass(frozen=True)
class CommentTarget:
    name: str
    model: type[models.Model]


_targets: dict[str, CommentTarget] = {}


def register_target(name: str, model: type[models.Model]) -> None:
    _targets[name] = CommentTarget(name=name, model=model)


def target_names() -> list[str]:
    return sorted(_targets)


def get_target(name: str) -> CommentTarget | None:
    return _targets.get(name)


def target_name_for_model(model: type[models.Model]) -> str | None:
    for target in _targets.values():
        if target.model is model:
            return target.name
    return None


def readable_target(user, name: str, pk: int) -> models.Model | None:
    """The `name` object `pk` if `user` may read (and so comment on) it, else None."""
    from .selectors import readable_creator_ids

    target = get_target(name)
    if target is None:
        return None
    return target.model.objects.filter(creator_id__in=readable_creator_ids(user), pk=pk).first()
