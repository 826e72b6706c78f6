"""Catalogue mapping: automatic by code, suggestions by name (diacritic-insensitive, scored), confirmation by
an administrator, unmapped procedures listed, differences side by side."""

from decimal import Decimal

import pytest

from egov.accounts.models import Role
from egov.integrations.dvcqg import catalogue
from egov.integrations.dvcqg.models import NationalProcedure, ProcedureMapping
from egov.procedures.models import Fee


def test_similarity_ignores_diacritics_case_and_punctuation():
    assert catalogue.similarity("Đăng ký khai sinh", "dang ky KHAI SINH.") == 1.0
    close = catalogue.similarity("Cấp Phiếu lý lịch tư pháp cho công dân", "Thủ tục cấp phiếu lý lịch tư pháp")
    far = catalogue.similarity("Cấp Phiếu lý lịch tư pháp cho công dân", "Đăng ký kết hôn")
    assert 0.5 <= close < 1.0 and far < 0.3


@pytest.mark.django_db
def test_suggestions_are_ranked_by_score(world):
    for code, name in [
        ("2.1", "Cấp phiếu lý lịch tư pháp cho công dân Việt Nam, người nước ngoài"),
        ("2.2", "Đăng ký khai sinh"),
        ("2.3", "Cap phieu ly lich tu phap cho cong dan Viet Nam"),
    ]:
        NationalProcedure.objects.create(code=code, name=name)
    found = catalogue.suggestions(world.procedure)
    assert [s.national.code for s in found][:2] == ["2.3", "2.1"]
    assert found[0].score == 1.0 and found[0].score > found[1].score > found[-1].score


def test_pull_and_automap_against_the_simulator(portal, world, client):
    """The simulated catalogue keeps some codes, renames others, leaves some out (see simulator.py)."""
    from dossiers.factories import ProcedureFactory

    names = [
        "Đăng ký khai sinh",
        "Đăng ký kết hôn",
        "Chứng thực bản sao từ bản chính",
        "Cấp giấy phép xây dựng nhà ở riêng lẻ",
        "Đăng ký thường trú",
        "Cấp đổi giấy phép lái xe",
        "Công nhận báo cáo viên pháp luật",
    ]
    for i, name in enumerate(names, start=2):
        ProcedureFactory(onestop=True, code=f"1.{i:06d}", name=name, sector=world.sector, agencies=[world.so])
    assert catalogue.pull() == 7  # 8 procedures, every eighth is not in the national catalogue
    counts = catalogue.automap()
    assert counts == {"auto": 6, "suggested": 1, "unmapped": 1}
    suggested = ProcedureMapping.objects.filter(state="suggested").select_related("procedure", "national")
    for m in suggested:
        assert m.national.code.endswith(".QG") and m.score >= catalogue.SUGGEST_MIN
    # The fee of the second procedure differs nationally: shown side by side.
    second = ProcedureMapping.objects.get(procedure__code="1.000002")
    Fee.objects.create(procedure=second.procedure, name="Lệ phí", amount=Decimal(10000))
    fee_row = catalogue.differences(second.procedure, second.national)[0]
    assert fee_row["differs"] and fee_row["ours"] == 10000

    from factories import StaffUserFactory

    admin = StaffUserFactory(roles=[Role.SYSTEM_ADMIN])
    client.force_login(admin)
    page = client.get("/quan-tri/dvcqg/thu-tuc/").content.decode()
    assert "Chưa ánh xạ" in page and "độ tương đồng" in page
    target = suggested.first()
    response = client.post(
        "/quan-tri/dvcqg/thu-tuc/", {"procedure": target.procedure.pk, "national": target.national.code}
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.state == "confirmed" and target.confirmed_by == admin
    assert catalogue.automap()["suggested"] == 0  # a confirmed mapping is never overwritten
