from django.urls import path

from . import views

app_name = "summerschool"

urlpatterns = [
    path("summer-schools/", views.offering_list, name="list"),
    path("summer-schools/my-registrations/", views.my_registrations, name="my_registrations"),
    path("summer-schools/registrations/<int:pk>/", views.registration_detail, name="registration"),
    path("summer-schools/registrations/<int:pk>/accept/", views.accept_offer, name="accept_offer"),
    path("summer-schools/registrations/<int:pk>/cancel/", views.cancel, name="cancel"),
    path("summer-schools/registrations/<int:pk>/waiver/", views.prove_waiver, name="prove_waiver"),
    path("summer-schools/registrations/<int:pk>/cv/", views.registration_cv, name="cv"),
    path(
        "summer-schools/registrations/<int:pk>/receipts/<int:payment_pk>.pdf",
        views.payment_receipt,
        name="receipt",
    ),
    path(
        "summer-schools/registrations/<int:pk>/invoices/<int:invoice_pk>.pdf",
        views.invoice_pdf,
        name="invoice",
    ),
    path("summer-schools/registrations/<int:pk>/certificate.pdf", views.certificate_pdf, name="certificate"),
    path(
        "summer-schools/certificate-runs/<int:pk>/status.json",
        views.certificate_run_status,
        name="certificate_run_status",
    ),
    path("summer-schools/<slug:slug>/", views.offering_detail, name="detail"),
    path("summer-schools/<slug:slug>/register/", views.register, name="register"),
    path("certificates/verify/", views.verify_form, name="verify_form"),
    path("certificates/verify/<str:code>/", views.verify_certificate, name="verify_certificate"),
]
