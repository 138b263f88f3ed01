"""Item URLs for pages that list hundreds of items: each name reversed once."""

from functools import lru_cache

from django.urls import reverse

_PLACEHOLDER = "2147483647"


@lru_cache(maxsize=64)
def _url_pattern(name: str) -> str:
    return reverse(name, args=[int(_PLACEHOLDER)])


def item_url(name: str, pk: int) -> str:
    """`{% url name pk %}`, from the pattern reversed once per name."""
    return _url_pattern(name).replace(_PLACEHOLDER, str(pk))
