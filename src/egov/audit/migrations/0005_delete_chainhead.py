from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_seal_legacy_chain")]

    operations = [migrations.DeleteModel(name="ChainHead")]
