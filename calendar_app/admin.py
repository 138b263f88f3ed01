from django.contrib import admin

from .models import Channel, ContentItem, PlanPhase, Series


@admin.register(Channel)
class ChannelAdmin(admin.ModelAdmin):
    list_display = ("name", "platform", "role", "creator")
    list_filter = ("platform", "role")
    search_fields = ("name", "creator__email")
    raw_id_fields = ("creator",)


@admin.register(ContentItem)
class ContentItemAdmin(admin.ModelAdmin):
    list_display = ("title", "status", "channel", "planned_for", "published_at", "creator")
    list_filter = ("status", "format", "skipped")
    search_fields = ("title", "creator__email")
    raw_id_fields = ("creator", "topic", "channel", "repurposed_from", "series")
    date_hierarchy = "planned_for"


@admin.register(Series)
class SeriesAdmin(admin.ModelAdmin):
    list_display = ("title", "frequency", "interval", "starts_on", "ends_on", "count", "creator")
    raw_id_fields = ("creator", "channel", "topic")

    def save_model(self, request, obj, form, change):
        if change:
            obj.version += 1  # keep the API's ETag honest for edits made here
        super().save_model(request, obj, form, change)


@admin.register(PlanPhase)
class PlanPhaseAdmin(admin.ModelAdmin):
    list_display = ("name", "start_month", "end_month", "follower_target", "creator")
    raw_id_fields = ("creator",)
