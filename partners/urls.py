from django.urls import path

from . import views

app_name = "partners"

urlpatterns = [
    path("partners/", views.directory, name="directory"),
    path("partners/networks/", views.networks, name="networks"),
    path("partners/coordinator/", views.coordinator_dashboard, name="coordinator_dashboard"),
    path("partners/agreements/<int:pk>/document/", views.agreement_document, name="agreement_document"),
    path("partners/<int:pk>/", views.detail, name="detail"),
]
