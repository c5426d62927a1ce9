from django.urls import path

from cnscd.indicators import views

app_name = "indicators"
urlpatterns = [
    path("pivot/", views.pivot, name="pivot"),
    path("pivot/export/", views.pivot_export, name="pivot_export"),
    path("cell/", views.cell, name="cell"),
    path("import/", views.sheet_import, name="sheet_import"),
    path("report/", views.report, name="report"),
    path("report/start/", views.report_start, name="report_start"),
    path("completeness/", views.completeness, name="completeness"),
    path("partner/", views.partner_tasks, name="partner_tasks"),
]
