from django.urls import path

from cnscd.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.user_list, name="user_list"),
    path("new/", views.user_create, name="user_create"),
    path("assign/", views.assign, name="assign"),
    path("me/token/", views.api_token, name="api_token"),
    path("<id:pk>/", views.user_detail, name="user_detail"),
    path("<id:pk>/active/", views.user_toggle_active, name="user_toggle_active"),
    path("<id:pk>/password/", views.user_reset_password, name="user_reset_password"),
    path(
        "<id:pk>/assignments/<id:assignment_pk>/delete/",
        views.assignment_remove,
        name="assignment_remove",
    ),
]
