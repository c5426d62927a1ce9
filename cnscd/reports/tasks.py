"""Background jobs (django.tasks; the database backend's `cnscd db_worker`
runs them)."""

from django.tasks import task

from cnscd.reports.models import GeneratedReport


@task()
def generate_report(file_id: int) -> None:
    """Make a report file requested on a page or through the API."""
    from cnscd.reports.services import generate

    row = GeneratedReport.objects.select_related("document__unit", "requested_by").get(
        pk=file_id
    )
    generate(row)
