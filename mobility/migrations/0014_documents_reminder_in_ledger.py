"""The missing-documents reminder moves onto the reminders app: what was sent goes to its ledger
(so nobody is reminded twice), the field and the daily task go (the reminders sweep runs it)."""

import datetime

from django.db import migrations

from core.schedules import schedule

CODE = "mobility.documents_missing"


def to_ledger(apps, schema_editor):
    Application = apps.get_model("mobility", "Application")
    Rule = apps.get_model("reminders", "Rule")
    Sent = apps.get_model("reminders", "Sent")
    ContentType = apps.get_model("contenttypes", "ContentType")
    reminded = Application.objects.filter(documents_reminder_sent_at__isnull=False).values_list(
        "pk", "call__documents_deadline", "student_id", "documents_reminder_sent_at"
    )
    if not reminded.exists():
        return
    rule, _ = Rule.objects.get_or_create(
        code=CODE,
        defaults={
            "name": "Student: required documents missing, before the documents deadline",
            "offset": datetime.timedelta(days=3),
        },
    )
    content_type, _ = ContentType.objects.get_or_create(app_label="mobility", model="application")
    Sent.objects.bulk_create(
        [
            Sent(
                rule=rule,
                content_type=content_type,
                object_id=pk,
                deadline=deadline,
                recipient_id=student_id,
                sent_at=sent_at,
            )
            for pk, deadline, student_id, sent_at in reminded.iterator()
        ],
        batch_size=1000,
        ignore_conflicts=True,
    )


OLD_SCHEDULE = schedule(
    "Mobility: remind students of missing documents",
    "mobility.send_document_reminders",
    crontab={"minute": "0", "hour": "8"},
)


class Migration(migrations.Migration):
    dependencies = [
        ("mobility", "0013_transition_at_default"),
        ("reminders", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        migrations.RunPython(to_ledger, migrations.RunPython.noop),
        migrations.RemoveField(model_name="application", name="documents_reminder_sent_at"),
        migrations.RunPython(OLD_SCHEDULE.reverse_code, OLD_SCHEDULE.code),
    ]
