from django.urls import path

from cnscd.teams import views

app_name = "teams"
urlpatterns = [
    path("", views.body_list, name="body_list"),
    path("new/", views.body_create, name="body_create"),
    path("<int:pk>/", views.body_detail, name="body_detail"),
    path("<int:pk>/edit/", views.body_edit, name="body_edit"),
    path("<int:pk>/status/", views.body_status, name="body_status"),
    path("<int:pk>/decisions/new/", views.decision_create, name="decision_create"),
    path("<int:pk>/members/new/", views.member_add, name="member_add"),
    path("decisions/<int:pk>/scan/", views.decision_scan, name="decision_scan"),
    path("memberships/<int:pk>/edit/", views.membership_edit, name="membership_edit"),
    path("memberships/<int:pk>/end/", views.membership_end, name="membership_end"),
    path("members/", views.member_list, name="member_list"),
    path("people/<int:pk>/", views.person_detail, name="person_detail"),
    path("people/<int:pk>/merge/", views.person_merge, name="person_merge"),
    path("import/", views.member_import, name="member_import"),
    path("export/", views.member_export, name="member_export"),
    path("organisations/", views.organisation_list, name="organisation_list"),
    path("coverage/<int:pk>/", views.coverage, name="coverage"),
]
