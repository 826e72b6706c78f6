"""A small hand-made data set for October 2025 whose right answers are written in the tests.

Dossiers (Sở Tư pháp ``so`` with its department ``dept``; Sở Xây dựng ``so2``):
  d1 so   desk   full-online proc  recv 05/10  fee paid online, digitised; result 10/10 early (e-result),
                                    returned 11/10; rated 5 on 12/10
  d2 so   online full              recv 06/10  fee unpaid; result 20/10 on time (no file); rated 2
  d3 so   online partial           recv 07/10  result 25/10 late
  d4 so   post   partial           recv 31/10 23:30, due 31/10 23:45, in progress (overdue at the period's end)
  d5 so   desk   full              recv 01/11 00:10 (November: outside the period)
  d6 so2  online full              recv 15/10, due 20/11, in progress
  d7 dept desk   partial           recv 09/10  fee paid online, due 20/10, in progress (overdue)
Documents of ``so``:
  incoming i1 electronic arrived 02/10 done 05/10 on time; i2 paper arrived 03/10 done 20/10 late;
  i3 electronic arrived 04/10 open; i4 electronic arrived 30/09 done 01/10 on time
  outgoing o1 issued 10/10 signer, sent on the platform + e-mail; o2 issued 11/10 no signer, platform + paper;
  o3 issued 12/10 signer, not sent
"""

from datetime import datetime
from decimal import Decimal
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from dossiers.factories import DossierFactory, OneStopWorld, ProcedureFactory, pdf_upload
from egov.attachments.services import store_upload
from egov.documents.doctypes import ensure_document_types
from egov.documents.models import Channel as DocChannel
from egov.documents.models import Dispatch, DocumentType, IncomingDocument, OutgoingDocument
from egov.dossiers.models import Channel, DossierPaper, DossierResult, Outcome
from egov.dossiers.transitions import Status
from egov.payments.models import PaymentStatus, PaymentTransaction
from egov.procedures.models import Procedure
from egov.services_portal.models import Rating

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(*args) -> datetime:
    return datetime(*args, tzinfo=VN)


class ReportWorld(OneStopWorld):
    def __init__(self):
        super().__init__()
        self.full = self.procedure  # OnlineLevel.FULL
        self.partial = ProcedureFactory(onestop=True, online_level=Procedure.OnlineLevel.PARTIAL, agencies=[self.so])
        self.pdf = store_upload(pdf_upload(), agency=self.so)

    def make(self, agency, channel, procedure, received, **fields):
        values = dict(
            procedure=procedure,
            receiving_agency=self.centre,
            handling_agency=agency,
            current_unit=agency,
            channel=channel,
            received_at=received,
            submitted_at=received,
            due_at=fields.pop("due_at", at(2025, 12, 31, 17)),
        )
        values.update(fields)
        return DossierFactory(**values)

    def finish(self, dossier, when, outcome, *, returned=None):
        dossier.result_at, dossier.outcome = when, outcome
        dossier.status = Status.RETURNED if returned else Status.RESULT_READY
        dossier.returned_at = returned
        dossier.save()

    def rate(self, dossier, score, when):
        rating = Rating.objects.create(dossier=dossier, user=None, score=score)
        Rating.objects.filter(pk=rating.pk).update(created_at=when)

    def pay(self, dossier, when):
        PaymentTransaction.objects.create(
            dossier=dossier,
            amount=dossier.fee_total,
            gateway="sim",
            reference=f"REF{dossier.pk}",
            status=PaymentStatus.PAID,
            paid_at=when,
        )

    def build(self):
        d1 = self.make(self.so, Channel.DESK, self.full, at(2025, 10, 5, 9), fee_total=Decimal(50000))
        self.pay(d1, at(2025, 10, 5, 10))
        DossierPaper.objects.create(dossier=d1, name="Tờ khai", form="original", attachment=self.pdf)
        DossierPaper.objects.create(dossier=d1, name="CCCD", form="copy")
        self.finish(d1, at(2025, 10, 10, 15), Outcome.EARLY, returned=at(2025, 10, 11, 9))
        DossierResult.objects.create(
            dossier=d1, number=1, code=f"{d1.code}-KQ1", title="Phiếu", attachment=self.pdf, issued_at=d1.result_at
        )
        self.rate(d1, 5, at(2025, 10, 12, 8))
        d2 = self.make(self.so, Channel.ONLINE, self.full, at(2025, 10, 6, 9), fee_total=Decimal(50000))
        self.finish(d2, at(2025, 10, 20, 9), Outcome.ON_TIME)
        DossierResult.objects.create(dossier=d2, number=1, code=f"{d2.code}-KQ1", title="Phiếu", issued_at=d2.result_at)
        self.rate(d2, 2, at(2025, 10, 21, 8))
        d3 = self.make(self.so, Channel.ONLINE, self.partial, at(2025, 10, 7, 9))
        self.finish(d3, at(2025, 10, 25, 9), Outcome.LATE)
        d4 = self.make(self.so, Channel.POST, self.partial, at(2025, 10, 31, 23, 30), due_at=at(2025, 10, 31, 23, 45))
        d5 = self.make(self.so, Channel.DESK, self.full, at(2025, 11, 1, 0, 10))
        d6 = self.make(self.so2, Channel.ONLINE, self.full, at(2025, 10, 15, 9), due_at=at(2025, 11, 20, 17))
        d7 = self.make(
            self.dept, Channel.DESK, self.partial, at(2025, 10, 9, 9), fee_total=Decimal(1000), due_at=at(2025, 10, 20)
        )
        self.pay(d7, at(2025, 10, 9, 10))
        self.dossiers = SimpleNamespace(d1=d1, d2=d2, d3=d3, d4=d4, d5=d5, d6=d6, d7=d7)
        self.build_documents()
        return self

    def build_documents(self):
        ensure_document_types()
        kind = DocumentType.objects.get(abbreviation="CV")

        def incoming(channel, arrived, done=None, late=False):
            return IncomingDocument.objects.create(
                agency=self.so,
                document_type=kind,
                subject="Văn bản đến",
                issuer_name="Bộ Tư pháp",
                channel=channel,
                arrival_date=arrived,
                done_at=done,
                done_late=late,
                status="done" if done else "in_progress",
            )

        def outgoing(issued, signer, methods):
            doc = OutgoingDocument.objects.create(
                agency=self.so,
                document_type=kind,
                subject="Văn bản đi",
                author=self.clerk,
                signer=signer,
                issued_at=issued,
                status="issued",
            )
            for method in methods:
                Dispatch.objects.create(document=doc, recipient_name="Nơi nhận", method=method, sent_at=issued)
            return doc

        e, p = DocChannel.ELECTRONIC, DocChannel.PAPER
        self.incoming = [
            incoming(e, at(2025, 10, 2, 8), at(2025, 10, 5, 8)),
            incoming(p, at(2025, 10, 3, 8), at(2025, 10, 20, 8), late=True),
            incoming(e, at(2025, 10, 4, 8)),
            incoming(e, at(2025, 9, 30, 8), at(2025, 10, 1, 8)),
        ]
        m = Dispatch.Method
        self.outgoing = [
            outgoing(at(2025, 10, 10, 8), self.leader, [m.PLATFORM, m.EMAIL]),
            outgoing(at(2025, 10, 11, 8), None, [m.PLATFORM, m.PAPER]),
            outgoing(at(2025, 10, 12, 8), self.leader, []),
        ]


@pytest.fixture
def data(db):
    return ReportWorld().build()
