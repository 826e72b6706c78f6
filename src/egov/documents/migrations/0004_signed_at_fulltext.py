"""Signing at issue (``signed_at``), the text of each draft version (extracted once) and the PostgreSQL full-text column and GIN index of ``fulltext.py``."""

from django.db import migrations, models


TABLES = {"documents_incomingdocument": "doc_in_search_fts", "documents_outgoingdocument": "doc_out_search_fts"}


def create_search_vectors(apps, schema_editor):
    """A stored ``search_vector`` (generated from ``search_text``) with a GIN index, on PostgreSQL only;
    the models do not declare it (``fulltext.FullTextMatch`` reads it), SQLite keeps ``LIKE``."""
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, index in TABLES.items():
        schema_editor.execute(
            f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS search_vector tsvector "
            "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, search_text)) STORED"
        )
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {index} ON {table} USING gin (search_vector)")


def drop_search_vectors(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, index in TABLES.items():
        schema_editor.execute(f"DROP INDEX IF EXISTS {index}")
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_vector")


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0003_work_files"),
    ]

    operations = [
        migrations.AddField(
            model_name="outgoingdocument",
            name="signed_at",
            field=models.DateTimeField(
                blank=True,
                help_text="Khi tệp ban hành đã được ký số (người ký, rồi cơ quan ban hành); trống nếu chưa ký.",
                null=True,
                verbose_name="thời điểm ký số",
            ),
        ),
        migrations.AddField(
            model_name="draftversion",
            name="text",
            field=models.TextField(default="", editable=False, help_text="Text extracted once from the file, for search."),
        ),
        migrations.RunPython(create_search_vectors, drop_search_vectors, elidable=False),
    ]
