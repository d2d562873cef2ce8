import pytest
from django.core.exceptions import PermissionDenied

from learning.models import AgreementVersion, Party, Signature, VersionStatus
from learning.services import agreements
from learning.services.errors import LearningError
from tests.factories import CoordinatorFactory, StudentFactory, SupervisorFactory

from .factories import HEADER, TABLE_A, TABLE_B, drafted, incoming_mobility, outgoing_mobility, signed

pytestmark = pytest.mark.django_db


def test_three_signatures_make_the_version_in_force_with_the_hash_of_what_was_signed(staff, mailoutbox):
    record, coordinator = outgoing_mobility(staff)
    version = drafted(record)
    assert version.status == VersionStatus.SUBMITTED
    agreements.sign(version, by=staff)
    version.refresh_from_db()
    assert version.status == VersionStatus.SUBMITTED  # two of three
    agreements.sign(version, by=coordinator)
    version.refresh_from_db()
    assert version.status == VersionStatus.APPROVED
    parties = {s.party: s for s in version.signatures.all()}
    assert set(parties) == {Party.STUDENT, Party.SENDING, Party.RECEIVING}
    assert parties[Party.SENDING].signer == staff
    assert parties[Party.RECEIVING].signer == coordinator
    assert all(s.content_hash == version.content_hash() and s.matches for s in parties.values())
    assert len(version.content_hash()) == 64
    assert agreements.approved_version(version.agreement) == version


def test_a_version_cannot_be_signed_by_someone_not_responsible(staff):
    record, _coordinator = outgoing_mobility(staff)
    version = drafted(record)
    other_coordinator = CoordinatorFactory()
    supervisor_elsewhere = SupervisorFactory()
    for stranger in (StudentFactory(), other_coordinator, supervisor_elsewhere):
        with pytest.raises(PermissionDenied):
            agreements.sign(version, by=stranger)
    with pytest.raises(PermissionDenied):  # the student signs by submitting, not as an institution
        agreements.sign(version, by=record.application.student)
    assert version.signatures.count() == 1
    # The call's own supervisor may sign for the sending school.
    supervisor = SupervisorFactory()
    record.application.call.supervisors.add(supervisor)
    agreements.sign(version, by=supervisor)
    with pytest.raises(LearningError):  # and then nobody signs twice for the same school
        agreements.sign(version, by=staff)
    assert version.signatures.get(party=Party.SENDING).signer == supervisor


def test_only_the_student_drafts(staff):
    record, coordinator = outgoing_mobility(staff)
    agreement = agreements.start_agreement(record, by=staff)
    for someone in (staff, coordinator, StudentFactory()):
        with pytest.raises(PermissionDenied):
            agreements.editable_version(agreement, by=someone)


def test_an_incomplete_draft_cannot_be_sent(staff):
    record, _coordinator = outgoing_mobility(staff)
    student = record.application.student
    agreement = agreements.start_agreement(record, by=student)
    version = agreements.editable_version(agreement, by=student)
    agreements.save_draft(version, by=student, data=HEADER, components=TABLE_A)
    with pytest.raises(LearningError, match="Table B"):
        agreements.submit(version, by=student)
    agreements.save_draft(
        version, by=student, data={**HEADER, "automatic_recognition": True}, components=TABLE_A
    )
    assert agreements.submit(version, by=student).status == VersionStatus.SUBMITTED


def test_an_edit_after_a_signature_starts_a_new_version_and_voids_nothing_signed(staff):
    record, coordinator = outgoing_mobility(staff)
    student = record.application.student
    first = signed(record, staff, coordinator)
    signed_hashes = list(first.signatures.values_list("party", "content_hash", "signed_at"))

    # A change during the mobility: a new version, the signed one untouched and still in force.
    change = agreements.editable_version(first.agreement, by=student)
    assert change.pk != first.pk and change.number == 2 and change.is_draft
    assert [c.title for c in change.components.all()] == [c.title for c in first.components.all()]
    rows = [*TABLE_A[:1], {**TABLE_A[1], "change": "removed", "change_reason": "Course cancelled"}, *TABLE_B]
    rows.append(
        {
            "table": "A",
            "code": "MED-410",
            "title": "Surgery",
            "semester": "Spring 2027",
            "ects": 10,
            "change": "added",
            "change_reason": "Replaces paediatrics",
        }
    )
    agreements.save_draft(change, by=student, data={**HEADER}, components=rows)
    with pytest.raises(LearningError, match="Say why"):
        agreements.submit(change, by=student)
    agreements.save_draft(
        change,
        by=student,
        data={**HEADER, "change_reason": "Paediatrics cancelled by the host"},
        components=rows,
    )
    agreements.submit(change, by=student)

    first.refresh_from_db()
    assert first.status == VersionStatus.APPROVED
    assert list(first.signatures.values_list("party", "content_hash", "signed_at")) == signed_hashes
    assert all(s.matches for s in first.signatures.all())
    assert agreements.approved_version(first.agreement) == first  # until the change is signed
    agreements.sign(change, by=staff)
    agreements.sign(change, by=coordinator)
    assert agreements.approved_version(first.agreement).number == 2
    assert Signature.objects.count() == 6


def test_a_submitted_version_edited_is_superseded_with_its_signature_kept(staff):
    record, _coordinator = outgoing_mobility(staff)
    student = record.application.student
    first = drafted(record)
    second = agreements.editable_version(first.agreement, by=student)
    first.refresh_from_db()
    assert first.status == VersionStatus.SUPERSEDED
    assert first.signatures.get().party == Party.STUDENT
    assert second.number == 2
    # Asking again gives the same draft, not a third version.
    assert agreements.editable_version(first.agreement, by=student) == second
    with pytest.raises(LearningError):
        agreements.save_draft(first, by=student, data=HEADER, components=TABLE_A)


def test_sent_back_with_a_comment_then_a_new_version(staff, mailoutbox):
    record, coordinator = outgoing_mobility(staff)
    version = drafted(record)
    with pytest.raises(LearningError):
        agreements.send_back(version, by=coordinator, comment="  ")
    agreements.send_back(version, by=coordinator, comment="MED-402 is taught in spring only")
    version.refresh_from_db()
    assert version.status == VersionStatus.RETURNED
    assert version.returned_comment == "MED-402 is taught in spring only"
    with pytest.raises(LearningError):
        agreements.sign(version, by=staff)
    new = agreements.editable_version(version.agreement, by=record.application.student)
    assert new.number == 2
    assert AgreementVersion.objects.get(pk=version.pk).status == VersionStatus.RETURNED


def test_incoming_the_partner_sends_and_the_school_receives(staff):
    record, coordinator = incoming_mobility()
    version = drafted(record)
    agreements.sign(version, by=coordinator)
    agreements.sign(version, by=staff)
    version.refresh_from_db()
    parties = {s.party: s.signer for s in version.signatures.all()}
    assert parties[Party.SENDING] == coordinator and parties[Party.RECEIVING] == staff
    assert version.status == VersionStatus.APPROVED


def test_signed_version_pdf_names_the_three_signatures(staff):
    import subprocess

    record, coordinator = outgoing_mobility(staff)
    version = signed(record, staff, coordinator)
    pdf = agreements.version_pdf(version)
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    words = " ".join(text.split())  # a long name may wrap onto the next line of its table cell
    for signature in version.signatures.all():
        assert signature.signer_name in words
    assert version.content_hash() in text.replace("\n", "").replace(" ", "")
    assert "Internal medicine clerkship" in text


def test_the_migration_forgets_the_students_stored_positions_and_keeps_the_institutions(staff):
    import importlib

    from django.apps import apps

    record, coordinator = outgoing_mobility(staff)
    version = signed(record, staff, coordinator)
    # As a French student's signature stored it before.
    version.signatures.filter(party=Party.STUDENT).update(signer_position="Étudiant")
    migration = importlib.import_module("learning.migrations.0002_student_position_not_stored")
    migration.forget_student_positions(apps, None)
    positions = dict(version.signatures.values_list("party", "signer_position"))
    assert positions == {
        Party.STUDENT: "",
        Party.SENDING: "UPCité Medical School",
        Party.RECEIVING: record.institution_name,
    }
    assert version.signature_of(Party.STUDENT).position == "Student"
