from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views import defaults

from cnscd.accounts.selectors import can_manage_users
from cnscd.core.http import actor_of
from cnscd.core.params import ParameterError, parse_page_param
from cnscd.core.selectors import audit_list


def home(request: HttpRequest) -> HttpResponse:
    return redirect("units:tree")


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The 400 page. A parameter `cnscd.core.params` refused says in Vietnamese
    what was wrong; other refusals (Django's own are in English and not meant
    for users) keep the generic page."""
    if not isinstance(exception, ParameterError):
        return defaults.bad_request(request, exception)
    return render(request, "400.html", {"exception": str(exception)}, status=400)


@login_required
def audit(request: HttpRequest) -> HttpResponse:
    """The audit trail of the actor's subtree, 50 events a page."""
    if not can_manage_users(actor_of(request)):
        raise Http404
    page = Paginator(audit_list(actor=actor_of(request)), 50).get_page(
        parse_page_param(request)
    )
    return render(request, "core/audit.html", {"page": page})
