# The content fields in English and French (django-modeltranslation); existing text becomes the English.

from django.db import migrations, models


FIELDS = {'Agreement': ['title', 'notes'], 'Network': ['description', 'school_role']}


def existing_text_is_english(apps, schema_editor):
    """Rows written before the translation columns keep their text, as the English version."""
    for model_name, fields in FIELDS.items():
        model = apps.get_model('partners', model_name)
        model.objects.update(**{f"{field}_en": models.F(field) for field in fields})


class Migration(migrations.Migration):

    dependencies = [
        ('partners', '0004_institution_schac_id'),
    ]

    operations = [
        migrations.AddField(
            model_name='agreement',
            name='notes_en',
            field=models.TextField(blank=True, null=True, verbose_name='notes'),
        ),
        migrations.AddField(
            model_name='agreement',
            name='notes_fr',
            field=models.TextField(blank=True, null=True, verbose_name='notes'),
        ),
        migrations.AddField(
            model_name='agreement',
            name='title_en',
            field=models.CharField(blank=True, help_text='E.g. “IMEP — International Medical Exchange Program”.', max_length=200, null=True, verbose_name='title'),
        ),
        migrations.AddField(
            model_name='agreement',
            name='title_fr',
            field=models.CharField(blank=True, help_text='E.g. “IMEP — International Medical Exchange Program”.', max_length=200, null=True, verbose_name='title'),
        ),
        migrations.AddField(
            model_name='network',
            name='description_en',
            field=models.TextField(blank=True, null=True, verbose_name='description'),
        ),
        migrations.AddField(
            model_name='network',
            name='description_fr',
            field=models.TextField(blank=True, null=True, verbose_name='description'),
        ),
        migrations.AddField(
            model_name='network',
            name='school_role_en',
            field=models.TextField(blank=True, null=True, verbose_name="the school's role"),
        ),
        migrations.AddField(
            model_name='network',
            name='school_role_fr',
            field=models.TextField(blank=True, null=True, verbose_name="the school's role"),
        ),
        migrations.RunPython(existing_text_is_english, migrations.RunPython.noop),
    ]
