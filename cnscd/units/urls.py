from django.urls import path

from cnscd.units import views

app_name = "units"
urlpatterns = [
    path("", views.tree, name="tree"),
    path("<id:pk>/", views.detail, name="detail"),
    path("<id:pk>/villages/new/", views.village_create, name="village_create"),
    path("<id:pk>/edit/", views.village_edit, name="village_edit"),
    path("villages/import/", views.village_import, name="village_import"),
]
