from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("privacy/", views.notice, name="notice"),
    path("privacy/my-data/", views.my_data, name="my_data"),
    path("privacy/my-data/copy/", views.request_copy, name="request_copy"),
    path("privacy/my-data/copy/<str:token>/", views.download_copy, name="download_copy"),
    path("privacy/my-data/erasure/", views.request_erasure, name="request_erasure"),
]
