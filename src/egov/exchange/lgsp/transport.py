"""The ``lgsp`` transport: an exchange message leaves through the provincial LGSP (``sendEdoc``).

A new document goes as the go.vn/eDoc envelope (``EGOV_EXCHANGE_LGSP_FORMAT``, default ``eDoc``); what eDoc
cannot carry goes as QCVN 102 edXML, as public LGSP clients send it: status messages (messagetype "status") and
revoke/update/replace (eDoc has no ``Bussiness``, a revoke would arrive as a new document). A refused or
unanswered call raises ``TransportError``: the message stays queued and the outbox tries again with back-off.
"""

from django.conf import settings

from egov.exchange import edxml
from egov.exchange.transports import TransportError, register_transport

from . import protocol as p
from .client import HttpLgspClient, LgspError, get_client


def wire_body(body: bytes) -> tuple[bytes, str]:
    """``(bytes to send, messagetype)`` for the QCVN 102 edXML ``body`` of a queued message."""
    message = edxml.parse(body)
    if isinstance(message, edxml.StatusMessage):
        return body, p.STATUS
    if settings.EXCHANGE_LGSP_FORMAT == edxml.EDOC and message.business.doc_type == edxml.BusinessType.NEW:
        return edxml.build(message, format=edxml.EDOC), p.EDOC
    return body, p.EDOC


class LgspTransport:
    """Send through the provincial LGSP with its system id and secret key (docs/exchange.md#lgsp)."""

    name = "lgsp"

    @classmethod
    def configuration_errors(cls) -> list[str]:
        return HttpLgspClient.configuration_errors() if settings.EXCHANGE_LGSP_CLIENT == "http" else []

    def send(self, message, body: bytes) -> None:
        data, message_type = wire_body(body)
        try:
            get_client().send(
                data, sender=message.local_agency.code, receivers=[message.peer.organ_id], message_type=message_type
            )
        except LgspError as exc:
            raise TransportError(str(exc)) from None


register_transport("lgsp", LgspTransport)
