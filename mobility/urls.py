from django.urls import path

from .views import applications as views
from .views import nominations, records

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
    # Letters and key figures
    path("key-figures/", records.key_figures, name="key_figures"),
    path("key-figures/key-figures.csv", records.key_figures_csv, name="key_figures_csv"),
    path("applications/<int:pk>/acceptance-letter/", records.acceptance_letter, name="acceptance_letter"),
    # Partner coordinators' nominations and incoming students
    path("programmes/incoming/", nominations.incoming, name="incoming"),
    path("nominations/", nominations.nomination_list, name="nominations"),
    path("nominations/<int:pk>/", nominations.nomination_detail, name="nomination"),
    path("nominations/<int:pk>/withdraw/", nominations.withdraw, name="nomination_withdraw"),
    path(
        "nominations/<int:pk>/documents/<int:document_pk>/",
        nominations.nominee_document,
        name="nominee_document",
    ),
    path("nominations/new/<int:call_pk>/<int:institution_pk>/", nominations.nominate, name="nominate"),
    path("invitation/<str:token>/", nominations.invitation, name="nomination_invitation"),
]
