from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from cnscd.accounts.selectors import can_manage_users
from cnscd.core.selectors import audit_list


def home(request: HttpRequest) -> HttpResponse:
    return redirect("units:tree")


@login_required
def audit(request: HttpRequest) -> HttpResponse:
    """The audit trail of the actor's subtree, 50 events a page."""
    if not can_manage_users(request.user):
        raise Http404
    page = Paginator(audit_list(actor=request.user), 50).get_page(
        request.GET.get("page")
    )
    return render(request, "core/audit.html", {"page": page})
