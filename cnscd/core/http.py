"""Small helpers shared by views: scoped rows, sign-in with a unit, service
errors as messages. Query parameters are read in `cnscd.core.params`."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponseBase
from rest_framework.request import Request

from cnscd.core.params import id_or_404
from cnscd.core.system import NOBODY, Actor


def scoped_get[M: Model](qs: "QuerySet[M]", pk: Any) -> M:
    """Row `pk` of a queryset already narrowed to what the actor may see;
    Http404 for a malformed id or a row out of sight (existence hidden)."""
    found = qs.filter(pk=id_or_404(pk)).first()
    if found is None:
        raise Http404
    return found


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
        if scope_paths(actor_of(request)) == []:
            raise PermissionDenied("Tài khoản chưa được phân công đơn vị nào.")
        return view(request, *args, **kwargs)

    return wrapper


def actor_of(request: "HttpRequest | Request") -> Actor:
    """The signed-in user behind a request, typed as an actor; without sign-in
    `NOBODY`, whom every scope rule shows nothing."""
    from django.contrib.auth.models import AnonymousUser

    user = request.user
    return NOBODY if isinstance(user, AnonymousUser) else user


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
