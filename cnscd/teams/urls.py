from django.urls import path

from cnscd.teams import member_views, views

app_name = "teams"
urlpatterns = [
    path("", views.body_list, name="body_list"),
    path("new/", views.body_create, name="body_create"),
    path("<id:pk>/", views.body_detail, name="body_detail"),
    path("<id:pk>/edit/", views.body_edit, name="body_edit"),
    path("<id:pk>/status/", views.body_status, name="body_status"),
    path("<id:pk>/decisions/new/", views.decision_create, name="decision_create"),
    path("<id:pk>/members/new/", member_views.member_add, name="member_add"),
    path("decisions/<id:pk>/scan/", views.decision_scan, name="decision_scan"),
    path(
        "memberships/<id:pk>/edit/",
        member_views.membership_edit,
        name="membership_edit",
    ),
    path(
        "memberships/<id:pk>/end/", member_views.membership_end, name="membership_end"
    ),
    path("members/", member_views.member_list, name="member_list"),
    path("people/<id:pk>/", member_views.person_detail, name="person_detail"),
    path("people/<id:pk>/merge/", member_views.person_merge, name="person_merge"),
    path("import/", views.member_import, name="member_import"),
    path("export/", views.member_export, name="member_export"),
    path("organisations/", views.organisation_list, name="organisation_list"),
    path("coverage/<id:pk>/", views.coverage, name="coverage"),
]
