from django.urls import path

from cnscd.core import views

app_name = "core"
urlpatterns = [path("", views.audit, name="audit")]
