from django.urls import path

from cnscd.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.page, name="page"),
    path("save/", views.save, name="save"),
    path("generate/", views.generate, name="generate"),
    path("template/", views.template, name="template"),
    path("files/<id:pk>/", views.download, name="download"),
    path("files/<id:pk>/status/", views.file_status, name="file_status"),
]
