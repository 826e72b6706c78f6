"""The demo catalogue loads after the demo province, is realistic enough, and loads idempotently."""

import json

import pytest

from egov.agencies.demo import load_demo_province
from egov.agencies.models import Agency
from egov.audit.models import AuditRecord
from egov.procedures import demo
from egov.procedures.models import Procedure
from egov.procedures.records import catalogue_queryset

pytestmark = pytest.mark.django_db

COMMUNES = {"000.00.31.H99", "000.00.32.H99", "000.00.33.H99", "000.00.34.H99"}


@pytest.fixture
def loaded():
    load_demo_province()
    assert demo.load_demo() == []
    return list(catalogue_queryset())


def test_demo_catalogue_has_at_least_30_procedures_at_both_levels(loaded):
    assert len(loaded) >= 30
    levels = {p.level for p in loaded}
    assert levels == {Procedure.Level.PROVINCE, Procedure.Level.COMMUNE}
    assert len({p.sector_id for p in loaded}) >= 10
    assert {p.time_unit for p in loaded} == {Procedure.TimeUnit.WORKING_DAYS, Procedure.TimeUnit.WORKING_HOURS}
    assert {p.online_level for p in loaded} >= {Procedure.OnlineLevel.FULL, Procedure.OnlineLevel.PARTIAL}


def test_every_demo_procedure_is_complete_and_its_steps_add_up(loaded):
    for procedure in loaded:
        assert procedure.steps.all(), procedure.code
        procedure.check_steps()
        assert procedure.required_documents.all(), procedure.code
        assert procedure.agencies.all(), procedure.code


def test_demo_procedures_link_to_the_right_agencies(loaded):
    for procedure in loaded:
        codes = {a.code for a in procedure.agencies.all()}
        if procedure.level == Procedure.Level.COMMUNE:
            assert codes == COMMUNES, procedure.code
        else:
            assert all(a.kind == Agency.Kind.PROVINCIAL_DEPARTMENT for a in procedure.agencies.all()), procedure.code
    justice = Agency.objects.get(code="000.00.04.H99")
    assert Procedure.objects.filter(agencies=justice, name__startswith="Cấp Phiếu lý lịch tư pháp").exists()


def test_loading_the_demo_again_changes_nothing(loaded):
    audit_count = AuditRecord.objects.count()
    assert demo.load_demo() == []
    assert AuditRecord.objects.count() == audit_count


def test_demo_file_says_its_codes_are_illustrative():
    data = json.loads(demo.DATA_FILE.read_text(encoding="utf-8"))
    assert "chỉ để minh họa" in data["comment"]
    assert all(p["code"][:4] in ("1.00", "2.00") for p in data["procedures"])


def test_egov_demo_loads_the_catalogue_after_the_province():
    from egov.core.demo import load_all

    load_all()
    assert Procedure.objects.count() >= 30
