from django.urls import path

from .views import calendar, items, setup

app_name = "calendar_app"

urlpatterns = [
    path("", calendar.month, name="month"),
    path("week/", calendar.week, name="week"),
    path("day/<str:day>/", calendar.day, name="day"),
    path("board/", calendar.board, name="board"),
    path("backlog/", calendar.backlog, name="backlog"),
    path("items/", calendar.item_list, name="item_list"),
    path("items/new/", items.item_create, name="item_create"),
    path("items/quick-add/", items.quick_add, name="quick_add"),
    path("items/<int:pk>/", items.item_detail, name="item_detail"),
    path("items/<int:pk>/edit/", items.item_edit, name="item_edit"),
    path("items/<int:pk>/reschedule/", items.item_reschedule, name="item_reschedule"),
    path("items/<int:pk>/status/", items.item_status, name="item_status"),
    path("items/<int:pk>/skip/", items.item_skip, name="item_skip"),
    path("items/<int:pk>/derive/", items.item_derive, name="item_derive"),
    path("items/<int:pk>/delete/", items.item_delete, name="item_delete"),
    path("items/<int:pk>/comments/", items.item_comment, name="item_comment"),
    path("channels/", setup.channels, name="channels"),
    path("channels/<int:pk>/", setup.channel_edit, name="channel_edit"),
    path("channels/<int:pk>/delete/", setup.channel_delete, name="channel_delete"),
    path("series/", setup.series_list, name="series"),
    path("series/<int:pk>/", setup.series_edit, name="series_edit"),
    path("series/<int:pk>/delete/", setup.series_delete, name="series_delete"),
    path("twelve-months/", setup.plan, name="plan"),
    path("twelve-months/default/", setup.plan_default, name="plan_default"),
    path("twelve-months/start/", setup.plan_restart, name="plan_restart"),
    path("twelve-months/phases/new/", setup.phase_create, name="phase_create"),
    path("twelve-months/phases/<int:pk>/", setup.phase_edit, name="phase_edit"),
    path("twelve-months/phases/<int:pk>/delete/", setup.phase_delete, name="phase_delete"),
    path("mentees/<int:mentee_id>/", calendar.month, name="mentee_month"),
    path("mentees/<int:mentee_id>/week/", calendar.week, name="mentee_week"),
    path("mentees/<int:mentee_id>/day/<str:day>/", calendar.day, name="mentee_day"),
    path("mentees/<int:mentee_id>/board/", calendar.board, name="mentee_board"),
]
