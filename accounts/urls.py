from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    # allauth's signup page (the same path, found first), prefilled from an invitation.
    path("signup/", views.signup, name="signup"),
    path("invitation/<uidb64>/<token>/", views.accept_invitation, name="accept_invitation"),
]
