# The content fields in English and French (django-modeltranslation); existing text becomes the English.

import django.core.validators
from django.db import migrations, models


FIELDS = {'Offering': ['title', 'theme', 'description', 'audience', 'locations', 'language', 'extra_certification']}


def existing_text_is_english(apps, schema_editor):
    """Rows written before the translation columns keep their text, as the English version."""
    for model_name, fields in FIELDS.items():
        model = apps.get_model('summerschool', model_name)
        model.objects.update(**{f"{field}_en": models.F(field) for field in fields})


class Migration(migrations.Migration):

    dependencies = [
        ('summerschool', '0011_bank_lines'),
    ]

    operations = [
        migrations.AddField(
            model_name='offering',
            name='audience_en',
            field=models.CharField(blank=True, max_length=300, null=True, verbose_name='for'),
        ),
        migrations.AddField(
            model_name='offering',
            name='audience_fr',
            field=models.CharField(blank=True, max_length=300, null=True, verbose_name='for'),
        ),
        migrations.AddField(
            model_name='offering',
            name='description_en',
            field=models.TextField(blank=True, max_length=10000, null=True, validators=[django.core.validators.MaxLengthValidator(10000)], verbose_name='description'),
        ),
        migrations.AddField(
            model_name='offering',
            name='description_fr',
            field=models.TextField(blank=True, max_length=10000, null=True, validators=[django.core.validators.MaxLengthValidator(10000)], verbose_name='description'),
        ),
        migrations.AddField(
            model_name='offering',
            name='extra_certification_en',
            field=models.CharField(blank=True, help_text='E.g. the AFGSU 2 life-support diploma; printed on the certificate.', max_length=300, null=True, verbose_name='extra certification'),
        ),
        migrations.AddField(
            model_name='offering',
            name='extra_certification_fr',
            field=models.CharField(blank=True, help_text='E.g. the AFGSU 2 life-support diploma; printed on the certificate.', max_length=300, null=True, verbose_name='extra certification'),
        ),
        migrations.AddField(
            model_name='offering',
            name='language_en',
            field=models.CharField(default='English', max_length=60, null=True, verbose_name='language of instruction'),
        ),
        migrations.AddField(
            model_name='offering',
            name='language_fr',
            field=models.CharField(default='English', max_length=60, null=True, verbose_name='language of instruction'),
        ),
        migrations.AddField(
            model_name='offering',
            name='locations_en',
            field=models.TextField(blank=True, help_text='One per line.', max_length=2000, null=True, validators=[django.core.validators.MaxLengthValidator(2000)], verbose_name='locations'),
        ),
        migrations.AddField(
            model_name='offering',
            name='locations_fr',
            field=models.TextField(blank=True, help_text='One per line.', max_length=2000, null=True, validators=[django.core.validators.MaxLengthValidator(2000)], verbose_name='locations'),
        ),
        migrations.AddField(
            model_name='offering',
            name='theme_en',
            field=models.CharField(blank=True, max_length=200, null=True, verbose_name='theme'),
        ),
        migrations.AddField(
            model_name='offering',
            name='theme_fr',
            field=models.CharField(blank=True, max_length=200, null=True, verbose_name='theme'),
        ),
        migrations.AddField(
            model_name='offering',
            name='title_en',
            field=models.CharField(max_length=200, null=True, verbose_name='title'),
        ),
        migrations.AddField(
            model_name='offering',
            name='title_fr',
            field=models.CharField(max_length=200, null=True, verbose_name='title'),
        ),
        migrations.RunPython(existing_text_is_english, migrations.RunPython.noop),
    ]
