"""Authorization matrix entries for accounts' URLs."""

from accounts.models import CoachInvitation
from tests.authz import Expect
from tests.proof.matrix import ANY_USER_API, ANY_USER_PAGE, PUBLIC, Check, entry

OWN_API_WRITE = Expect(200, 200, 200, 200, 401, 403)

entry("", Check("get", lambda w: "/", PUBLIC))  # visitors get the home page
entry("healthz", Check("get", lambda w: "/healthz", PUBLIC))
entry(
    "accounts/signup/",
    Check("get", lambda w: "/accounts/signup/", Expect(302, 302, 302, 302, 200, 200)),
)
entry(
    "accounts/login/",
    Check("get", lambda w: "/accounts/login/", Expect(302, 302, 302, 302, 200, 200)),
)
entry(
    "accounts/logout/",
    Check("post", lambda w: "/accounts/logout/", Expect(302, 302, 302, 302, 302, 302)),
)
entry(
    "accounts/password/change/",
    Check("get", lambda w: "/accounts/password/change/", ANY_USER_PAGE),
)
entry(
    "accounts/password/change/done/",
    Check("get", lambda w: "/accounts/password/change/done/", ANY_USER_PAGE),
)
entry("accounts/password/reset/", Check("get", lambda w: "/accounts/password/reset/", PUBLIC))
entry(
    "accounts/password/reset/sent/",
    Check("get", lambda w: "/accounts/password/reset/sent/", PUBLIC),
)
entry(
    "accounts/password/reset/<uidb64>/<token>/",
    Check("get", lambda w: "/accounts/password/reset/MQ/bad-token/", PUBLIC),
)
entry(
    "accounts/password/reset/done/",
    Check("get", lambda w: "/accounts/password/reset/done/", PUBLIC),
)
entry(
    "accounts/verify/resend/",
    Check("post", lambda w: "/accounts/verify/resend/", Expect(302, 302, 302, 302, 302, 302)),
)
entry(
    "accounts/verify/<uidb64>/<token>/",
    Check("get", lambda w: "/accounts/verify/MQ/bad-token/", Expect(404, 404, 404, 404, 404, 404)),
)
entry("settings/profile/", Check("get", lambda w: "/settings/profile/", ANY_USER_PAGE))
entry(
    "settings/language/",
    Check(
        "post",
        lambda w: "/settings/language/",
        Expect(302, 302, 302, 302, 302, 302),
        lambda w: {"language": "en"},
    ),
)
entry("settings/tokens/", Check("get", lambda w: "/settings/tokens/", ANY_USER_PAGE))
entry(
    "settings/tokens/<int:pk>/revoke/",
    Check(
        "post",
        lambda w: f"/settings/tokens/{w.extra['owner_token'].pk}/revoke/",
        Expect(302, 404, 404, 404, 302, 302),
    ),
)
entry("coaching/", Check("get", lambda w: "/coaching/", ANY_USER_PAGE))
entry(
    "coaching/invitations/<int:pk>/accept/",
    Check(
        "post",
        lambda w: f"/coaching/invitations/{w.extra['pending'].pk}/accept/",
        # The invitation is from `other` to the owner: both see it, others get 404.
        Expect(302, 302, 404, 404, 302, 302),
    ),
)
entry(
    "coaching/invitations/<int:pk>/end/",
    Check(
        "post",
        lambda w: f"/coaching/invitations/{w.invitation.pk}/end/",
        Expect(302, 404, 302, 404, 302, 302),
    ),
)
entry(
    "coaching/join/<str:token>/",
    Check(
        "get", lambda w: "/coaching/join/not-a-valid-token/", Expect(404, 404, 404, 404, 404, 404)
    ),
)
entry(
    "coaching/mentees/<int:pk>/",
    Check(
        "get", lambda w: f"/coaching/mentees/{w.owner.pk}/", Expect(404, 404, 200, 404, 302, 302)
    ),
)
entry("api/schema/", Check("get", lambda w: "/api/schema/", PUBLIC))
entry("api/docs/", Check("get", lambda w: "/api/docs/", PUBLIC))
entry(
    "api/v1/me/",
    Check("get", lambda w: "/api/v1/me/", ANY_USER_API),
    # Each signed-in user edits their own profile; a read-only token may not.
    Check("patch", lambda w: "/api/v1/me/", OWN_API_WRITE, lambda w: {"weekly_target": 2}),
)
entry(
    "api/v1/coach-invitations/",
    Check("get", lambda w: "/api/v1/coach-invitations/", ANY_USER_API),
    # Every signed-in user may invite a coach; each call invites a fresh address.
    Check(
        "post",
        lambda w: "/api/v1/coach-invitations/",
        Expect(201, 201, 201, 201, 401, 403),
        lambda w: {"coach_email": f"c{CoachInvitation.objects.count()}@example.com"},
    ),
)
entry(
    "api/v1/coach-invitations/<pk>/",
    Check(
        "get",
        lambda w: f"/api/v1/coach-invitations/{w.invitation.pk}/",
        Expect(200, 404, 200, 404, 401, 200),
    ),
)
entry(
    "api/v1/coach-invitations/<pk>/accept/",
    Check(
        "post",
        lambda w: f"/api/v1/coach-invitations/{w.invitation.pk}/accept/",
        Expect(400, 404, 400, 404, 401, 403),
    ),
)
entry(
    "api/v1/coach-invitations/<pk>/end/",
    Check(
        "post",
        lambda w: f"/api/v1/coach-invitations/{w.invitation.pk}/end/",
        Expect(200, 404, 200, 404, 401, 403),
    ),
    # An invitation nobody accepted yet is the creator's alone to withdraw.
    Check(
        "post",
        lambda w: f"/api/v1/coach-invitations/{w.extra['owner_pending'].pk}/end/",
        Expect(200, 404, 404, 404, 401, 403),
    ),
)
entry("api/v1/mentees/", Check("get", lambda w: "/api/v1/mentees/", ANY_USER_API))
entry(
    "api/v1/mentees/<pk>/",
    Check("get", lambda w: f"/api/v1/mentees/{w.owner.pk}/", Expect(404, 404, 200, 404, 401, 404)),
)
entry("api/v1/comments/", Check("get", lambda w: "/api/v1/comments/", ANY_USER_API))
entry(
    "api/v1/comments/<pk>/",
    Check(
        "get",
        lambda w: f"/api/v1/comments/{w.extra['comment'].pk}/",
        Expect(200, 404, 200, 404, 401, 200),
    ),
)
