"""Seed the document types of Decree 30/2020 (see ``egov.documents.doctypes``)."""

from django.db import migrations

from egov.documents.doctypes import TYPES, ensure_document_types


def seed(apps, schema_editor):
    ensure_document_types(apps.get_model("documents", "DocumentType"))


def unseed(apps, schema_editor):
    apps.get_model("documents", "DocumentType").objects.filter(abbreviation__in=[a for _, a in TYPES]).delete()


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
