"""Pages for the unit tree, unit detail, search and villages (thin: selectors do
the reading, services the writing)."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from cnscd.core import uploads
from cnscd.core.concurrency import StaleVersion
from cnscd.core.http import actor_of, scoped_login_required
from cnscd.core.params import parse_date_param, parse_text_param
from cnscd.core.roles import OFFICER_ROLES
from cnscd.core.spreadsheets import MAX_UPLOAD_BYTES
from cnscd.units import selectors, services
from cnscd.units.choices import REFORM_DATE, Level, UnitType
from cnscd.units.forms import VillageForm, VillageImportForm

LEGACY_LAST_DAY = REFORM_DATE - dt.timedelta(days=1)


def _as_of(request: HttpRequest) -> dt.date:
    return parse_date_param(request, "as_of") or selectors.default_as_of(
        actor_of(request)
    )


def _structure_links(as_of: dt.date) -> dict[str, object]:
    today = timezone.localdate()
    return {
        "as_of": as_of,
        "is_legacy_view": as_of < REFORM_DATE,
        "legacy_as_of": LEGACY_LAST_DAY,
        "current_as_of": today if today >= REFORM_DATE else REFORM_DATE,
    }


@scoped_login_required
def tree(request: HttpRequest) -> HttpResponse:
    """The top of the user's tree, or search results when `q` is given."""
    as_of = _as_of(request)
    q = parse_text_param(request, "q")
    context = {
        **_structure_links(as_of),
        "q": q,
        "children": selectors.tree_roots(actor=actor_of(request), as_of=as_of),
        "results": selectors.unit_search(actor=actor_of(request), q=q, as_of=as_of)
        if q
        else None,
    }
    if (
        getattr(request, "htmx", False)
        and q is not None
        and request.GET.get("partial") == "results"
    ):
        return render(request, "units/tree.html#results", context)
    return render(request, "units/tree.html", context)


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One unit: what it is, where it sits, its children with counts."""
    unit = selectors.unit_get_for(actor=actor_of(request), pk=pk)
    as_of = _as_of(request)
    if not unit.is_valid_on(as_of):
        as_of = unit.valid_until or unit.valid_from or as_of
    context = {
        **_structure_links(as_of),
        "unit": unit,
        "crumbs": selectors.unit_ancestors(actor=actor_of(request), unit=unit),
        "children": selectors.unit_children(
            actor=actor_of(request), unit=unit, as_of=as_of
        ),
        "successors": selectors.unit_successors(unit),
        "predecessors": selectors.unit_predecessors(unit),
        "can_manage": selectors.can_manage(actor_of(request), unit),
        "history": selectors.unit_history(actor=actor_of(request), unit=unit),
        "Level": Level,
    }
    return render(request, "units/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def village_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a village under a commune the user manages."""
    commune = selectors.unit_get_for(actor=actor_of(request), pk=pk)
    if commune.level != Level.COMMUNE or not selectors.can_manage(
        actor_of(request), commune
    ):
        raise Http404
    form = VillageForm(request.POST or None, initial={"unit_type": UnitType.THON})
    if request.method == "POST" and form.is_valid():
        try:
            village = services.village_create(
                actor=actor_of(request),
                commune=commune,
                name=form.cleaned_data["name"],
                unit_type=form.cleaned_data["unit_type"],
            )
        except ValidationError as exc:
            form.add_error("name", exc.messages[0])
        else:
            messages.success(request, f"Đã thêm {village.name}.")
            return redirect("units:detail", pk=commune.pk)
    return render(request, "units/village_form.html", {"form": form, "parent": commune})


@login_required
@require_http_methods(["GET", "POST"])
def village_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Rename a village; a concurrent change is refused, not overwritten."""
    village = selectors.unit_get_for(actor=actor_of(request), pk=pk)
    if village.level != Level.VILLAGE or not selectors.can_manage(
        actor_of(request), village
    ):
        raise Http404
    initial = {
        "name": village.name,
        "unit_type": village.unit_type,
        "version": village.version,
    }
    form = VillageForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.village_update(
                actor=actor_of(request),
                village=village,
                name=form.cleaned_data["name"],
                unit_type=form.cleaned_data["unit_type"],
                version=form.cleaned_data["version"] or 0,
            )
        except StaleVersion as exc:
            messages.error(request, exc.message)
            return redirect("units:village_edit", pk=village.pk)
        except ValidationError as exc:
            form.add_error("name", exc.messages[0])
        else:
            messages.success(request, "Đã lưu thay đổi.")
            return redirect("units:detail", pk=village.pk)
    return render(
        request,
        "units/village_form.html",
        {"form": form, "parent": village.parent, "village": village},
    )


IMPORT_PURPOSE = "village_import"


@login_required
@require_http_methods(["GET", "POST"])
def village_import(request: HttpRequest) -> HttpResponse:
    """Upload → dry run shown row by row → confirm: all rows stored or none."""
    if not request.user.is_superuser and not selectors.scope_paths(
        actor_of(request), roles=OFFICER_ROLES
    ):
        raise Http404
    form = VillageImportForm(request.POST or None, request.FILES or None)
    result, token = None, ""
    if request.method == "POST" and request.POST.get("confirm") == "1":
        kept = uploads.fetch(
            request.session, IMPORT_PURPOSE, request.POST.get("token", "")
        )
        if kept is None:
            messages.error(request, "Phiên nhập đã hết hạn; hãy tải tệp lên lại.")
            return redirect("units:village_import")
        result = _run_import(request, kept[0], kept[1], dry_run=False)
        uploads.discard(request.session, IMPORT_PURPOSE)  # stored, or refused
        if result is not None and result.stored:
            messages.success(
                request,
                f"Đã nhập {len(result.created)} thôn, tổ dân phố mới "
                f"({len(result.unchanged)} đã có, giữ nguyên).",
            )
            return redirect("units:village_import")
    elif request.method == "POST" and form.is_valid():
        upload: UploadedFile[bytes] = form.cleaned_data["file"]
        data = upload.read(MAX_UPLOAD_BYTES + 1)
        result = _run_import(request, data, upload.name or "", dry_run=True, form=form)
        if result is not None and not result.rejected:
            token = uploads.keep(
                request.session, IMPORT_PURPOSE, data, upload.name or ""
            )
    return render(
        request,
        "units/village_import.html",
        {"form": form, "result": result, "token": token},
    )


def _run_import(
    request: HttpRequest,
    data: bytes,
    filename: str,
    *,
    dry_run: bool,
    form: VillageImportForm | None = None,
) -> services.VillageImportResult | None:
    try:
        return services.villages_import(
            actor=actor_of(request), data=data, filename=filename, dry_run=dry_run
        )
    except ValidationError as exc:
        if form is not None:
            form.add_error("file", exc.messages[0])
        else:
            messages.error(request, exc.messages[0])
        return None
