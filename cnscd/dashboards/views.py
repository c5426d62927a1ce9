"""The dashboard of a unit, and a province's public page of aggregates."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from cnscd.core.http import actor_of, errors_as_messages, scoped_login_required
from cnscd.core.params import parse_period_param, parse_text_param
from cnscd.core.roles import NON_PARTNER_ROLES
from cnscd.core.system import SYSTEM
from cnscd.dashboards import services
from cnscd.dashboards.models import PublicPage
from cnscd.dashboards.selectors import dashboard
from cnscd.units.choices import Level
from cnscd.units.models import AdministrativeUnit
from cnscd.units.selectors import can_manage, unit_get_for


def _render(
    request: HttpRequest, unit: AdministrativeUnit, *, public: bool
) -> HttpResponse:
    period = parse_period_param(request.GET.get("period", ""), until=unit.valid_until)
    board = dashboard(
        actor=SYSTEM if public else actor_of(request),
        unit=unit,
        period=period,
        indicator_code=parse_text_param(request, "indicator"),
    )
    colour = "band" if request.GET.get("map") == "band" else "value"
    page = PublicPage.objects.filter(unit=unit).first()
    return render(
        request,
        "dashboards/page.html",
        {
            "unit": unit,
            "period": period,
            "board": board,
            "chart": {**board.chart_data(), "colour": colour},
            "colour": colour,
            "public": public,
            "public_page": page,
            "can_publish": not public
            and unit.level == Level.PROVINCE
            and can_manage(actor_of(request), unit),
        },
    )


@scoped_login_required
@require_GET
def page(request: HttpRequest) -> HttpResponse:
    return _render(
        request,
        unit_get_for(
            actor=actor_of(request), pk=request.GET.get("unit"), roles=NON_PARTNER_ROLES
        ),
        public=False,
    )


@scoped_login_required
@require_POST
def publish(request: HttpRequest) -> HttpResponse:
    unit = unit_get_for(
        actor=actor_of(request), pk=request.POST.get("unit"), roles=NON_PARTNER_ROLES
    )
    with errors_as_messages(request):
        enabled = request.POST.get("enabled") == "1"
        services.public_page_set(actor=actor_of(request), unit=unit, enabled=enabled)
        messages.success(
            request,
            "Đã bật trang công khai." if enabled else "Đã tắt trang công khai.",
        )
    return redirect(f"/dashboard/?unit={unit.pk}")


@require_GET
def public(request: HttpRequest, pk: int) -> HttpResponse:
    """Aggregates only, no sign-in; 404 unless the province switched it on."""
    found = (
        PublicPage.objects.filter(unit_id=pk, enabled=True, unit__level=Level.PROVINCE)
        .select_related("unit")
        .first()
    )
    if found is None:
        raise Http404
    return _render(request, found.unit, public=True)
