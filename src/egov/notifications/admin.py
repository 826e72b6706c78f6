from django.contrib import admin

from .models import Message, Notification, SimulatedSms


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ["created_at", "channel", "recipient", "subject", "status", "attempts", "sent_at"]
    list_filter = ["status", "channel"]
    search_fields = ["recipient", "subject", "reason"]
    readonly_fields = [f.name for f in Message._meta.fields]


@admin.register(SimulatedSms)
class SimulatedSmsAdmin(admin.ModelAdmin):
    list_display = ["sent_at", "phone", "text"]
    search_fields = ["phone", "text"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "user", "title", "read_at"]
    search_fields = ["title", "user__username"]
    raw_id_fields = ["user"]
