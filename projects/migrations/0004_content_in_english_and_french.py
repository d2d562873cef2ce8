# The content fields in English and French (django-modeltranslation); existing text becomes the English.

from django.db import migrations, models


FIELDS = {'Project': ['title', 'programme', 'summary', 'description'], 'TrainingSession': ['title', 'description', 'audience', 'location']}


def existing_text_is_english(apps, schema_editor):
    """Rows written before the translation columns keep their text, as the English version."""
    for model_name, fields in FIELDS.items():
        model = apps.get_model('projects', model_name)
        model.objects.update(**{f"{field}_en": models.F(field) for field in fields})


class Migration(migrations.Migration):

    dependencies = [
        ('projects', '0003_projectactivity_trainingsession_offering'),
    ]

    operations = [
        migrations.AddField(
            model_name='project',
            name='description_en',
            field=models.TextField(blank=True, null=True, verbose_name='description'),
        ),
        migrations.AddField(
            model_name='project',
            name='description_fr',
            field=models.TextField(blank=True, null=True, verbose_name='description'),
        ),
        migrations.AddField(
            model_name='project',
            name='programme_en',
            field=models.CharField(default='Erasmus+ Cooperation partnership (KA2)', max_length=120, null=True, verbose_name='programme'),
        ),
        migrations.AddField(
            model_name='project',
            name='programme_fr',
            field=models.CharField(default='Erasmus+ Cooperation partnership (KA2)', max_length=120, null=True, verbose_name='programme'),
        ),
        migrations.AddField(
            model_name='project',
            name='summary_en',
            field=models.CharField(help_text='One or two sentences for the list page.', max_length=400, null=True, verbose_name='summary'),
        ),
        migrations.AddField(
            model_name='project',
            name='summary_fr',
            field=models.CharField(help_text='One or two sentences for the list page.', max_length=400, null=True, verbose_name='summary'),
        ),
        migrations.AddField(
            model_name='project',
            name='title_en',
            field=models.CharField(max_length=255, null=True, verbose_name='full title'),
        ),
        migrations.AddField(
            model_name='project',
            name='title_fr',
            field=models.CharField(max_length=255, null=True, verbose_name='full title'),
        ),
        migrations.AddField(
            model_name='trainingsession',
            name='audience_en',
            field=models.CharField(blank=True, max_length=200, null=True, verbose_name='for'),
        ),
        migrations.AddField(
            model_name='trainingsession',
            name='audience_fr',
            field=models.CharField(blank=True, max_length=200, null=True, verbose_name='for'),
        ),
        migrations.AddField(
            model_name='trainingsession',
            name='description_en',
            field=models.TextField(blank=True, null=True, verbose_name='description'),
        ),
        migrations.AddField(
            model_name='trainingsession',
            name='description_fr',
            field=models.TextField(blank=True, null=True, verbose_name='description'),
        ),
        migrations.AddField(
            model_name='trainingsession',
            name='location_en',
            field=models.CharField(blank=True, max_length=200, null=True, verbose_name='location'),
        ),
        migrations.AddField(
            model_name='trainingsession',
            name='location_fr',
            field=models.CharField(blank=True, max_length=200, null=True, verbose_name='location'),
        ),
        migrations.AddField(
            model_name='trainingsession',
            name='title_en',
            field=models.CharField(max_length=200, null=True, verbose_name='title'),
        ),
        migrations.AddField(
            model_name='trainingsession',
            name='title_fr',
            field=models.CharField(max_length=200, null=True, verbose_name='title'),
        ),
        migrations.RunPython(existing_text_is_english, migrations.RunPython.noop),
    ]
