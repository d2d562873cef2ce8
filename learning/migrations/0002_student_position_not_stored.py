"""A student's signature stored "Student" in the language the student used when signing; the
position is now written in the reader's language (Signature.position) and nothing is stored."""

from django.db import migrations


def forget_student_positions(apps, schema_editor):
    apps.get_model("learning", "Signature").objects.filter(party="student").update(signer_position="")


class Migration(migrations.Migration):
    dependencies = [("learning", "0001_initial")]

    operations = [migrations.RunPython(forget_student_positions, migrations.RunPython.noop)]
