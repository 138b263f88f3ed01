from django.urls import path

from . import rows, views

app_name = "positioning"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("skills/", views.skills, name="skills"),
    path("interests/", views.interests, name="interests"),
    path(
        "interests/<int:pk>/authenticity/",
        views.interest_authenticity,
        name="interest_authenticity",
    ),
    path("topics/", views.topics, name="topics"),
    path("topics/<int:pk>/", views.topic_detail, name="topic_detail"),
    path("market/", views.market, name="market"),
    path("market/account/", views.account_checklist, name="account_checklist"),
    path("market/funnels/", views.funnel_summaries, name="funnel_summaries"),
    path("options/", views.options, name="options"),
    path("options/<int:pk>/", views.option_detail, name="option_detail"),
    path("options/<int:pk>/choose/", views.option_choose, name="option_choose"),
    path("loop/", views.loop, name="loop"),
    path("loop/radar/", views.radar_fragment, name="radar"),
    path("plan/", views.action_plan, name="action_plan"),
    path("plan/<slug:key>/", views.action_step, name="action_step"),
    path("comments/<slug:target_type>/<int:pk>/", views.comment_create, name="comment_create"),
    path("mentees/<int:mentee_id>/", views.mentee_positioning, name="mentee"),
    path("rows/<slug:kind_name>/", rows.row_create, name="row_create"),
    path(
        "rows/<slug:kind_name>/<int:pk>/",
        rows.row_detail,
        name="row_detail",
    ),
    path(
        "rows/<slug:kind_name>/<int:pk>/edit/",
        rows.row_edit,
        name="row_edit",
    ),
    path(
        "rows/<slug:kind_name>/<int:pk>/delete/",
        rows.row_delete,
        name="row_delete",
    ),
]
