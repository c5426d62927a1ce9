from django.urls import path

from cnscd.activities import views

app_name = "activities"
urlpatterns = [
    path("", views.activity_list, name="list"),
    path("new/", views.activity_new, name="new"),
    path("<id:pk>/", views.activity_edit, name="edit"),
]
