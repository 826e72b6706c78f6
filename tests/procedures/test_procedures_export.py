"""Export and re-import give back the same catalogue, through the database and through each file format."""

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from egov.accounts.models import Role
from egov.procedures import services
from egov.procedures.io import json_format, xlsx_format
from egov.procedures.io.cleaning import clean_procedure
from egov.procedures.io.issues import Issues
from egov.procedures.models import Procedure, RequiredDocument, Sector
from egov.procedures.records import (
    DocumentRecord,
    FeeRecord,
    ProcedureRecord,
    StepRecord,
    catalogue_queryset,
    record_of,
)
from procedures.factories import FeeFactory, NamedBytes, ProcedureFactory, RequiredDocumentFactory


def catalogue() -> list[ProcedureRecord]:
    return [record_of(p) for p in catalogue_queryset().order_by("code")]


@pytest.fixture
def sample_catalogue(agencies):
    weird = ProcedureFactory(
        code="2.000001",
        name="=SUM(A1) không phải công thức; dấu “ngoặc” và xuống\ndòng",
        level=Procedure.Level.COMMUNE,
        processing_time=Decimal("4"),
        time_unit=Procedure.TimeUnit.WORKING_HOURS,
        online_level=Procedure.OnlineLevel.NONE,
        legacy_level=2,
        legal_basis="Nghị định số 23/2015/NĐ-CP",
        conditions="Có mặt trực tiếp",
        result_types="Bản sao",
        application_schema={"type": "object", "properties": {"ho_ten": {"type": "string"}}},
        is_active=False,
        agencies=agencies,
        steps=True,
    )
    RequiredDocumentFactory(procedure=weird, order=1, name="Bản chính", form=RequiredDocument.Form.ORIGINAL)
    RequiredDocumentFactory(
        procedure=weird, order=2, name="Bản sao", form=RequiredDocument.Form.CERTIFIED_COPY, count=3, is_mandatory=False
    )
    FeeFactory(procedure=weird, name="Phí chứng thực", amount=Decimal("2000"), description="2.000 đồng/trang")
    FeeFactory(procedure=weird, name="Phí theo công thức", amount=None, description="Theo diện tích")
    ProcedureFactory(code="1.000001", agencies=agencies[:1], processing_time=Decimal("7.5"), steps=True)
    ProcedureFactory(code="1.000002", agencies=agencies[:1])  # no steps, no documents
    return catalogue()


@pytest.mark.django_db
@pytest.mark.parametrize("format", ["json", "xlsx"])
def test_export_then_import_into_an_empty_catalogue_gives_the_same_catalogue(sample_catalogue, format):
    content = services.export_catalogue(format)
    Procedure.objects.all().delete()
    Sector.objects.all().delete()

    result = services.import_catalogue(NamedBytes(content, f"danh-muc.{format}"))

    assert result.ok, [str(i) for i in result.issues]
    assert len(result.created) == 3
    assert catalogue() == sample_catalogue


@pytest.mark.django_db
@pytest.mark.parametrize("format", ["json", "xlsx"])
def test_reimporting_an_export_changes_nothing(sample_catalogue, format):
    result = services.import_catalogue(NamedBytes(services.export_catalogue(format), f"a.{format}"))
    assert result.ok and sorted(result.unchanged) == ["1.000001", "1.000002", "2.000001"]


@pytest.mark.django_db
def test_xlsx_export_keeps_codes_as_text_and_formulas_as_text(sample_catalogue):
    from io import BytesIO

    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(services.export_catalogue("xlsx")))["Thủ tục"]
    assert [cell.value for cell in sheet["A"]][1:] == ["1.000001", "1.000002", "2.000001"]
    assert sheet["A2"].number_format == "@"
    assert sheet["B4"].data_type == "s" and sheet["B4"].value.startswith("=SUM")
    assert sheet["E4"].value == "Cấp xã" and sheet["I4"].value == "giờ làm việc"


# --- the formats alone, on generated records --------------------------------------------------------

text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=40).map(str.strip)
words = text.filter(bool)
tenths = st.integers(min_value=1, max_value=2000).map(lambda n: Decimal(n) / 10)


@st.composite
def records(draw):
    steps = draw(st.lists(tenths, max_size=4))
    total = sum(steps, Decimal(0)) or draw(tenths)
    return ProcedureRecord(
        code=draw(st.from_regex(r"[12]\.[0-9]{6}", fullmatch=True)),
        name=draw(words),
        sector_code=draw(st.from_regex(r"[A-Z]{2,5}", fullmatch=True)),
        sector_name=draw(words),
        level=draw(st.sampled_from(Procedure.Level.values)),
        competent_authority=draw(words),
        agencies=tuple(
            sorted(
                draw(st.sets(st.from_regex(r"000\.00\.[0-9]{2}\.H[0-9]{2}", fullmatch=True), min_size=1, max_size=3))
            )
        ),
        processing_time=total,
        time_unit=draw(st.sampled_from(Procedure.TimeUnit.values)),
        online_level=draw(st.sampled_from(Procedure.OnlineLevel.values)),
        legacy_level=draw(st.none() | st.integers(1, 4)),
        legal_basis=draw(st.just("") | text),
        result_types=draw(st.just("") | text),
        is_active=draw(st.booleans()),
        documents=tuple(
            DocumentRecord(order=i, name=name, form=form, count=count, is_mandatory=mandatory)
            for i, (name, form, count, mandatory) in enumerate(
                draw(
                    st.lists(
                        st.tuples(
                            words, st.sampled_from(RequiredDocument.Form.values), st.integers(1, 9), st.booleans()
                        ),
                        max_size=3,
                    )
                ),
                1,
            )
        ),
        fees=tuple(
            FeeRecord(name=name, amount=amount, description=description)
            for name, amount, description in draw(
                st.lists(
                    st.tuples(words, st.none() | st.integers(0, 10**9).map(Decimal), st.just("") | text), max_size=2
                )
            )
        ),
        steps=tuple(
            StepRecord(order=i, name=f"Bước {i}", role=draw(st.sampled_from(Role.values)), duration=d)
            for i, d in enumerate(steps, 1)
        ),
    )


def read_back(module, content: bytes) -> list[ProcedureRecord]:
    issues = Issues()
    raws = module.read(content, issues)
    result = [clean_procedure(raw, issues) for raw in raws]
    assert not issues, [str(i) for i in issues]
    return result


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(records(), min_size=1, max_size=3, unique_by=lambda r: r.code))
def test_json_format_round_trips_any_record(generated):
    assert read_back(json_format, json_format.write(generated)) == generated


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(records(), min_size=1, max_size=3, unique_by=lambda r: r.code))
def test_xlsx_format_round_trips_any_record(generated):
    assert read_back(xlsx_format, xlsx_format.write(generated)) == generated
