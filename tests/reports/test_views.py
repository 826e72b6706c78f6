"""Dashboards, definitions, the 766 pages, drill-down and exports: access, scope, figures, query counts."""

from io import BytesIO

import pytest

from dossiers.factories import OneStopWorld
from egov.accounts.models import Role
from egov.reports import facts
from egov.reports.models import Target
from egov.reports.seed766 import ensure_index_rules

OCT = "nam=2025&ky=m10"


@pytest.fixture
def ready(data):
    ensure_index_rules()
    facts.rebuild()
    data.governor = OneStopWorld.staff(Role.AGENCY_LEADER, data.ubnd, name="Chủ tịch tỉnh")
    return data


def test_province_dashboard_figures_targets_and_queries(ready, client, django_assert_max_num_queries):
    Target.objects.create(indicator="dossiers.online_share", year=2025, value=40)
    Target.objects.create(indicator="dossiers.on_time_share", year=2025, value=90)
    client.force_login(ready.governor)
    with django_assert_max_num_queries(40):
        response = client.get(f"/bao-cao/?{OCT}")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Bảng điều hành: Toàn tỉnh" in page
    assert "50,00 %" in page  # online share
    assert "Đạt" in page and "Chưa đạt" in page
    assert "<svg" in page and "Bảng số liệu" in page
    assert "Sở Tư pháp" in page and "Sở Xây dựng" in page  # ranking
    assert "chi_tieu=dossiers.online_share&amp;chi_so=d.recv.online" in page


def test_agency_leader_sees_only_own_agency(ready, client):
    client.force_login(ready.leader)  # leader of the Sở Tư pháp
    assert client.get("/bao-cao/").status_code == 302
    assert client.get(f"/bao-cao/toan-tinh/?{OCT}").status_code == 403
    assert client.get(f"/bao-cao/co-quan/{ready.so2.pk}/?{OCT}").status_code == 403
    response = client.get(f"/bao-cao/co-quan/{ready.so.pk}/?{OCT}")
    assert response.status_code == 200
    assert "40,00 %" in response.content.decode()  # online share of the Sở (with its department)
    assert client.get(f"/bao-cao/chi-tiet/?{OCT}&chi_so=d.recv.online").status_code == 403  # province list
    assert client.get("/bao-cao/chi-so-766/").url.startswith(f"/bao-cao/chi-so-766/{ready.so.pk}/")


def test_specialist_has_no_dashboard(ready, client):
    client.force_login(ready.specialist)
    assert client.get("/bao-cao/").status_code == 403


def test_drill_down_lists_the_rows_behind_a_number(ready, client):
    client.force_login(ready.governor)
    response = client.get(f"/bao-cao/chi-tiet/?{OCT}&chi_so=d.recv.online&chi_tieu=dossiers.online_share")
    page = response.content.decode()
    assert response.status_code == 200
    assert ready.dossiers.d2.code in page and ready.dossiers.d3.code in page and ready.dossiers.d6.code in page
    assert ready.dossiers.d1.code not in page
    assert response.context["page"].paginator.count == 3
    overdue = client.get(f"/bao-cao/chi-tiet/?{OCT}&chi_so=s.overdue&co_quan={ready.so.pk}")
    assert overdue.context["page"].paginator.count == 2
    docs = client.get(f"/bao-cao/chi-tiet/?{OCT}&chi_so=doc.out.signed")
    assert docs.context["page"].paginator.count == 2
    assert client.get(f"/bao-cao/chi-tiet/?{OCT}&chi_so=doc.in&chi_so=d.recv.desk").status_code == 400
    assert client.get("/bao-cao/chi-tiet/?nam=abc&chi_so=doc.in").status_code == 400


def test_drill_down_is_scoped(ready, client):
    client.force_login(ready.leader)
    response = client.get(f"/bao-cao/chi-tiet/?{OCT}&chi_so=d.recv.online&co_quan={ready.so.pk}")
    assert response.context["page"].paginator.count == 2  # d2, d3 (not d6 of the other Sở)


def test_exports(ready, client):
    from openpyxl import load_workbook

    client.force_login(ready.governor)
    xlsx = client.get(f"/bao-cao/tai-ve.xlsx?{OCT}")
    assert xlsx.status_code == 200
    book = load_workbook(BytesIO(xlsx.content))
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    online = next(r for r in rows if r[0] == "Tỷ lệ hồ sơ trực tuyến")
    assert online[1:4] == (3, 6, 50.0)
    assert book.worksheets[2].max_row > 2  # ranking
    pdf = client.get(f"/bao-cao/tai-ve.pdf?{OCT}&co_quan={ready.so.pk}")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert client.get(f"/bao-cao/tai-ve.csv?{OCT}").status_code == 404


def test_definitions_and_index_pages(ready, client):
    client.force_login(ready.governor)
    page = client.get("/bao-cao/dinh-nghia-chi-so/").content.decode()
    assert "Tỷ lệ hồ sơ trực tuyến toàn trình" in page and "Mẫu số" in page
    index = client.get(f"/bao-cao/chi-so-766/?{OCT}")
    assert index.status_code == 200
    assert "nhập tay" in index.content.decode()
    assert [s.agency for s in index.context["rows"][:2]] == [ready.so, ready.so2]
    detail = client.get(f"/bao-cao/chi-so-766/{ready.so.pk}/?{OCT}")
    assert detail.status_code == 200 and "31,20" in detail.content.decode()


def test_decree_09_period_and_bad_input(ready, client):
    client.force_login(ready.governor)
    response = client.get("/bao-cao/toan-tinh/?nam=2025&ky=m11&nd09=on")
    assert response.status_code == 200
    assert response.context["board"].period.start.isoformat() == "2025-10-15"
    bad = client.get("/bao-cao/toan-tinh/?nam=1800&ky=m1")
    assert bad.status_code == 400
    assert "Năm" in bad.content.decode()
