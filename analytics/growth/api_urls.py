from django.urls import path
from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register("metric-snapshots", api.MetricSnapshotViewSet, basename="metric-snapshot")
router.register("time-entries", api.TimeEntryViewSet, basename="time-entry")
router.register("income-entries", api.IncomeEntryViewSet, basename="income-entry")
router.register("mentees", api.MenteeViewSet, basename="mentee")

urlpatterns = [path("growth/", api.GrowthView.as_view(), name="growth"), *router.urls]
