from django.urls import path

from . import views_records

# Added to mobility/urls.py: the names live in the `mobility:` namespace.
urlpatterns = [
    path("key-figures/", views_records.key_figures, name="key_figures"),
    path(
        "applications/<int:pk>/acceptance-letter/",
        views_records.acceptance_letter,
        name="acceptance_letter",
    ),
]
