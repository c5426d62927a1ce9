from typing import Any

from rest_framework.permissions import BasePermission

from cnscd.units.selectors import scope_paths


class HasScope(BasePermission):
    """Signed in, active, and assigned to at least one unit (or an operator).

    A user without any assignment sees nothing and is told so (403).
    """

    message = "Tài khoản chưa được phân công đơn vị nào."

    def has_permission(self, request: Any, view: Any) -> bool:
        user = request.user
        if not (user and user.is_authenticated and user.is_active):
            return False
        return scope_paths(user) != []
