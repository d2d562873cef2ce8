from django.urls import path

from . import views_nominations as views

urlpatterns = [
    path("programmes/incoming/", views.incoming, name="incoming"),
    path("nominations/", views.nomination_list, name="nominations"),
    path("nominations/<int:pk>/", views.nomination_detail, name="nomination"),
    path("nominations/<int:pk>/withdraw/", views.withdraw, name="nomination_withdraw"),
    path(
        "nominations/<int:pk>/documents/<int:document_pk>/", views.nominee_document, name="nominee_document"
    ),
    path("nominations/new/<int:call_pk>/<int:institution_pk>/", views.nominate, name="nominate"),
    path("invitation/<str:token>/", views.invitation, name="nomination_invitation"),
]
