"""The local hub simulator (demo and tests): it accepts every message at once and makes the recipient answer
the way a real one would — 01 (arrived) to a new document, 15 (revoke agreed) to a revoke — through the
same receiving code as a real answer."""

from django.utils import timezone

from . import edxml
from .transports import register_transport


def deliver(message, body: bytes) -> None:
    from .services import receive

    parsed = edxml.parse(body)
    if not isinstance(parsed, edxml.DocumentMessage):
        return  # a status for a simulated agency: nothing to answer
    code = {
        edxml.BusinessType.NEW: edxml.StatusCode.ARRIVED,
        edxml.BusinessType.REVOKE: edxml.StatusCode.REVOKE_AGREED,
    }.get(parsed.business.doc_type)
    if code is None:
        return
    peer = message.peer
    answer = edxml.StatusMessage(
        edxml.Status(
            response_for=edxml.ResponseFor(organ_id=message.local_agency.code, document_id=parsed.document_id),
            from_=edxml.Organization(organ_id=peer.organ_id, organ_name=peer.name[:200]),
            staff_info=edxml.StaffInfo(staff="Trục liên thông (mô phỏng)"),
            status_code=code.value,
            description=edxml.STATUS_LABELS[code.value],
            timestamp=timezone.now().replace(microsecond=0),
        ),
        [edxml.TraceHeader(organ_id=peer.organ_id, timestamp=timezone.now())],
    )
    receive(edxml.build(answer), peer=peer)


class SimulatorTransport:
    """A local hub: the message is accepted at once and the recipient answers as a real one would (01 for
    a new document, 15 for a revoke), through the same receiving code as a real answer."""

    name = "simulator"

    def send(self, message, body: bytes) -> None:
        deliver(message, body)


register_transport("simulator", SimulatorTransport)
