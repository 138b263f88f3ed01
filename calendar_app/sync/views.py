"""Pages for calendar sync: the private feed, import and export, webhooks; and the feed itself."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe
from django.views.decorators.vary import vary_on_headers

from accounts.formtools import form_errors
from accounts.models import User
from accounts.tokens import calendar_feed_regenerate, calendar_feed_token, calendar_feed_user

from ..models import Channel, ContentItem, WebhookEndpoint
from . import ical, imports, webhooks
from .forms import ImportForm, WebhookEndpointForm

DELIVERIES_SHOWN = 50


def feed_urls(request: HttpRequest, user: User) -> dict[str, str]:
    url = request.build_absolute_uri(
        reverse("calendar_feed", kwargs={"token": calendar_feed_token(user)})
    )
    return {"feed_url": url, "webcal_url": "webcal://" + url.split("://", 1)[1]}


@require_safe
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The private iCalendar feed: no login, the secret token is the credential."""
    user = calendar_feed_user(token)
    if user is None:
        raise Http404
    with translation.override(user.language):
        feed = ical.build_feed(user)
    last_modified = int(feed.last_modified.timestamp()) if feed.last_modified else None
    not_modified = get_conditional_response(request, etag=feed.etag, last_modified=last_modified)
    if not_modified is not None:
        return not_modified
    response = HttpResponse(feed.body, content_type="text/calendar; charset=utf-8")
    response["ETag"] = feed.etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified)
    response["Cache-Control"] = "private, max-age=300"
    response["Content-Disposition"] = 'inline; filename="sweetspot.ics"'
    response["X-Robots-Tag"] = "noindex"
    return response


def _render_settings(request: HttpRequest, import_form: ImportForm, status: int = 200):
    context = {
        **feed_urls(request, request.user),
        "import_form": import_form,
        "channels": Channel.objects.for_creator(request.user),
        "statuses": ContentItem.Status.choices,
        "endpoint_count": WebhookEndpoint.objects.for_creator(request.user).count(),
    }
    return render(request, "calendar_app/sync/sync_settings.html", context, status=status)


@login_required
def sync_settings(request: HttpRequest) -> HttpResponse:
    return _render_settings(request, ImportForm())


@login_required
@require_POST
def feed_regenerate(request: HttpRequest) -> HttpResponse:
    calendar_feed_regenerate(user=request.user)
    messages.success(
        request, _("Your calendar feed has a new address; the old one no longer works.")
    )
    return redirect("calendar_sync:settings")


@login_required
@require_POST
def import_file(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data["file"].read()
        run = imports.import_ics if form.cleaned_data["kind"] == "ics" else imports.import_csv
        try:
            result = run(creator=request.user, data=data)
        except ValidationError as error:
            for message in error.message_dict.get("file", error.messages):
                form.add_error("file", message)
        except imports.ImportConflict as conflict:
            form.add_error("file", conflict.message)
            return _render_settings(request, form, status=409)
        else:
            messages.success(
                request,
                _("Imported: %(created)d new, %(updated)d updated, %(unchanged)d unchanged.")
                % {
                    "created": result.created,
                    "updated": result.updated,
                    "unchanged": result.unchanged,
                },
            )
            return redirect("calendar_sync:settings")
    return _render_settings(request, form, status=400)


def _endpoints(user: User) -> QuerySet[WebhookEndpoint]:
    return WebhookEndpoint.objects.for_creator(user)


def _endpoint_for(user: User, pk: int) -> WebhookEndpoint:
    endpoint = _endpoints(user).filter(pk=pk).first()
    if endpoint is None:
        raise Http404
    return endpoint


@login_required
def webhook_list(request: HttpRequest) -> HttpResponse:
    form = WebhookEndpointForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            endpoint = webhooks.endpoint_create(creator=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("Webhook added. Copy its signing secret below."))
            return redirect("calendar_sync:webhook_detail", pk=endpoint.pk)
    context = {"form": form, "endpoints": _endpoints(request.user)}
    return render(
        request,
        "calendar_app/sync/webhook_list.html",
        context,
        status=400 if form.errors else 200,
    )


def _detail(request: HttpRequest, endpoint: WebhookEndpoint) -> HttpResponse:
    template = "calendar_app/sync/webhook_detail.html"
    if request.htmx:
        template += "#deliveries"
    context = {
        "endpoint": endpoint,
        "deliveries": endpoint.deliveries.all()[:DELIVERIES_SHOWN],
    }
    return render(request, template, context)


@login_required
@vary_on_headers("HX-Request")
def webhook_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _endpoint_for(request.user, pk))


@login_required
@require_POST
@vary_on_headers("HX-Request")
def webhook_test(request: HttpRequest, pk: int) -> HttpResponse:
    endpoint = _endpoint_for(request.user, pk)
    webhooks.send_test(endpoint=endpoint)
    if request.htmx:
        return _detail(request, endpoint)
    messages.success(request, _("A test delivery is on its way."))
    return redirect("calendar_sync:webhook_detail", pk=endpoint.pk)


@login_required
@require_POST
def webhook_enable(request: HttpRequest, pk: int) -> HttpResponse:
    webhooks.endpoint_enable(endpoint=_endpoint_for(request.user, pk))
    messages.success(request, _("Webhook switched back on."))
    return redirect("calendar_sync:webhook_detail", pk=pk)


@login_required
@require_POST
def webhook_rotate(request: HttpRequest, pk: int) -> HttpResponse:
    webhooks.endpoint_rotate_secret(endpoint=_endpoint_for(request.user, pk))
    messages.success(request, _("New signing secret created; update your receiver."))
    return redirect("calendar_sync:webhook_detail", pk=pk)


@login_required
@require_POST
def webhook_delete(request: HttpRequest, pk: int) -> HttpResponse:
    webhooks.endpoint_delete(endpoint=_endpoint_for(request.user, pk))
    messages.success(request, _("Webhook deleted."))
    return redirect("calendar_sync:webhooks")
