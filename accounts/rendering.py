"""One way for a view to answer a whole page or, to htmx, only the fragment it swaps."""

from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils.cache import patch_vary_headers


def render_page(
    request: HttpRequest, template: str, context: dict, fragment: str = "main", status: int = 200
) -> TemplateResponse:
    """`template` for a browser, its `#fragment` partial for an htmx request.

    The answer varies with HX-Request, so no cache serves a fragment as a page."""
    htmx = getattr(request, "htmx", None)
    name = f"{template}#{fragment}" if htmx and not htmx.boosted else template
    response = TemplateResponse(request, name, context, status=status)
    patch_vary_headers(response, ("HX-Request",))
    return response
