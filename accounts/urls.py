from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import notification_views, views

app_name = "accounts"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("accounts/signup/", views.signup, name="signup"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/change/",
        auth_views.PasswordChangeView.as_view(
            success_url=reverse_lazy("accounts:password_change_done")
        ),
        name="password_change",
    ),
    path(
        "accounts/password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "accounts/password/reset/",
        views.PasswordResetView.as_view(
            success_url=reverse_lazy("accounts:password_reset_done"),
            email_template_name="registration/password_reset_email.txt",
        ),
        name="password_reset",
    ),
    path(
        "accounts/password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            success_url=reverse_lazy("accounts:password_reset_complete")
        ),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("accounts/verify/resend/", views.verify_email_resend, name="verify_email_resend"),
    path("accounts/verify/<uidb64>/<token>/", views.verify_email, name="verify_email"),
    path("settings/profile/", views.profile, name="profile"),
    path("settings/reminders/", views.reminder_preferences, name="reminder_preferences"),
    path("notifications/", notification_views.notification_list, name="notifications"),
    path("notifications/count/", notification_views.notification_count, name="notification_count"),
    path(
        "notifications/<int:pk>/open/",
        notification_views.notification_open,
        name="notification_open",
    ),
    path(
        "notifications/read-all/",
        notification_views.notifications_read_all,
        name="notifications_read_all",
    ),
    path("settings/language/", views.set_language, name="set_language"),
    path("settings/tokens/", views.tokens, name="tokens"),
    path("settings/tokens/<int:pk>/revoke/", views.token_revoke_view, name="token_revoke"),
    path(
        "settings/tokens/clients/<int:pk>/revoke/",
        views.oauth_client_revoke_view,
        name="oauth_client_revoke",
    ),
    path("coaching/", views.coaching, name="coaching"),
    path(
        "coaching/invitations/<int:pk>/accept/", views.invitation_accept, name="invitation_accept"
    ),
    path("coaching/invitations/<int:pk>/end/", views.invitation_end, name="invitation_end"),
    path("coaching/join/<str:token>/", views.invitation_link, name="invitation_link"),
    path("coaching/mentees/<int:pk>/", views.mentee, name="mentee"),
]
