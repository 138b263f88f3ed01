import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from accounts.formtools import form_errors, form_saved
from accounts.queue import enqueue
from accounts.selectors import get_mentee_for
from analytics.models import IncomeEntry, TimeEntry
from calendar_app.models import Channel, ContentItem

from . import csv_import, exports, selectors, services
from .dashboard import dashboard_for
from .forms import (
    CsvUploadForm,
    GrowthFactorsForm,
    IncomeEntryForm,
    SnapshotForm,
    TimeEntryForm,
)

IMPORT_SESSION_KEY = "growth_import"
SORTS = ("name", "last_published", "streak", "followers", "growth", "cadence", "overdue")


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    board = dashboard_for(request.user)
    return render(request, "analytics/growth/dashboard.html", {"board": board, "read_only": False})


@login_required
@require_GET
def mentee_dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    mentee = get_mentee_for(request.user, pk)
    board = dashboard_for(mentee)
    return render(
        request,
        "analytics/growth/dashboard.html",
        {"board": board, "read_only": True, "mentee": mentee},
    )


@login_required
@require_GET
@vary_on_headers("HX-Request")
def coach_dashboard(request: HttpRequest) -> HttpResponse:
    sort = request.GET.get("sort", "name")
    sort = sort if sort in SORTS else "name"
    mentees = selectors.mentees_with_health(request.user, sort=sort)
    context = {"mentees": mentees, "sort": sort}
    template = "analytics/growth/coach_dashboard.html"
    if request.htmx:
        template += "#mentee-table"
    return render(request, template, context)


@login_required
@require_POST
def recompute(request: HttpRequest) -> HttpResponse:
    enqueue("analytics.growth.recompute_creator", request.user.pk)
    messages.success(request, _("Your numbers are being recomputed."))
    return redirect("analytics:growth_dashboard")


@login_required
@vary_on_headers("HX-Request")
def snapshots(request: HttpRequest) -> HttpResponse:
    form = SnapshotForm(request.POST or None, creator=request.user)
    saved = None
    if request.method == "POST" and form.is_valid():
        try:
            _snapshot, created = services.snapshot_record(
                creator=request.user,
                channel=form.cleaned_data["channel"],
                content_item=form.cleaned_data["content_item"],
                captured_at=form.cleaned_data["captured_at"],
                **form.counts(),
            )
        except ValidationError as error:
            form_errors(form, error)
        else:
            saved = _("Numbers saved.") if created else _("Numbers updated.")
            if not request.htmx:
                messages.success(request, saved)
                return redirect("analytics:growth_snapshots")
            form = SnapshotForm(creator=request.user)
    page = Paginator(selectors.snapshots_for(request.user), 50).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "saved": saved}
    template = "analytics/growth/snapshot_list.html"
    if request.htmx:
        template += "#snapshot-panel"
    return render(request, template, context)


@login_required
@require_POST
def snapshot_delete(request: HttpRequest, pk: int) -> HttpResponse:
    services.snapshot_delete(snapshot=selectors.get_snapshot_for(request.user, pk))
    messages.success(request, _("The numbers were deleted."))
    return redirect("analytics:growth_snapshots")


@login_required
def snapshot_import(request: HttpRequest) -> HttpResponse:
    form = CsvUploadForm(request.POST or None, request.FILES or None)
    context: dict = {"form": form}
    if request.method == "POST" and form.is_valid():
        parsed = csv_import.parse_snapshots_csv(
            form.cleaned_data["file"].read(), creator=request.user
        )
        context["errors"] = parsed.errors
        if not parsed.errors:
            existing = services.existing_keys(creator=request.user, rows=parsed.rows)
            token = secrets.token_urlsafe(16)
            request.session[IMPORT_SESSION_KEY] = {
                "token": token,
                "name": form.cleaned_data["file"].name,
                "rows": csv_import.rows_to_session(parsed.rows),
            }
            context.update(
                preview=_preview(request, parsed.rows, existing),
                token=token,
                total=len(parsed.rows),
                updated=sum(
                    (r["channel_id"], r["content_item_id"], r["captured_at"]) in existing
                    for r in parsed.rows
                ),
            )
            context["created"] = context["total"] - context["updated"]
    return render(request, "analytics/growth/snapshot_import.html", context)


def _preview(request: HttpRequest, rows: list[dict], existing: set) -> list[dict]:
    channels = dict(Channel.objects.for_creator(request.user).values_list("pk", "name"))
    items = dict(
        ContentItem.objects.for_creator(request.user)
        .filter(pk__in={r["content_item_id"] for r in rows[:20] if r["content_item_id"]})
        .values_list("pk", "title")
    )
    return [
        {
            **row,
            "channel": channels.get(row["channel_id"]),
            "content_item": items.get(row["content_item_id"], ""),
            "exists": (row["channel_id"], row["content_item_id"], row["captured_at"]) in existing,
        }
        for row in rows[:20]
    ]


@login_required
@require_POST
def snapshot_import_confirm(request: HttpRequest) -> HttpResponse:
    pending = request.session.get(IMPORT_SESSION_KEY)
    if not pending or pending.get("token") != request.POST.get("token"):
        messages.error(request, _("This import has expired; upload the file again."))
        return redirect("analytics:growth_import")
    try:
        result = services.snapshots_upsert(
            creator=request.user, rows=csv_import.rows_from_session(pending["rows"])
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("analytics:growth_import")
    del request.session[IMPORT_SESSION_KEY]
    messages.success(
        request,
        _("Imported: %(created)s new, %(updated)s updated.")
        % {"created": result.created, "updated": result.updated},
    )
    return redirect("analytics:growth_snapshots")


@login_required
@require_GET
def import_template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(
        "\ufeff" + csv_import.template_csv(request.user.local_today()),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="sweetspot-snapshots.csv"'
    return response


def _entries_page(request, *, form_class, create, queryset, template, heading, success):
    form = form_class(request.POST or None)
    if form_saved(request, form, lambda: create(creator=request.user, **form.cleaned_data)):
        messages.success(request, success)
        return redirect(request.path)
    page = Paginator(queryset, 50).get_page(request.GET.get("page"))
    return render(request, template, {"form": form, "page": page, "heading": heading})


@login_required
def time_entries(request: HttpRequest) -> HttpResponse:
    return _entries_page(
        request,
        form_class=TimeEntryForm,
        create=services.time_entry_create,
        queryset=TimeEntry.objects.for_creator(request.user),
        template="analytics/growth/time_list.html",
        heading=_("Time entries"),
        success=_("Time entry saved."),
    )


@login_required
def income_entries(request: HttpRequest) -> HttpResponse:
    return _entries_page(
        request,
        form_class=IncomeEntryForm,
        create=services.income_entry_create,
        queryset=IncomeEntry.objects.for_creator(request.user),
        template="analytics/growth/income_list.html",
        heading=_("Income entries"),
        success=_("Income entry saved."),
    )


@login_required
@require_POST
def time_entry_delete(request: HttpRequest, pk: int) -> HttpResponse:
    services.entry_delete(entry=selectors.get_time_entry_for(request.user, pk))
    messages.success(request, _("The entry was deleted."))
    return redirect("analytics:growth_time")


@login_required
@require_POST
def income_entry_delete(request: HttpRequest, pk: int) -> HttpResponse:
    services.entry_delete(entry=selectors.get_income_entry_for(request.user, pk))
    messages.success(request, _("The entry was deleted."))
    return redirect("analytics:growth_income")


@login_required
def factors(request: HttpRequest) -> HttpResponse:
    instance = services.factors_for(request.user)
    form = GrowthFactorsForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        services.factors_update(creator=request.user, **form.cleaned_data)
        messages.success(request, _("Your factors were saved; the metrics are being recomputed."))
        return redirect("analytics:growth_dashboard")
    return render(request, "analytics/growth/factors.html", {"form": form})


@login_required
@require_GET
def export_csv(request: HttpRequest) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        exports.snapshots_csv(request.user), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="sweetspot-metrics.csv"'
    return response


@login_required
@require_GET
def export_json(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(
        exports.everything_json(request.user), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="sweetspot-export.json"'
    return response
