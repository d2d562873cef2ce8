from django.urls import path

from . import views

app_name = "learning"

urlpatterns = [
    path("mobilities/", views.mobilities, name="mobilities"),
    path("mobilities/missing/", views.missing, name="missing"),
    path("mobilities/export.csv", views.export, name="export"),
    path("mobilities/<int:pk>/", views.agreement, name="agreement"),
    path("mobilities/<int:pk>/edit/", views.edit, name="edit"),
    path("mobilities/<int:pk>/versions/<int:version_pk>/sign/", views.sign, name="sign"),
    path("mobilities/<int:pk>/versions/<int:version_pk>/send-back/", views.send_back, name="send_back"),
    path("mobilities/<int:pk>/versions/<int:version_pk>/pdf/", views.version_pdf, name="version_pdf"),
    path("mobilities/<int:pk>/stay/", views.confirm_stay, name="confirm_stay"),
    path("mobilities/<int:pk>/attendance/", views.attendance_upload, name="attendance_upload"),
    path("mobilities/<int:pk>/attendance/file/", views.attendance_file, name="attendance_file"),
    path(
        "mobilities/<int:pk>/attendance/certificate/",
        views.attendance_certificate,
        name="attendance_certificate",
    ),
    path("mobilities/<int:pk>/transcript/", views.transcript_upload, name="transcript_upload"),
    path("mobilities/<int:pk>/transcript/file/", views.transcript_file, name="transcript_file"),
    path("mobilities/<int:pk>/recognition/", views.recognition, name="recognition"),
    path("mobilities/<int:pk>/grant/top-ups/", views.top_ups, name="top_ups"),
    path("mobilities/<int:pk>/grant/payments/", views.payment, name="payment"),
]
