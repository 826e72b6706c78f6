"""Keep the daily facts up to date from domain events.

Each handler recomputes the (agency, day) buckets the event's object counts in, from the raw tables,
and replaces them (``facts.refresh``): running it twice, or out of order, leaves the same rows.
"""

from egov.events.registry import subscriber

from . import facts


def dossier_days(dossier) -> list:
    days = [facts.local_day(dossier.received_at), facts.local_day(dossier.result_at)]
    days.append(facts.local_day(dossier.returned_at))
    rating = getattr(dossier, "rating", None)
    if rating is not None:
        days.append(facts.local_day(rating.created_at))
    return days


def refresh_dossier(dossier_id) -> None:
    from egov.dossiers.models import Dossier

    dossier = Dossier.objects.select_related("rating").filter(pk=dossier_id).first()
    if dossier is not None:
        facts.refresh(facts.DOSSIERS, dossier.handling_agency_id, dossier_days(dossier))


@subscriber("dossier.*", name="reports.dossier_facts")
def dossier_facts(event):
    if event.aggregate_id:
        refresh_dossier(event.aggregate_id)


@subscriber("payment.paid", name="reports.payment_facts")
def payment_facts(event):
    dossier_id = (event.payload or {}).get("dossier")
    if dossier_id:
        refresh_dossier(dossier_id)


@subscriber("document.incoming.*", name="reports.incoming_facts")
def incoming_facts(event):
    from egov.documents.models import IncomingDocument

    document = IncomingDocument.objects.filter(pk=event.aggregate_id).first() if event.aggregate_id else None
    if document is not None:
        days = [facts.local_day(document.arrival_date), facts.local_day(document.done_at)]
        facts.refresh(facts.DOCUMENTS, document.agency_id, days)


@subscriber("document.outgoing.*", name="reports.outgoing_facts")
def outgoing_facts(event):
    from egov.documents.models import OutgoingDocument

    document = OutgoingDocument.objects.filter(pk=event.aggregate_id).first() if event.aggregate_id else None
    if document is not None:
        facts.refresh(facts.DOCUMENTS, document.agency_id, [facts.local_day(document.issued_at)])
