"""Sign one-stop results with the handling agency's certificate as soon as the leader approves them, so the
result is signed before it is returned (runs in the outbox dispatcher, once per approval)."""

import logging

from django.core.exceptions import ValidationError

from egov.dossiers.models import DossierResult
from egov.events.registry import subscriber

from .services import sign_dossier_result

logger = logging.getLogger(__name__)


@subscriber("dossier.approve", name="signatures.sign_dossier_results")
def sign_approved_results(event):
    results = DossierResult.objects.filter(
        dossier_id=event.aggregate_id, attachment__content_type="application/pdf"
    ).select_related("dossier__handling_agency__administrative_unit", "attachment")
    for result in results:
        try:
            sign_dossier_result(result, actor=None)
        except ValidationError as exc:  # no usable certificate: the result stays unsigned, visibly so
            logger.warning("result %s not signed: %s", result.code, "; ".join(exc.messages))
