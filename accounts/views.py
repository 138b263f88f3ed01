import logging

import redis
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from . import oauth, ratelimit, selectors, services
from .demo import demo_logins
from .forms import (
    InviteCoachForm,
    ProfileForm,
    ReminderPreferencesForm,
    SignUpForm,
    TokenCreateForm,
)
from .models import CoachInvitation, User
from .navigation import safe_next
from .tokens import token_create, token_revoke
from .verification import user_from_verification

security_log = logging.getLogger("sweetspot.security")

# Neutral: it says nothing about whether an account with the address exists.
TOO_MANY = gettext_lazy("Too many requests for this address or from this network; try again later.")


@never_cache
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("accounts:dashboard")
    initial = {"email": request.GET.get("email", ""), "language": request.LANGUAGE_CODE}
    form = SignUpForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST" and not ratelimit.allow(
        request, action="signup", email=request.POST.get("email", "")
    ):
        form.is_valid()
        form.add_error(None, TOO_MANY)
        status = 429
    elif request.method == "POST" and form.is_valid():
        fields = ("email", "display_name", "timezone", "language")
        user = services.user_sign_up(
            **{name: form.cleaned_data[name] for name in fields},
            password=form.cleaned_data["password1"],
        )
        services.email_verification_send(user=user)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome to Sweetspot, %(name)s!") % {"name": user})
        return redirect(safe_next(request, reverse("accounts:dashboard")))
    context = {"form": form, "next": request.GET.get("next")}
    return render(request, "accounts/signup.html", context, status=status)


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset, sending nothing past the per-address and per-IP limits."""

    def form_valid(self, form):
        if not ratelimit.allow(
            self.request, action="password-reset", email=form.cleaned_data["email"]
        ):
            form.add_error(None, TOO_MANY)
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)


@never_cache
def verify_email(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    user = user_from_verification(uidb64, token)
    if user is None:
        return render(request, "accounts/verify_invalid.html", status=404)
    services.email_verify(user=user)
    messages.success(request, _("Thank you: your email address is confirmed."))
    return redirect("accounts:dashboard")


@login_required
@require_POST
def verify_email_resend(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.email_verified_at is not None:
        messages.info(request, _("Your email address is already confirmed."))
    elif not ratelimit.allow(request, action="verify-resend", email=user.email):
        if request.htmx:
            return HttpResponse(TOO_MANY, status=429)
        messages.error(request, TOO_MANY)
    else:
        services.email_verification_send(user=user)
        messages.success(request, _("We sent you a new confirmation link."))
    return redirect("accounts:dashboard")


def dashboard(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:  # first contact: what the product does
        return render(request, "accounts/home.html", {"demo_logins": demo_logins()})
    invitations = selectors.invitations_for(request.user)
    context = {
        "pending_for_me": [
            i
            for i in invitations
            if i.status == CoachInvitation.Status.PENDING and i.creator_id != request.user.pk
        ],
        "mentees": selectors.mentees_of(request.user),
    }
    return render(request, "accounts/dashboard.html", context)


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        chosen = {"language_chosen": True} if "language" in form.changed_data else {}
        services.user_settings_update(user=request.user, **form.cleaned_data, **chosen)
        messages.success(request, _("Your settings were saved."))
        response = redirect("accounts:profile")
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, request.user.language, samesite="Lax")
        return response
    reminders = ReminderPreferencesForm(instance=request.user)
    return render(request, "accounts/profile.html", {"form": form, "reminders": reminders})


@login_required
@require_POST
def reminder_preferences(request: HttpRequest) -> HttpResponse:
    reminders = ReminderPreferencesForm(request.POST, instance=request.user)
    if reminders.is_valid():
        services.user_settings_update(user=request.user, **reminders.cleaned_data)
        messages.success(request, _("Your reminder preferences were saved."))
        return redirect("accounts:profile")
    request.user.refresh_from_db()
    form = ProfileForm(instance=request.user)
    return render(
        request, "accounts/profile.html", {"form": form, "reminders": reminders}, status=400
    )


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    language = request.POST.get("language", "")
    response = HttpResponseRedirect(safe_next(request, "/"))
    if language not in dict(settings.LANGUAGES):
        return response
    if request.user.is_authenticated:
        services.user_settings_update(user=request.user, language=language, language_chosen=True)
    response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, samesite="Lax")
    return response


@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    form = TokenCreateForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        token, raw = token_create(
            user=request.user,
            name=form.cleaned_data["name"],
            scope=form.cleaned_data["scope"],
            expires_at=form.expires_at(),
        )
        created = {"token": token, "raw": raw}
        form = TokenCreateForm()
    context = {
        "form": form,
        "created": created,
        "tokens": selectors.tokens_for(request.user),
        "clients": oauth.clients_for(request.user),
    }
    return render(request, "accounts/tokens.html", context)


@login_required
@require_POST
def oauth_client_revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    client = oauth.get_client_for(request.user, pk)
    oauth.client_revoke(user=request.user, application=client)
    messages.success(
        request, _("“%(name)s” can no longer use your account.") % {"name": client.name}
    )
    return redirect("accounts:tokens")


@login_required
@require_POST
def token_revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    token = selectors.get_token_for(request.user, pk)
    token_revoke(token=token)
    messages.success(request, _("Token “%(name)s” was revoked.") % {"name": token.name})
    return redirect("accounts:tokens")


@login_required
def coaching(request: HttpRequest) -> HttpResponse:
    form = InviteCoachForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.invitation_create(
                creator=request.user, coach_email=form.cleaned_data["coach_email"]
            )
        except ValidationError as error:
            for message in error.message_dict.get("coach_email", error.messages):
                form.add_error("coach_email", message)
        else:
            messages.success(request, _("Invitation sent."))
            return redirect("accounts:coaching")
    invitations = list(selectors.invitations_for(request.user))
    context = {
        "form": form,
        "sent": [i for i in invitations if i.creator_id == request.user.pk],
        "received": [i for i in invitations if i.creator_id != request.user.pk],
    }
    return render(request, "accounts/coaching.html", context)


@login_required
@require_POST
def invitation_accept(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = selectors.get_invitation_for(request.user, pk)
    try:
        services.invitation_accept(invitation=invitation, user=request.user)
    except ValidationError as error:
        if error.code == "unverified":
            return render(request, "403.html", {"reason": error.messages[0]}, status=403)
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("You now coach %(name)s.") % {"name": invitation.creator})
    return redirect("accounts:coaching")


@login_required
@require_POST
def invitation_end(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = selectors.get_invitation_for(request.user, pk)
    try:
        services.invitation_end(invitation=invitation, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The coaching link has ended."))
    return redirect("accounts:coaching")


@never_cache
def invitation_link(request: HttpRequest, token: str) -> HttpResponse:
    invitation = services.invitation_from_link_token(
        token, max_age_days=settings.INVITATION_TTL_DAYS
    )
    if invitation is None or invitation.status != CoachInvitation.Status.PENDING:
        return render(request, "accounts/invitation_invalid.html", status=404)
    if request.method == "POST" and request.user.is_authenticated:
        try:
            services.invitation_accept(invitation=invitation, user=request.user, via_link=True)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("You now coach %(name)s.") % {"name": invitation.creator})
            return redirect("accounts:mentee", pk=invitation.creator_id)
    account_exists = User.objects.filter(email=invitation.coach_email).exists()
    context = {"invitation": invitation, "account_exists": account_exists}
    return render(request, "accounts/invitation_link.html", context)


@login_required
def mentee(request: HttpRequest, pk: int) -> HttpResponse:
    creator = selectors.get_mentee_for(request.user, pk)
    return render(request, "accounts/mentee_detail.html", {"mentee": creator})


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    status = {"database": "ok", "redis": "ok"}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:
        status["database"] = "error"
    try:
        client = redis.Redis.from_url(
            settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1
        )
        client.ping()
    except Exception:
        status["redis"] = "error"
    healthy = all(value == "ok" for value in status.values())
    return JsonResponse(
        {"status": "ok" if healthy else "degraded", **status}, status=200 if healthy else 503
    )


def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    if request.path.startswith("/api/"):
        security_log.warning("Forbidden %s %s", request.method, request.path)
        return JsonResponse({"detail": "You do not have permission to do this."}, status=403)
    security_log.warning(
        "Forbidden %s %s for %s", request.method, request.path, getattr(request.user, "pk", None)
    )
    return render(request, "403.html", status=403)


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    """JSON for API clients, the friendly page for people."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not found."}, status=404)
    return render(request, "404.html", status=404)
