"""Where to send the browser next: the one check for redirect targets a request supplies."""

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def is_safe_url(request: HttpRequest, url: str) -> bool:
    """True when `url` stays on this site (no other host, no scheme downgrade)."""
    return bool(url) and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


def safe_next(request: HttpRequest, fallback: str, url: str | None = None) -> str:
    """`url` (default: the request's `next` parameter) when it is safe, else `fallback`."""
    target = url if url is not None else request.POST.get("next") or request.GET.get("next", "")
    return target if is_safe_url(request, target) else fallback
