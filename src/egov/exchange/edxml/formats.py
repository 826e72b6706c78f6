"""The two wire formats side by side: QCVN 102:2016 (``build``/``parse``) and the go.vn/eDoc envelope of provincial
LGSPs (``edoc``). This module chooses between them, so neither format's module imports the other."""

from .build import build_qcvn102
from .edoc import build_edoc, is_edoc, parse_edoc
from .model import DocumentMessage, StatusMessage
from .parse import parse_qcvn102, safe_tree

QCVN102 = "qcvn102"
EDOC = "eDoc"


def build(message: DocumentMessage | StatusMessage, *, format: str = QCVN102) -> bytes:
    """The UTF-8 edXML bytes of ``message`` in ``format`` (``"qcvn102"``, or ``"eDoc"`` for the go.vn/eDoc
    envelope of provincial LGSPs); raises ``EdxmlInvalid`` when it breaks the standard."""
    if format == EDOC:
        return build_edoc(message)
    if format != QCVN102:
        raise ValueError(f"unknown edXML format {format!r}")
    return build_qcvn102(message)


def parse(data: bytes) -> DocumentMessage | StatusMessage:
    """The message in ``data`` (QCVN 102:2016 or the go.vn/eDoc envelope). Raises ``EdxmlError`` (with paths)
    when it cannot be read at all; whether the message follows the standard is ``validate``'s question."""
    return read(data)[1]


def read(data: bytes) -> tuple[str, DocumentMessage | StatusMessage]:
    """``(format, message)``: the format read (``"qcvn102"`` or ``"eDoc"``) and the message."""
    root = safe_tree(data)
    if is_edoc(root):
        return EDOC, parse_edoc(root)
    return QCVN102, parse_qcvn102(root)
