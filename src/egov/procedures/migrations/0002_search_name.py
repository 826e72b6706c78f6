from django.db import migrations, models


def fill_name_search(apps, schema_editor):
    from egov.search.text import normalize

    Procedure = apps.get_model("procedures", "Procedure")
    for procedure in Procedure.objects.only("pk", "name").iterator():
        Procedure.objects.filter(pk=procedure.pk).update(name_search=normalize(procedure.name))


class Migration(migrations.Migration):

    dependencies = [
        ('procedures', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='procedure',
            name='name_search',
            field=models.CharField(default='', editable=False, max_length=500),
        ),
        migrations.RunPython(fill_name_search, migrations.RunPython.noop),
    ]
