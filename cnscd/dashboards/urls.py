from django.urls import path

from cnscd.dashboards import views

app_name = "dashboards"
urlpatterns = [
    path("dashboard/", views.page, name="page"),
    path("dashboard/public/", views.publish, name="publish"),
    path("public/<id:pk>/", views.public, name="public"),
]
