from django.urls import path

from cnscd.units import views

app_name = "units"
urlpatterns = [
    path("", views.tree, name="tree"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/villages/new/", views.village_create, name="village_create"),
    path("<int:pk>/edit/", views.village_edit, name="village_edit"),
    path("villages/import/", views.village_import, name="village_import"),
]
