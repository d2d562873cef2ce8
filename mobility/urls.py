from django.urls import path

from . import views

app_name = "mobility"

urlpatterns = [
    path("programmes/", views.programmes, name="programmes"),
    path("programmes/<int:pk>/", views.call_detail, name="call_short"),
    path("programmes/<int:pk>-<slug:slug>/", views.call_detail, name="call"),
    path("programmes/<int:pk>/apply/", views.start, name="start"),
    path("applications/", views.dashboard, name="dashboard"),
    path("applications/<int:pk>/", views.application_detail, name="application"),
    path("applications/<int:pk>/step/<slug:step>/", views.step, name="step"),
    path("applications/<int:pk>/submit/", views.review, name="review"),
    path("applications/<int:pk>/status/", views.change_status, name="change_status"),
    path("applications/<int:pk>/documents/<int:requirement_pk>/", views.upload, name="upload"),
    path("applications/documents/<int:pk>/delete/", views.delete_document, name="delete_document"),
    path("applications/documents/<int:pk>/file/", views.document_file, name="document_file"),
]

from . import urls_records  # noqa: E402

urlpatterns += urls_records.urlpatterns

from . import urls_nominations  # noqa: E402

urlpatterns += urls_nominations.urlpatterns
