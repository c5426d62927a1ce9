from django.urls import include, path

from cnscd.accounts.views import SecondFactorView
from cnscd.core.views import home

handler400 = "cnscd.core.views.bad_request"
handler404 = "cnscd.api.errors.page_not_found"

urlpatterns = [
    path("", home, name="home"),
    # Before allauth's own URLs: the same path and name, with a limit on wrong
    # codes (cnscd.accounts.views.SecondFactorView).
    path(
        "accounts/2fa/authenticate/",
        SecondFactorView.as_view(),
        name="mfa_authenticate",
    ),
    path("accounts/", include("allauth.urls")),
    path("units/", include("cnscd.units.urls")),
    path("teams/", include("cnscd.teams.urls")),
    path("indicators/", include("cnscd.indicators.urls")),
    path("evaluation/", include("cnscd.evaluation.urls")),
    path("activities/", include("cnscd.activities.urls")),
    path("reports/", include("cnscd.reports.urls")),
    path("", include("cnscd.dashboards.urls")),
    path("users/", include("cnscd.accounts.urls")),
    path("audit/", include("cnscd.core.urls")),
    path("api/v1/", include("cnscd.api.urls")),
]
