"""The notification centre and the unread count in the navigation."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from . import notifications
from .navigation import safe_next
from .rendering import render_page


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    page = notifications.notifications_page(request.user, page=request.GET.get("page"))
    context = {"page": page, "unread": notifications.unread_count(request.user)}
    return render_page(request, "accounts/notification_list.html", context, "notification-list")


@login_required
@require_GET
@never_cache
def notification_count(request: HttpRequest) -> HttpResponse:
    context = {"unread": notifications.unread_count(request.user)}
    return render(request, "accounts/partials/_notification_count.html", context)


@login_required
@require_POST
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one notification read and follow its link."""
    notification = notifications.notifications_for(request.user).filter(pk=pk).first()
    if notification is None:
        raise Http404
    notifications.notification_mark_read(notification=notification, now=timezone.now())
    fallback = reverse("accounts:notifications")
    return redirect(safe_next(request, fallback, url=notification.url or ""))


@login_required
@require_POST
def notifications_read_all(request: HttpRequest) -> HttpResponse:
    notifications.notifications_mark_all_read(user=request.user, now=timezone.now())
    if request.htmx:
        return notification_list(request)
    return redirect("accounts:notifications")
