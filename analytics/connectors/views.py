"""The channel's connector page: choose a source, see how it is doing, fetch now, and answer
the publications nobody planned."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from accounts.formtools import form_saved
from accounts.secrets import masked
from analytics.models import Publication
from calendar_app.connectors import sources
from calendar_app.connectors.errors import in_words
from calendar_app.connectors.registry import CONNECTORS
from calendar_app.models import Channel
from calendar_app.selectors import get_channel_for

from . import services
from .forms import ConnectorForm

TEMPLATE = "analytics/connectors/channel_connector.html"


def _context(channel: Channel, form: ConnectorForm) -> dict:
    return {
        "channel": channel,
        "form": form,
        "last_error": in_words(channel.source_last_error),
        "secret_masked": masked(channel.source_secret_hint) if channel.source_secret else "",
        "no_public_api": channel.platform in Channel.NO_PUBLIC_API,
        "ref_help": {kind: str(c.ref_help) for kind, c in CONNECTORS.items()},
        "unplanned": Publication.objects.for_creator(channel.creator_id)
        .filter(channel=channel, state=Publication.State.UNPLANNED)
        .order_by("-published_at", "pk")[:50],
    }


@login_required
@vary_on_headers("HX-Request")
def channel_connector(request: HttpRequest, pk: int) -> HttpResponse:
    channel = get_channel_for(request.user, pk)
    if request.htmx and request.method == "GET":
        context = {"channel": channel, "last_error": in_words(channel.source_last_error)}
        return render(request, f"{TEMPLATE}#status", context)
    initial = {"source_kind": channel.source_kind, "source_ref": channel.source_ref}
    form = ConnectorForm(request.POST or None, initial=initial)
    if form_saved(
        request,
        form,
        lambda: sources.channel_source_update(channel=channel, **form.source()),
    ):
        messages.success(request, _("Saved."))
        return redirect("analytics:channel_connector", pk=channel.pk)
    return render(request, TEMPLATE, _context(channel, form))


@login_required
@require_POST
def channel_fetch(request: HttpRequest, pk: int) -> HttpResponse:
    channel = get_channel_for(request.user, pk)
    try:
        channel = services.fetch_request(channel=channel)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("analytics:channel_connector", pk=channel.pk)
    if request.htmx:
        context = {"channel": channel, "last_error": in_words(channel.source_last_error)}
        return render(request, f"{TEMPLATE}#status", context)
    messages.success(request, _("Fetching now."))
    return redirect("analytics:channel_connector", pk=channel.pk)


def _publication_for(request: HttpRequest, pk: int) -> Publication:
    publication = Publication.objects.for_creator(request.user).filter(pk=pk).first()
    if publication is None:
        raise Http404
    return publication


@login_required
@require_POST
def publication_answer(request: HttpRequest, pk: int, answer: str) -> HttpResponse:
    publication = _publication_for(request, pk)
    act = services.publication_confirm if answer == "confirm" else services.publication_dismiss
    try:
        act(publication=publication)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Added to your plan as published.") if answer == "confirm" else _("Dismissed."),
        )
    return redirect("analytics:channel_connector", pk=publication.channel_id)
