"""Benchmark of edXML (``egov bench edxml``): messages built and parsed per second with a 2 MB attachment
(validation, base64, the safe parser, the tolerant reader, the dataclasses), against lxml parsing the same
bytes with the same safe parser settings in the same run (the floor any edXML reader pays)."""

import os
from datetime import date

from lxml import etree

from egov.core.benchmarking import BenchContext, Measurement, scenario

from . import edxml

ATTACHMENT_BYTES = 2 * 1024 * 1024


def sample_message() -> edxml.DocumentMessage:
    header = edxml.MessageHeader(
        from_=edxml.Organization(organ_id="000.00.11.H97", organ_name="Sở Tư pháp"),
        to=[edxml.Organization(organ_id="000.00.00.G12", organ_name="Bộ Tư pháp")],
        document_id="000.00.11.H97,2026/04/06,01/QĐ-STP",
        code=edxml.Code(code_number="01", code_notation="QĐ-STP"),
        promulgation_info=edxml.PromulgationInfo(place="Văn Thư", promulgation_date=date(2026, 4, 6)),
        document_type=edxml.DocumentType(type=1, type_name="Quyết định"),
        subject="Quyết định phê duyệt kế hoạch kiểm tra năm 2026",
        signer_info=edxml.SignerInfo(position="Giám đốc", full_name="Nguyễn Văn Ký"),
        to_places=["Bộ Tư pháp"],
        other_info=edxml.OtherInfo(priority=0),
    )
    data = b"%PDF-1.7\n" + os.urandom(ATTACHMENT_BYTES - 9)
    return edxml.DocumentMessage(
        header=header, attachments=[edxml.Attachment("1", "quyet-dinh.pdf", "application/pdf", data)]
    )


@scenario("edxml", unit="messages/s", baseline="lxml parse of the same bytes")
def edxml_round_trip(ctx: BenchContext) -> Measurement:
    """edXML build + parse with a 2 MB attachment vs lxml parsing the same bytes."""
    message = sample_message()
    n = ctx.n(20)
    body = edxml.build(message)

    def ours():
        for _ in range(n):
            parsed = edxml.parse(edxml.build(message))
        assert parsed.attachments[0].data == message.attachments[0].data

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)

    def bare():
        for _ in range(n):
            etree.fromstring(body, parser)

    ours(), bare()  # warm up
    measured = n / ctx.timed(ours)
    baseline = n / ctx.timed(bare)
    return Measurement(measured=measured, baseline=baseline, note=f"{n} messages of {len(body) / 1e6:.1f} MB")
