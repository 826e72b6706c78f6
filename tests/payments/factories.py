"""Payment test data: a citizen's dossier awaiting payment, and signed gateway notifications."""

from decimal import Decimal

from dossiers.factories import DossierFactory
from egov.dossiers.transitions import Status
from egov.payments.contrib.simulator import SimulatorGateway
from egov.payments.contrib.vnpay import sign
from factories import UserFactory

FEE = Decimal(200000)


def awaiting_payment(citizen=None, **fields):
    citizen = citizen or UserFactory()
    values = dict(status=Status.AWAITING_PAYMENT, resume_status=Status.RECEIVED, fee_total=FEE, applicant_user=citizen)
    values.update(fields)
    return DossierFactory(**values)


def simulator():
    return SimulatorGateway.from_settings()


def notification(txn, *, pay=True, amount=None, secret=None, **overrides):
    """The signed IPN parameters the simulator would send for ``txn``."""
    gw = simulator()
    request = {
        "vnp_Amount": str(int((amount if amount is not None else txn.amount) * 100)),
        "vnp_TxnRef": txn.reference,
    }
    params = gw.outcome_params(request, pay=pay)
    params.update(overrides)
    params["vnp_SecureHash"] = sign(params, secret or gw.hash_secret)
    return params
