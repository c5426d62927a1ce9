from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from cnscd.activities.api import ActivityViewSet
from cnscd.evaluation.api import EvaluationView, TargetProgressView
from cnscd.indicators.api import PivotView
from cnscd.reports.api import ReportDetailView, ReportDownloadView, ReportListView
from cnscd.teams.api import (
    BodyViewSet,
    CoverageView,
    MembershipViewSet,
    OrganisationViewSet,
    PersonViewSet,
)
from cnscd.units.api import UnitViewSet

router = DefaultRouter()
router.include_root_view = False
router.include_format_suffixes = False
router.register("units", UnitViewSet, basename="unit")
router.register("bodies", BodyViewSet, basename="body")
router.register("people", PersonViewSet, basename="person")
router.register("memberships", MembershipViewSet, basename="membership")
router.register("organisations", OrganisationViewSet, basename="organisation")
router.register("activities", ActivityViewSet, basename="activity")

app_name = "api"
urlpatterns = [
    path("", include(router.urls)),
    path("coverage/<id:unit_id>/", CoverageView.as_view(), name="coverage"),
    path("pivot/", PivotView.as_view(), name="pivot"),
    path("evaluation/", EvaluationView.as_view(), name="evaluation"),
    path("targets/", TargetProgressView.as_view(), name="targets"),
    path("reports/", ReportListView.as_view(), name="reports"),
    path("reports/<id:pk>/", ReportDetailView.as_view(), name="report"),
    path(
        "reports/<id:pk>/download/",
        ReportDownloadView.as_view(),
        name="report_download",
    ),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"
    ),
]
