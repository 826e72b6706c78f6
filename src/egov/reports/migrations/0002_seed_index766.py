from django.db import migrations


def seed(apps, schema_editor):
    from egov.reports.seed766 import ensure_index_rules

    ensure_index_rules(apps.get_model("reports", "IndexGroup"), apps.get_model("reports", "IndexComponent"))


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
