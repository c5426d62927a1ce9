"""Small helpers shared by views: parsing query parameters with Vietnamese errors."""

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from django.core.exceptions import BadRequest
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponseBase

if TYPE_CHECKING:
    from cnscd.core.periods import Period


def scoped_get[M: Model](qs: "QuerySet[M]", pk: Any) -> M:
    """Row `pk` of a queryset already narrowed to what the actor may see;
    Http404 for a malformed id or a row out of sight (existence hidden)."""
    try:
        found = qs.filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        raise Http404 from None
    if found is None:
        raise Http404
    return found


def parse_date_param(request: HttpRequest, name: str) -> dt.date | None:
    """A YYYY-MM-DD (or DD/MM/YYYY) query parameter; BadRequest (400) if malformed."""
    from cnscd.core.formatting import parse_date

    raw = request.GET.get(name, "").strip()
    if not raw:
        return None
    if (day := parse_date(raw)) is not None:
        return day
    raise BadRequest(
        f"Ngày “{raw[:20]}” không hợp lệ: dùng dạng ngày/tháng/năm, ví dụ 30/6/2025."
    )


def parse_period_param(raw: str, default: str = "2023S1") -> "Period":
    """A period in DHIS2 notation ("2023S1", "202306"…), the default when blank;
    BadRequest (400) with the notations that exist otherwise."""
    from cnscd.core.periods import PeriodError, parse_period

    try:
        return parse_period(raw.strip() or default)
    except PeriodError as exc:
        raise BadRequest(str(exc)) from exc


def parse_choice_param(
    request: HttpRequest, name: str, choices: list[str]
) -> str | None:
    """A query parameter that must be one of `choices`; BadRequest if not."""
    raw = request.GET.get(name, "").strip()
    if not raw:
        return None
    if raw not in choices:
        raise BadRequest(f"Giá trị “{raw[:20]}” của tham số “{name}” không hợp lệ.")
    return raw


def scoped_login_required[ResponseT: HttpResponseBase](
    view: Callable[..., ResponseT],
) -> Callable[..., ResponseT]:
    """Signed in (else to the login page) and assigned to at least one unit
    (else 403 with a Vietnamese message, SECURITY Z10)."""
    from functools import wraps

    from django.contrib.auth.decorators import login_required
    from django.core.exceptions import PermissionDenied

    from cnscd.units.selectors import scope_paths

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> ResponseT:
        if scope_paths(request.user) == []:
            raise PermissionDenied("Tài khoản chưa được phân công đơn vị nào.")
        return view(request, *args, **kwargs)

    return wrapper


@contextmanager
def errors_as_messages(request: HttpRequest) -> Iterator[None]:
    """Around a service call from a form: a stale edit or a refused value
    becomes a Vietnamese message on the next page; a refusal of the actor
    answers 404 (existence hidden)."""
    from django.contrib import messages
    from django.core.exceptions import PermissionDenied, ValidationError
    from django.http import Http404

    from cnscd.core.concurrency import StaleVersion

    try:
        yield
    except StaleVersion as exc:
        messages.error(request, exc.message)
    except PermissionDenied as exc:
        raise Http404 from exc
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
