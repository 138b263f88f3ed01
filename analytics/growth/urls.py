from django.urls import path

from . import views

urlpatterns = [
    path("", views.dashboard, name="growth_dashboard"),
    path("recompute/", views.recompute, name="growth_recompute"),
    path("coach/", views.coach_dashboard, name="growth_coach"),
    path("mentees/<int:pk>/", views.mentee_dashboard, name="growth_mentee"),
    path("snapshots/", views.snapshots, name="growth_snapshots"),
    path("snapshots/<int:pk>/delete/", views.snapshot_delete, name="growth_snapshot_delete"),
    path("snapshots/import/", views.snapshot_import, name="growth_import"),
    path("snapshots/import/confirm/", views.snapshot_import_confirm, name="growth_import_confirm"),
    path("snapshots/template.csv", views.import_template, name="growth_import_template"),
    path("time/", views.time_entries, name="growth_time"),
    path("time/<int:pk>/delete/", views.time_entry_delete, name="growth_time_delete"),
    path("income/", views.income_entries, name="growth_income"),
    path("income/<int:pk>/delete/", views.income_entry_delete, name="growth_income_delete"),
    path("factors/", views.factors, name="growth_factors"),
    path("export/metrics.csv", views.export_csv, name="growth_export_csv"),
    path("export/all.json", views.export_json, name="growth_export_json"),
]
