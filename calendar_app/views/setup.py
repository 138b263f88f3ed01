"""The pages a creator sets the plan up with: channels, recurring series, the 12-month plan."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.formtools import form_saved

from .. import selectors, services
from ..forms import ChannelForm, PlanPhaseForm, PlanStartForm, SeriesForm

# Channels


@login_required
def channels(request: HttpRequest) -> HttpResponse:
    form = ChannelForm(request.POST or None)
    if form_saved(
        request, form, lambda: services.channel_create(creator=request.user, **form.cleaned_data)
    ):
        messages.success(request, _("Channel added."))
        return redirect("calendar_app:channels")
    context = {"form": form, "channels": selectors.channels_for(request.user)}
    return render(request, "calendar_app/channels.html", context)


@login_required
def channel_edit(request: HttpRequest, pk: int) -> HttpResponse:
    channel = selectors.get_channel_for(request.user, pk)
    form = ChannelForm(request.POST or None, instance=channel)
    if form_saved(
        request, form, lambda: services.channel_update(channel=channel, **form.cleaned_data)
    ):
        messages.success(request, _("Saved."))
        return redirect("calendar_app:channels")
    return render(request, "calendar_app/channel_form.html", {"form": form, "channel": channel})


@login_required
@require_POST
def channel_delete(request: HttpRequest, pk: int) -> HttpResponse:
    services.channel_delete(channel=selectors.get_channel_for(request.user, pk))
    messages.success(request, _("Channel deleted; its items stay."))
    return redirect("calendar_app:channels")


# Series


@login_required
def series_list(request: HttpRequest) -> HttpResponse:
    today = request.user.local_today()
    form = SeriesForm(
        request.POST or None,
        creator=request.user,
        initial={"starts_on": today, "weekdays": [today.weekday()], "time_of_day": "09:00"},
    )
    if form_saved(
        request, form, lambda: services.series_create(creator=request.user, **form.changes())
    ):
        messages.success(
            request, _("Series “%(title)s” created.") % {"title": form.cleaned_data["title"]}
        )
        return redirect("calendar_app:series")
    context = {"form": form, "series_list": selectors.series_for(request.user)}
    return render(request, "calendar_app/series.html", context)


@login_required
def series_edit(request: HttpRequest, pk: int) -> HttpResponse:
    series = selectors.get_series_for(request.user, pk)
    form = SeriesForm(request.POST or None, instance=series, creator=request.user)
    if form_saved(request, form, lambda: services.series_update(series=series, **form.changes())):
        messages.success(request, _("Saved. Future occurrences you have not touched follow."))
        return redirect("calendar_app:series")
    upcoming = series.occurrences.filter(occurrence_date__gte=request.user.local_today()).order_by(
        "occurrence_date"
    )[:12]
    context = {"form": form, "series": series, "upcoming": upcoming}
    return render(request, "calendar_app/series_form.html", context)


@login_required
@require_POST
def series_delete(request: HttpRequest, pk: int) -> HttpResponse:
    services.series_delete(series=selectors.get_series_for(request.user, pk))
    messages.success(request, _("Series ended; pieces already in progress stay."))
    return redirect("calendar_app:series")


# The 12-month plan


@login_required
def plan(request: HttpRequest) -> HttpResponse:
    phases = list(selectors.phases_for(request.user))
    start_form = PlanStartForm(
        initial={"plan_start": phases[0].plan_start if phases else request.user.local_today()}
    )
    context = {"phases": phases, "start_form": start_form, "phase_form": PlanPhaseForm()}
    return render(request, "calendar_app/plan.html", context)


@login_required
@require_POST
def plan_default(request: HttpRequest) -> HttpResponse:
    form = PlanStartForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the month the plan starts."))
        return redirect("calendar_app:plan")
    try:
        services.plan_create_default(
            creator=request.user, plan_start=form.cleaned_data["plan_start"].replace(day=1)
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your 12-month plan is ready: adjust it to your own goals."))
    return redirect("calendar_app:plan")


@login_required
@require_POST
def plan_restart(request: HttpRequest) -> HttpResponse:
    form = PlanStartForm(request.POST)
    if form.is_valid():
        services.plan_restart(
            creator=request.user, plan_start=form.cleaned_data["plan_start"].replace(day=1)
        )
        messages.success(request, _("Saved."))
    return redirect("calendar_app:plan")


@login_required
def phase_create(request: HttpRequest) -> HttpResponse:
    form = PlanPhaseForm(request.POST or None)
    if form_saved(
        request, form, lambda: services.plan_phase_create(creator=request.user, **form.changes())
    ):
        messages.success(request, _("Phase added."))
        return redirect("calendar_app:plan")
    return render(request, "calendar_app/phase_form.html", {"form": form, "phase": None})


@login_required
def phase_edit(request: HttpRequest, pk: int) -> HttpResponse:
    phase = selectors.get_phase_for(request.user, pk)
    form = PlanPhaseForm(request.POST or None, instance=phase)
    if form_saved(request, form, lambda: services.plan_phase_update(phase=phase, **form.changes())):
        messages.success(request, _("Saved."))
        return redirect("calendar_app:plan")
    return render(request, "calendar_app/phase_form.html", {"form": form, "phase": phase})


@login_required
@require_POST
def phase_delete(request: HttpRequest, pk: int) -> HttpResponse:
    services.plan_phase_delete(phase=selectors.get_phase_for(request.user, pk))
    messages.success(request, _("Phase deleted."))
    return redirect("calendar_app:plan")
