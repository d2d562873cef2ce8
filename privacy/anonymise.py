"""The one way personal data leaves the portal: used by the retention sweep and by erasure alike.

Each function takes rows of another app and deletes their files from storage (not only the
reference), then blanks or replaces their personal fields through the models' public fields, with
`update()` (no signal, no `updated` bump that would make a row look active again). What statistics
need (a mobility record's programme, partner, country, year, dates) stays.
"""

import contextlib
import re

from django.db.models import Q

ERASED = "[erased]"


def placeholder_email(user_id):
    """An address that is no one's (RFC 2606 .invalid), unique per account (the login is unique)."""
    return f"erased-{user_id}@erased.invalid"


def delete_file(field_file):
    """Delete a stored file; True when there was one. The row's reference is cleared by the caller."""
    if not field_file:
        return False
    with contextlib.suppress(FileNotFoundError):
        field_file.storage.delete(field_file.name)
    return True


# --- Applications ---------------------------------------------------------------------------------


def application_details_filter():
    """Applications that still hold something personal (documents, details, a letter file)."""
    return (
        Q(documents__isnull=False)
        | Q(date_of_birth__isnull=False)
        | ~Q(phone="")
        | ~Q(student_number="")
        | ~Q(motivation="")
        | ~Q(nationality="")
        | Q(acceptance_letter__file__gt="")
    )


def clear_application(application, *, names=False):
    """Delete the documents and letter of an application and blank the details the student gave.

    `names`: also replace the first and last name (erasure, deleted account); the retention of a
    closed application keeps them while the account lives, since its owner still sees the list.
    """
    from mobility.models import AcceptanceLetter, Application, ApplicationDocument
    from mobility.services.dashboard import students_changed

    for document in ApplicationDocument.objects.filter(application=application):
        delete_file(document.file)
    ApplicationDocument.objects.filter(application=application).delete()
    letter = AcceptanceLetter.objects.filter(application=application).first()
    if letter is not None and letter.file:
        delete_file(letter.file)
        AcceptanceLetter.objects.filter(pk=letter.pk).update(file="")
    fields = {
        "date_of_birth": None,
        "nationality": "",
        "phone": "",
        "student_number": "",
        "motivation": "",
        "declarations": [],
    }
    if names:
        fields.update(first_name=ERASED, last_name=ERASED)
    Application.objects.filter(pk=application.pk).update(**fields)
    application.recommendations.update(comment="")
    application.assessments.update(note="")
    application.transitions.update(comment="")
    students_changed([application.student_id])  # the dashboard shows the history's comments


def anonymise_mobility_records(records_qs):
    """Keep the record (the key figures count it), drop the name."""
    return records_qs.exclude(student_name=ERASED).update(student_name=ERASED)


# --- Nominations ----------------------------------------------------------------------------------


def anonymise_nomination(nomination):
    from mobility.models import Nomination
    from mobility.services.dashboard import everyone_changed

    Nomination.objects.filter(pk=nomination.pk).update(
        first_name=ERASED,
        last_name=ERASED,
        email=f"erased-nomination-{nomination.pk}@erased.invalid",
        wished_departments="",
    )
    nomination.transitions.update(comment="")
    everyone_changed()  # an invitation follows the nomination's address


# --- Summer schools -------------------------------------------------------------------------------


def clear_registration(registration, *, address=False):
    """Delete the CV, blank the motivation; the address too when `address` (nothing to account for)."""
    from summerschool.models import Registration

    delete_file(registration.cv)
    fields = {"cv": "", "motivation": ""}
    if address:
        fields["address"] = ""
    Registration.objects.filter(pk=registration.pk).update(**fields)
    registration.transitions.update(comment="")


# --- Emails ---------------------------------------------------------------------------------------


def delete_emails(emails_qs):
    """Delete outbox emails and the attachments (letters, certificates) no remaining email uses."""
    from post_office.models import Attachment

    email_ids = list(emails_qs.values_list("pk", flat=True))
    if not email_ids:
        return 0
    attachments = list(Attachment.objects.filter(emails__in=email_ids).distinct())
    emails_qs.model.objects.filter(pk__in=email_ids).delete()
    for attachment in attachments:
        if not attachment.emails.exists():
            delete_file(attachment.file)
            attachment.delete()
    return len(email_ids)


def emails_to(address):
    """Outbox emails whose recipients include `address` (the field is comma-separated text)."""
    from post_office.models import Email

    address = address.lower()
    candidates = Email.objects.filter(
        Q(to__icontains=address) | Q(cc__icontains=address) | Q(bcc__icontains=address)
    )
    ids = [
        e.pk
        for e in candidates.only("pk", "to", "cc", "bcc")
        if address in {a.strip().lower() for a in [*(e.to or []), *(e.cc or []), *(e.bcc or [])]}
    ]
    return Email.objects.filter(pk__in=ids)


# --- Free text naming a person --------------------------------------------------------------------


def scrub_text(text, needles):
    """`text` with every occurrence of the person's names and address replaced."""
    for needle in needles:
        if needle and len(needle) >= 2:
            text = re.sub(re.escape(needle), ERASED, text, flags=re.IGNORECASE)
    return text


def person_needles(user, extra_names=()):
    names = {user.email, user.get_full_name(), user.first_name, user.last_name, *extra_names}
    # Longest first: "Ana Lima" before "Ana", so the full name becomes one placeholder.
    return sorted({n.strip() for n in names if n and n.strip()}, key=len, reverse=True)


def scrub_transitions(needles):
    """Replace the person's names in every status history's comments (staff may have named them)."""
    from mobility.models import ApplicationTransition, NominationTransition
    from summerschool.models import RegistrationTransition

    changed = 0
    condition = Q()
    for needle in needles:
        condition |= Q(comment__icontains=needle)
    if not needles:
        return 0
    for model in (ApplicationTransition, NominationTransition, RegistrationTransition):
        for row in model.objects.filter(condition).only("pk", "comment"):
            model.objects.filter(pk=row.pk).update(comment=scrub_text(row.comment, needles))
            changed += 1
    return changed
