# The content fields in English and French (django-modeltranslation); existing text becomes the English.

import django.core.validators
from django.conf import settings
from django.db import migrations, models


FIELDS = {'Call': ['title', 'description'], 'DocumentRequirement': ['name', 'help_text'], 'EligibilityCriterion': ['text']}


def existing_text_is_english(apps, schema_editor):
    """Rows written before the translation columns keep their text, as the English version."""
    for model_name, fields in FIELDS.items():
        model = apps.get_model('mobility', model_name)
        model.objects.update(**{f"{field}_en": models.F(field) for field in fields})


class Migration(migrations.Migration):

    dependencies = [
        ('mobility', '0020_call_excluded_agreements'),
        ('partners', '0005_content_in_english_and_french'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='application',
            name='period',
            field=models.CharField(blank=True, choices=[('semester_1', 'First semester (September to January)'), ('semester_2', 'Second semester (February to June)'), ('full_year', 'Full academic year'), ('dates', 'Dates to choose (placements)')], max_length=12, verbose_name='period'),
        ),
        migrations.AddField(
            model_name='application',
            name='period_end',
            field=models.DateField(blank=True, null=True, verbose_name='last day'),
        ),
        migrations.AddField(
            model_name='application',
            name='period_start',
            field=models.DateField(blank=True, null=True, verbose_name='first day'),
        ),
        migrations.AddField(
            model_name='call',
            name='description_en',
            field=models.TextField(blank=True, max_length=10000, null=True, validators=[django.core.validators.MaxLengthValidator(10000)], verbose_name='description'),
        ),
        migrations.AddField(
            model_name='call',
            name='description_fr',
            field=models.TextField(blank=True, max_length=10000, null=True, validators=[django.core.validators.MaxLengthValidator(10000)], verbose_name='description'),
        ),
        migrations.AddField(
            model_name='call',
            name='periods',
            field=models.JSONField(blank=True, default=list, help_text="What the application asks. None ticked: the programme's usual periods.", verbose_name='periods offered'),
        ),
        migrations.AddField(
            model_name='call',
            name='title_en',
            field=models.CharField(max_length=200, null=True, verbose_name='title'),
        ),
        migrations.AddField(
            model_name='call',
            name='title_fr',
            field=models.CharField(max_length=200, null=True, verbose_name='title'),
        ),
        migrations.AddField(
            model_name='documentrequirement',
            name='help_text_en',
            field=models.CharField(blank=True, max_length=300, null=True, verbose_name='explanation'),
        ),
        migrations.AddField(
            model_name='documentrequirement',
            name='help_text_fr',
            field=models.CharField(blank=True, max_length=300, null=True, verbose_name='explanation'),
        ),
        migrations.AddField(
            model_name='documentrequirement',
            name='name_en',
            field=models.CharField(max_length=150, null=True, verbose_name='name'),
        ),
        migrations.AddField(
            model_name='documentrequirement',
            name='name_fr',
            field=models.CharField(max_length=150, null=True, verbose_name='name'),
        ),
        migrations.AddField(
            model_name='eligibilitycriterion',
            name='text_en',
            field=models.CharField(max_length=300, null=True, verbose_name='criterion'),
        ),
        migrations.AddField(
            model_name='eligibilitycriterion',
            name='text_fr',
            field=models.CharField(max_length=300, null=True, verbose_name='criterion'),
        ),
        migrations.AddField(
            model_name='mobilityrecord',
            name='period',
            field=models.CharField(blank=True, choices=[('semester_1', 'First semester (September to January)'), ('semester_2', 'Second semester (February to June)'), ('full_year', 'Full academic year'), ('dates', 'Dates to choose (placements)')], help_text='The period the student asked (empty for imported records that do not say).', max_length=12, verbose_name='period'),
        ),
        migrations.AddConstraint(
            model_name='application',
            constraint=models.CheckConstraint(condition=models.Q(('period_end__isnull', True), ('period_start__isnull', True), ('period_end__gte', models.F('period_start')), _connector='OR'), name='application_period_ordered'),
        ),
        migrations.AddConstraint(
            model_name='call',
            constraint=models.UniqueConstraint(fields=('title_en', 'academic_year', 'direction'), name='call_unique_title-en'),
        ),
        migrations.AddConstraint(
            model_name='call',
            constraint=models.UniqueConstraint(fields=('title_fr', 'academic_year', 'direction'), name='call_unique_title-fr'),
        ),
        migrations.AddConstraint(
            model_name='documentrequirement',
            constraint=models.UniqueConstraint(fields=('call', 'name_en'), name='requirement_unique_name-en'),
        ),
        migrations.AddConstraint(
            model_name='documentrequirement',
            constraint=models.UniqueConstraint(fields=('call', 'name_fr'), name='requirement_unique_name-fr'),
        ),
        migrations.RunPython(existing_text_is_english, migrations.RunPython.noop),
    ]
