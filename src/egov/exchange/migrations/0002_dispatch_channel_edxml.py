from django.db import migrations


def mark_edxml_dispatches(apps, schema_editor):
    """Issue 13.6: a recipient the document was sent to by edXML was recorded as "Gửi bản giấy". Every external
    dispatch whose line names a peer the document's edXML message went to is marked edXML. Run
    ``egov reports rebuild`` after."""
    ExchangeMessage = apps.get_model("exchange", "ExchangeMessage")
    Dispatch = apps.get_model("documents", "Dispatch")
    sent = ExchangeMessage.objects.filter(direction="out", kind="document", outgoing__isnull=False)
    for document_id, organ_id in sent.values_list("outgoing_id", "peer__organ_id").distinct():
        Dispatch.objects.filter(
            document_id=document_id, recipient_agency__isnull=True, recipient_name__contains=organ_id
        ).exclude(method="edxml").update(method="edxml")


class Migration(migrations.Migration):
    dependencies = [
        ("exchange", "0001_initial"),
        ("documents", "0005_dispatch_channel_archive_copies"),
    ]

    operations = [migrations.RunPython(mark_edxml_dispatches, migrations.RunPython.noop)]
