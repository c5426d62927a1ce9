from django.urls import path

from cnscd.evaluation import views

app_name = "evaluation"
urlpatterns = [
    path("", views.ranking, name="ranking"),
    path("sheet/", views.sheet, name="sheet"),
    path("evidence/<id:pk>/", views.evidence, name="evidence"),
    path("sets/", views.set_list, name="set_list"),
    path("sets/<id:pk>/export/", views.set_export, name="set_export"),
    path("sets/import/", views.set_import, name="set_import"),
    path("targets/", views.targets, name="targets"),
]
