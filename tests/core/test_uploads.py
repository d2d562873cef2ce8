"""What uploads may contain (issue 12): photos lose their metadata (GPS), PDFs that run something
or carry other files are refused with a message a person understands — through the real views."""

import io

import pikepdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from core.upload_content import pdf_problems
from tests.factories import StudentFactory
from tests.mobility.factories import ApplicationFactory, DocumentRequirementFactory
from tests.summerschool.factories import SummerSchoolFactory, registration_data

pytestmark = pytest.mark.django_db

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def jpeg_with_gps(orientation=6, size=(60, 30)):
    """A landscape photo whose EXIF says "rotate 90°" and where it was taken."""
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    exif[0x010F] = "PhoneMaker"  # camera make
    exif[GPS_IFD] = {1: "N", 2: (48.0, 51.0, 24.0), 3: "E", 4: (2.0, 20.0, 30.0)}
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif, quality=90)
    return out.getvalue()


def png_with_metadata():
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Comment", "taken at 48.8566 N, 2.3522 E")
    exif = Image.Exif()
    exif[GPS_IFD] = {1: "N", 2: (48.0, 51.0, 24.0)}
    out = io.BytesIO()
    Image.new("RGBA", (20, 10), (0, 0, 255, 255)).save(out, format="PNG", pnginfo=info, exif=exif)
    return out.getvalue()


def pdf_bytes(build=None):
    pdf = pikepdf.new()
    pdf.add_blank_page()
    if build:
        build(pdf)
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def open_action_js(pdf):
    pdf.Root.OpenAction = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert('hi')"))


def embedded_file(pdf):
    pdf.attachments["payload.exe"] = pikepdf.AttachedFileSpec(pdf, b"MZ\x90\x00", filename="payload.exe")


def launch_action(pdf):
    pdf.pages[0].AA = pikepdf.Dictionary(
        O=pikepdf.Dictionary(S=pikepdf.Name.Launch, F=pikepdf.String("cmd.exe"))
    )


def names_javascript(pdf):
    action = pdf.make_indirect(pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("1")))
    pdf.Root.Names = pikepdf.Dictionary(
        JavaScript=pikepdf.Dictionary(Names=pikepdf.Array([pikepdf.String("a"), action]))
    )


def attachment_annotation(pdf):
    spec = pikepdf.AttachedFileSpec(pdf, b"secret", filename="note.txt")
    annot = pikepdf.Dictionary(
        Type=pikepdf.Name.Annot,
        Subtype=pikepdf.Name.FileAttachment,
        Rect=pikepdf.Array([0, 0, 10, 10]),
        FS=spec.obj,
    )
    pdf.pages[0].Annots = pdf.make_indirect(pikepdf.Array([pdf.make_indirect(annot)]))


def goto_open_action(pdf):
    pdf.Root.OpenAction = pikepdf.Array([pdf.pages[0].obj, pikepdf.Name.Fit])


def _upload(client, name, data, content_type, *, refused=False):
    """Upload one file; an accepted file lands on the documents page, a refused one reloads it (400)."""
    requirement = DocumentRequirementFactory(name="Passport", max_size_mb=5)
    application = ApplicationFactory(call=requirement.call)
    client.force_login(application.student)
    response = client.post(
        reverse("mobility:upload", args=[application.pk, requirement.pk]),
        {"file": SimpleUploadedFile(name, data, content_type=content_type)},
        follow=True,
    )
    assert response.status_code == (400 if refused else 200)
    return application, response.content.decode()


def test_jpeg_loses_its_exif_and_gps_but_stays_upright(client):
    original = jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(GPS_IFD)
    application, _page = _upload(client, "passport.jpg", original, "image/jpeg")
    document = application.documents.get()
    stored = document.file.read()
    image = Image.open(io.BytesIO(stored))
    assert image.format == "JPEG"
    assert not image.getexif(), "no EXIF left (GPS, camera, orientation)"
    assert b"Exif" not in stored[:200] and b"PhoneMaker" not in stored
    assert image.size == (30, 60), "the orientation was applied to the pixels"
    assert document.size == len(stored)


def test_png_loses_its_text_and_exif(client):
    application, _page = _upload(client, "scan.png", png_with_metadata(), "image/png")
    stored = application.documents.get().file.read()
    image = Image.open(io.BytesIO(stored))
    assert image.format == "PNG" and image.size == (20, 10)
    assert "Comment" not in image.info and not image.getexif()
    assert b"48.8566" not in stored


@pytest.mark.parametrize(
    "build, words",
    [
        (open_action_js, "contains JavaScript"),
        (names_javascript, "contains JavaScript"),
        (launch_action, "start other programs"),
        (embedded_file, "other files attached inside it"),
        (attachment_annotation, "other files attached inside it"),
    ],
)
def test_pdf_with_active_content_is_refused_with_a_clear_message(client, build, words):
    application, page = _upload(client, "transcript.pdf", pdf_bytes(build), "application/pdf", refused=True)
    assert words in page
    assert "Save as PDF" in page
    assert not application.documents.exists()


def test_ordinary_pdf_is_accepted_even_with_an_open_action_that_only_shows_a_page(client):
    application, page = _upload(client, "transcript.pdf", pdf_bytes(goto_open_action), "application/pdf")
    assert application.documents.count() == 1, page


def test_damaged_pdf_is_refused(client):
    application, page = _upload(
        client, "transcript.pdf", b"%PDF-1.7\n garbage " * 10, "application/pdf", refused=True
    )
    assert "could not be read as a PDF" in page
    assert not application.documents.exists()


def test_summer_school_cv_gets_the_same_checks(client):
    school = SummerSchoolFactory()
    url = reverse("summerschool:register", args=[school.slug])
    client.force_login(StudentFactory())
    data = {**registration_data(), "institution": "", "level_of_study": "graduate"}
    data["cv"] = SimpleUploadedFile("cv.pdf", pdf_bytes(open_action_js), content_type="application/pdf")
    response = client.post(url, data)
    assert response.status_code == 200
    assert "contains JavaScript" in response.content.decode()
    assert not school.registrations.exists()
    data["cv"] = SimpleUploadedFile("cv.jpg", jpeg_with_gps(), content_type="image/jpeg")
    assert client.post(url, data).status_code == 302
    stored = school.registrations.get().cv.read()
    assert not Image.open(io.BytesIO(stored)).getexif()


def test_pdf_problems_names_each_kind():
    def kinds(build):
        with pikepdf.open(io.BytesIO(pdf_bytes(build))) as pdf:
            return pdf_problems(pdf)

    assert kinds(None) == set()
    assert kinds(open_action_js) == {"script"}
    assert kinds(launch_action) == {"launch"}
    assert kinds(embedded_file) == {"attachment"}


def test_a_signed_agreement_uploaded_in_the_admin_gets_the_same_checks(rf):
    from django.contrib import admin
    from django.forms.models import model_to_dict

    from partners.models import Agreement
    from tests.factories import AgreementFactory, StaffFactory

    agreement = AgreementFactory()
    request = rf.post("/")
    request.user = StaffFactory()
    form_class = admin.site._registry[Agreement].get_form(request, agreement)
    data = {k: v for k, v in model_to_dict(agreement).items() if v is not None and k != "signed_document"}

    def upload(content):
        files = {"signed_document": SimpleUploadedFile("signed.pdf", content, content_type="application/pdf")}
        return form_class(data=data, files=files, instance=agreement)

    refused = upload(pdf_bytes(open_action_js))
    assert not refused.is_valid()
    assert "contains JavaScript" in str(refused.errors["signed_document"])
    accepted = upload(pdf_bytes())
    assert accepted.is_valid(), accepted.errors
