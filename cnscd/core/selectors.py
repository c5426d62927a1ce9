"""Reads of the audit trail, scoped like everything else."""

from django.db.models import QuerySet

from cnscd.core.models import AuditEvent
from cnscd.core.roles import OFFICER_ROLES
from cnscd.core.system import Actor
from cnscd.units.selectors import scope_q


def audit_list(*, actor: Actor) -> QuerySet[AuditEvent]:
    """Events about units in the subtrees the actor manages (operators: all)."""
    return AuditEvent.objects.filter(scope_q(actor, "unit_path", roles=OFFICER_ROLES))
