"""One content item: its page (notes, comments, repurposing tree) and every action on it.

Owners change their items; an invited coach reads the page and comments, nothing more.
"""

from contextlib import suppress
from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.formtools import form_errors, form_saved
from accounts.models import Comment
from accounts.services import comment_create

from .. import selectors, services
from ..forms import (
    CommentForm,
    ContentItemForm,
    DeriveForm,
    QuickAddForm,
    RescheduleForm,
    StatusForm,
)
from ..models import ContentItem
from .common import changed, refused, safe_next

FIELDS = ContentItemForm.Meta.fields


def _detail_url(item: ContentItem) -> str:
    return reverse("calendar_app:item_detail", args=[item.pk])


@login_required
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.get_item_for_reader(request.user, pk)
    readonly = item.creator_id != request.user.pk
    # Times show in the reader's zone (the middleware's), a coach's as much as the creator's;
    # only the day her piece is planned on is the creator's day.
    comments = Comment.objects.on(item)
    context = {
        "item": item,
        "readonly": readonly,
        "tree": selectors.repurposing_tree(item),
        "comments": comments,
        "comment_form": CommentForm(),
        "derive_form": None if readonly else DeriveForm(creator=item.creator),
        "status_form": StatusForm(initial={"status": item.status}),
        "reschedule_form": RescheduleForm(
            initial={"day": timezone.localtime(item.planned_for, item.creator.tzinfo).date()}
            if item.planned_for
            else None
        ),
    }
    return render(request, "calendar_app/item_detail.html", context)


@login_required
def item_create(request: HttpRequest) -> HttpResponse:
    initial = {}
    day = request.GET.get("date", "")
    with suppress(ValueError):
        initial["planned_for"] = datetime.combine(
            datetime.strptime(day, "%Y-%m-%d").date(), services.DEFAULT_TIME
        )
    form = ContentItemForm(request.POST or None, creator=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.content_item_create(
                creator=request.user, **{name: form.cleaned_data[name] for name in FIELDS}
            )
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(_detail_url(item))
    return render(request, "calendar_app/item_form.html", {"form": form, "item": None})


@login_required
def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.get_item_for_owner(request.user, pk)
    form = ContentItemForm(request.POST or None, instance=item, creator=request.user)

    def save() -> None:
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        services.content_item_update(item=item, **changes)

    if form_saved(request, form, save):
        messages.success(request, _("Saved."))
        return redirect(_detail_url(item))
    return render(request, "calendar_app/item_form.html", {"form": form, "item": item})


@login_required
@require_POST
def quick_add(request: HttpRequest) -> HttpResponse:
    form = QuickAddForm(request.POST, creator=request.user)
    fallback = reverse("calendar_app:month")
    if not form.is_valid():
        return refused(request, fallback, _("Give the piece a title and a day."))
    data = form.cleaned_data
    planned_for = datetime.combine(data["day"], services.DEFAULT_TIME, tzinfo=request.user.tzinfo)
    try:
        services.content_item_create(
            creator=request.user,
            title=data["title"],
            channel=data["channel"],
            planned_for=planned_for,
        )
    except ValidationError as error:
        return refused(request, fallback, error)
    return changed(request, fallback)


@login_required
@require_POST
def item_reschedule(request: HttpRequest, pk: int) -> HttpResponse:
    """Move the planned date; both drag and drop and the date field on a tile post here."""
    item = selectors.get_item_for_owner(request.user, pk)
    form = RescheduleForm(request.POST)
    if not form.is_valid():
        return refused(request, _detail_url(item), _("Choose a valid day."))
    try:
        services.content_item_reschedule(
            item=item,
            day=None if form.cleaned_data["planned_for"] else form.cleaned_data["day"],
            planned_for=form.cleaned_data["planned_for"],
        )
    except ValidationError as error:
        return refused(request, _detail_url(item), error)
    return changed(request, _detail_url(item))


@login_required
@require_POST
def item_status(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.get_item_for_owner(request.user, pk)
    form = StatusForm(request.POST)
    if not form.is_valid():
        return refused(request, _detail_url(item), _("Choose a valid status."))
    services.content_item_move_status(item=item, status=form.cleaned_data["status"])
    return changed(request, _detail_url(item))


@login_required
@require_POST
def item_skip(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.get_item_for_owner(request.user, pk)
    try:
        services.content_item_skip(item=item, skipped=request.POST.get("skipped") != "0")
    except ValidationError as error:
        return refused(request, _detail_url(item), error)
    return changed(request, _detail_url(item))


@login_required
@require_POST
def item_derive(request: HttpRequest, pk: int) -> HttpResponse:
    source = selectors.get_item_for_owner(request.user, pk)
    form = DeriveForm(request.POST, creator=request.user)
    if not form.is_valid():
        return refused(request, _detail_url(source), _("Choose a valid channel and format."))
    try:
        derivative = services.content_item_derive(source=source, **form.cleaned_data)
    except ValidationError as error:
        return refused(request, _detail_url(source), error)
    messages.success(request, _("Derivative created: edit it to plan it."))
    return redirect(_detail_url(derivative))


@login_required
@require_POST
def item_delete(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.get_item_for_owner(request.user, pk)
    try:
        services.content_item_delete(item=item)
    except ValidationError as error:
        return refused(request, _detail_url(item), error)
    messages.success(request, _("Deleted."))
    return redirect(safe_next(request, reverse("calendar_app:item_list")))


@login_required
@require_POST
def item_comment(request: HttpRequest, pk: int) -> HttpResponse:
    """The owner or an invited coach comments on the item."""
    item = selectors.get_item_for_reader(request.user, pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            comment_create(author=request.user, target=item, body=form.cleaned_data["body"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Comment added."))
    else:
        messages.error(request, _("A comment cannot be empty."))
    return redirect(_detail_url(item) + "#comments")
