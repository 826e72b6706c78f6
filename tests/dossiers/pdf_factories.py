"""Dossier rows made directly (no services): what the PDF forms read, in any state a test wants."""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import factory
from factory.django import DjangoModelFactory

from egov.agencies.models import Agency
from egov.dossiers.models import DossierPaper, Handover
from egov.dossiers.transitions import Status
from egov.procedures.models import Procedure
from factories import AdministrativeUnitFactory, AgencyFactory
from procedures import factories as procedures_factories

from . import factories as dossier_factories

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(*args) -> datetime:
    return datetime(*args, tzinfo=VN)


class SectorFactory(procedures_factories.SectorFactory):
    code = "HT"
    name = "Hộ tịch"


class ProcedureFactory(procedures_factories.ProcedureFactory):
    """The suite's procedure factory with the defaults the printed forms show: a commune birth registration."""

    code = factory.Sequence(lambda n: f"1.{n:06d}")
    name = "Thủ tục đăng ký khai sinh"
    sector = factory.SubFactory(SectorFactory)
    level = Procedure.Level.COMMUNE
    competent_authority = "Ủy ban nhân dân cấp xã"
    processing_time = Decimal("3")


class CentreFactory(AgencyFactory):
    """A commune service centre under its people's committee."""

    name = "Trung tâm phục vụ hành chính công xã Hòa Bình"
    abbreviation = "TTPVHCC"
    kind = Agency.Kind.SERVICE_CENTER
    address = "Số 1 đường Lê Lợi, xã Hòa Bình"
    phone = "0219 3860 000"
    parent = factory.SubFactory(
        AgencyFactory,
        name="Ủy ban nhân dân xã Hòa Bình",
        kind=Agency.Kind.PEOPLES_COMMITTEE,
        administrative_unit=factory.SubFactory(AdministrativeUnitFactory, name="Xã Hòa Bình", level="commune"),
    )
    administrative_unit = factory.SelfAttribute("parent.administrative_unit")


class DossierFactory(dossier_factories.DossierFactory):
    """The suite's dossier factory, fixed for the printed forms: a birth registration received at a commune
    centre on 15/01/2024 08:30, due 18/01/2024 08:30."""

    code = factory.Sequence(lambda n: f"000.31.30.H98-240115-{n + 1:04d}")
    procedure = factory.SubFactory(ProcedureFactory)
    receiving_agency = factory.SubFactory(CentreFactory)
    handling_agency = factory.SelfAttribute("receiving_agency.parent")
    current_unit = factory.SelfAttribute("receiving_agency")
    applicant_name = "Nguyễn Thị Hồng Nhung"
    applicant_id_number = "001190012345"
    applicant_phone = "0912345678"
    applicant_address = "Thôn Đông, xã Hòa Bình, tỉnh Thử"
    received_at = at(2024, 1, 15, 8, 30)
    due_at = at(2024, 1, 18, 8, 30)
    fee_total = Decimal("0")


class DossierPaperFactory(DjangoModelFactory):
    class Meta:
        model = DossierPaper

    dossier = factory.SubFactory(DossierFactory)
    name = "Tờ khai đăng ký khai sinh"
    form = "original"
    count = 1


class HandoverFactory(DjangoModelFactory):
    class Meta:
        model = Handover

    dossier = factory.SubFactory(DossierFactory)
    action = "receive"
    to_status = Status.RECEIVED
    at = at(2024, 1, 15, 8, 30)
    to_unit = factory.SelfAttribute("dossier.receiving_agency")
