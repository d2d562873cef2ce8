from django.urls import path

from . import views

app_name = "projects"

urlpatterns = [
    path("projects/", views.project_list, name="list"),
    path("projects/activities/<slug:slug>/", views.activity, name="activity"),
    path("projects/<slug:slug>/", views.project_detail, name="detail"),
]
