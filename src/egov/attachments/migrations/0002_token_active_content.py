"""Random file addresses (``token``) and the active-content flag (issue 14, items 1 and 11)."""

import uuid

from django.db import migrations, models


def fill_tokens(apps, schema_editor):
    Attachment = apps.get_model("attachments", "Attachment")
    batch = []
    for attachment in Attachment.objects.filter(token__isnull=True).only("pk").iterator(chunk_size=2000):
        attachment.token = uuid.uuid4()
        batch.append(attachment)
        if len(batch) >= 2000:
            Attachment.objects.bulk_update(batch, ["token"])
            batch = []
    if batch:
        Attachment.objects.bulk_update(batch, ["token"])


class Migration(migrations.Migration):
    dependencies = [("attachments", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="attachment",
            name="token",
            field=models.UUIDField(editable=False, null=True, verbose_name="mã truy cập"),
        ),
        migrations.RunPython(fill_tokens, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="attachment",
            name="token",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True, verbose_name="mã truy cập"),
        ),
        migrations.AddField(
            model_name="attachment",
            name="active_content",
            field=models.CharField(blank=True, default="", max_length=100, verbose_name="nội dung chủ động"),
        ),
    ]
