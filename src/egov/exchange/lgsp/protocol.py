"""The wire of a provincial LGSP (Nền tảng tích hợp, chia sẻ dữ liệu cấp tỉnh) for document exchange, written
once for the client and the simulator.

What public implementations show (the VNPT "VXP" SDK as called by its users, docs/exchange.md#lgsp): a system
is configured with the platform's endpoint, a **system id** (mã trung tâm liên thông) and a **secret key**; the
operations are ``sendEdoc`` (header ``from`` = the sending OrganId, ``servicetype`` "eDoc", ``messagetype``
"edoc" or "status", the edXML file), ``getReceivedEdocList`` (the documents waiting for us: DocId, from,
messagetype, created_time), ``getEdoc`` (one by ``docId``) and ``updateStatus`` (``docId``, ``status`` "done",
"fail" or "processing", ``description``); every answer has ``status`` "OK" or "FAIL" with ``ErrorCode`` and
``ErrorDesc``, and ``sendEdoc`` answers the new ``DocId``. Status messages (QCVN 102 01–06, 13, 15, 16) travel
as edXML packets of messagetype "status" through the same ``sendEdoc``.

What we had to assume (the SDK hides its HTTP): each operation is ``<endpoint>/<operation>``; the SDK's JSON
"header" fields travel as HTTP headers of the same (lower-case) names, next to ``systemid`` and ``secret``;
``sendEdoc`` carries the edXML as the request body; ``getEdoc`` answers the edXML base64-encoded in ``data``;
``updateStatus`` carries ``description`` in a JSON body (header values are ASCII only).
"""

from dataclasses import dataclass

HEADER_SYSTEM_ID = "systemid"
HEADER_SECRET = "secret"
HEADER_FROM = "from"  # the OrganId acting: the sender (sendEdoc), the receiver whose queue is read (the others)
HEADER_TO = "to"  # receivers of sendEdoc, comma-separated OrganIds
HEADER_SERVICE_TYPE = "servicetype"
HEADER_MESSAGE_TYPE = "messagetype"
HEADER_DOC_ID = "docid"

SERVICE_TYPE = "eDoc"
EDOC, STATUS = "edoc", "status"  # messagetype
MESSAGE_TYPES = (EDOC, STATUS)

SEND, LIST, GET, UPDATE = "sendEdoc", "getReceivedEdocList", "getEdoc", "updateStatus"
OPERATIONS = (SEND, LIST, GET, UPDATE)

OK, FAIL = "OK", "FAIL"
DONE, FAILED, PROCESSING = "done", "fail", "processing"  # updateStatus values
ACK_STATUSES = (DONE, FAILED, PROCESSING)

# ErrorCode of a refused call (ours: the platform's own codes are not public).
ERROR_AUTH = "401"
ERROR_BAD_REQUEST = "400"
ERROR_NOT_FOUND = "404"
ERROR_BUSY = "503"


@dataclass(frozen=True)
class ListedEdoc:
    """One row of ``getReceivedEdocList``."""

    doc_id: str
    sender: str = ""
    message_type: str = EDOC
    created_time: str = ""

    @classmethod
    def from_json(cls, row: dict) -> "ListedEdoc":
        doc_id = str(row.get("DocId") or row.get("docId") or row.get("id") or "")
        return cls(
            doc_id=doc_id,
            sender=str(row.get("from") or ""),
            message_type=str(row.get("messagetype") or EDOC).lower(),
            created_time=str(row.get("created_time") or ""),
        )

    def to_json(self) -> dict:
        return {
            "DocId": self.doc_id,
            "from": self.sender,
            "messagetype": self.message_type,
            "created_time": self.created_time,
        }


def answer(status: str = OK, *, error_code: str = "", error_desc: str = "", **fields) -> dict:
    """The platform's answer form: ``{"status": "OK"|"FAIL", "ErrorCode", "ErrorDesc", ...}``."""
    return {"status": status, "ErrorCode": error_code, "ErrorDesc": error_desc, **fields}
