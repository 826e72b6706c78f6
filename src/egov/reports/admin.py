from django.contrib import admin

from .models import DailyFact, IndexComponent, IndexGroup, ManualScore, Target


class ComponentInline(admin.TabularInline):
    model = IndexComponent
    extra = 0


@admin.register(IndexGroup)
class IndexGroupAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "max_points", "order")
    inlines = [ComponentInline]


@admin.register(IndexComponent)
class IndexComponentAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "group", "method", "indicator", "max_points", "threshold", "points_below")
    list_filter = ("group", "method")


@admin.register(ManualScore)
class ManualScoreAdmin(admin.ModelAdmin):
    list_display = ("component", "agency", "year", "points")
    list_filter = ("year", "component")
    autocomplete_fields = ("agency",)


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ("indicator", "agency", "year", "value", "source")
    list_filter = ("year",)
    autocomplete_fields = ("agency",)


@admin.register(DailyFact)
class DailyFactAdmin(admin.ModelAdmin):
    list_display = ("day", "agency", "metric", "value")
    list_filter = ("metric",)
    date_hierarchy = "day"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
