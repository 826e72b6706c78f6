import pytest
from django.urls import include, path, reverse

from egov import urls as project_urls
from egov.agencies.models import Agency
from egov.agencies.views import DIRECTORY_PAGE_SIZE, OFFICIALS_PAGE_SIZE
from factories import AgencyFactory, DepartmentFactory, OfficialFactory, PositionFactory

# The project's URLs, plus the directory until the lead includes egov.agencies.urls there.
urlpatterns = list(project_urls.urlpatterns)
if not any(getattr(p, "app_name", None) == "agencies" for p in urlpatterns):
    urlpatterns.append(path("", include("egov.agencies.urls")))

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


@pytest.fixture
def province():
    root = AgencyFactory(kind=Agency.Kind.PEOPLES_COMMITTEE, name="Ủy ban nhân dân tỉnh Thử", code="000.00.00.H98")
    justice = AgencyFactory(parent=root, name="Sở Tư pháp", code="000.00.04.H98", sort_order=20, phone="0200 1")
    home = AgencyFactory(parent=root, name="Sở Nội vụ", code="000.00.02.H98", sort_order=10)
    office = DepartmentFactory(parent=justice, name="Văn phòng Sở", code="000.01.04.H98")
    civil = DepartmentFactory(parent=justice, name="Phòng Hành chính tư pháp", code="000.02.04.H98")
    director = PositionFactory(name="Giám đốc", rank=30, is_leader=True)
    head = PositionFactory(name="Trưởng phòng", rank=60, is_leader=True)
    OfficialFactory(agency=justice, position=director, full_name="Huỳnh Văn Toàn")
    OfficialFactory(agency=justice, department=office, full_name="Lâm Thị Diệu Linh", is_focal_point=True)
    OfficialFactory(agency=justice, department=civil, position=head, full_name="Nguyễn Hữu Phước")
    OfficialFactory(agency=justice, department=civil, full_name="Trần Minh Khoa")
    return {"root": root, "justice": justice, "home": home, "office": office, "civil": civil}


def test_directory_shows_the_tree_in_order_without_departments(client, province):
    AgencyFactory(parent=province["root"], name="Sở Đã Giải Thể", is_active=False)
    response = client.get(reverse("agencies:directory"))
    assert response.status_code == 200
    html = response.content.decode()
    positions = [html.index(name) for name in ("Ủy ban nhân dân tỉnh Thử", "Sở Nội vụ", "Sở Tư pháp")]
    assert positions == sorted(positions)
    assert "Văn phòng Sở" not in html
    assert "Sở Đã Giải Thể" not in html
    assert reverse("agencies:agency", args=["000.00.04.H98"]) in html
    assert [row.depth for row in response.context["page"].object_list] == [0, 1, 1]


def test_directory_search(client, province):
    response = client.get(reverse("agencies:directory"), {"q": "tư pháp"})
    names = [row.agency.name for row in response.context["page"].object_list]
    assert names == ["Sở Tư pháp"]
    response = client.get(reverse("agencies:directory"), {"q": "không có"})
    assert "Không tìm thấy" in response.content.decode()


def test_directory_is_paginated(client, django_assert_max_num_queries):
    root = AgencyFactory()
    for _ in range(DIRECTORY_PAGE_SIZE + 5):
        AgencyFactory(parent=root)
    with django_assert_max_num_queries(2):
        response = client.get(reverse("agencies:directory"), {"page": 2})
    page = response.context["page"]
    assert page.number == 2 and len(page.object_list) == 6
    assert 'rel="prev"' in response.content.decode()


def test_agency_page_lists_departments_leaders_and_officials(client, province):
    response = client.get(reverse("agencies:agency", args=["000.00.04.H98"]))
    assert response.status_code == 200
    html = response.content.decode()
    for text in ("Sở Tư pháp", "Văn phòng Sở", "Phòng Hành chính tư pháp", "Huỳnh Văn Toàn", "Trần Minh Khoa"):
        assert text in html
    key = [o.full_name for o in response.context["key_people"]]
    assert key == ["Huỳnh Văn Toàn", "Lâm Thị Diệu Linh"]
    heads = {d.name: [o.full_name for o in h] for d, h in response.context["departments"]}
    assert heads == {"Văn phòng Sở": [], "Phòng Hành chính tư pháp": ["Nguyễn Hữu Phước"]}
    assert [a.name for a in response.context["ancestors"]] == ["Ủy ban nhân dân tỉnh Thử"]


def test_department_page_lists_its_own_officials(client, province):
    response = client.get(reverse("agencies:agency", args=["000.02.04.H98"]))
    names = {o.full_name for o in response.context["page"].object_list}
    assert names == {"Nguyễn Hữu Phước", "Trần Minh Khoa"}
    assert [o.full_name for o in response.context["key_people"]] == ["Nguyễn Hữu Phước"]
    assert [a.name for a in response.context["ancestors"]] == ["Ủy ban nhân dân tỉnh Thử", "Sở Tư pháp"]


def test_agency_page_costs_a_bounded_number_of_queries(client, province, django_assert_max_num_queries):
    justice = province["justice"]
    for index in range(6):
        department = DepartmentFactory(parent=justice)
        for _ in range(8):
            OfficialFactory(agency=justice, department=department, is_focal_point=index % 2 == 0)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("agencies:agency", args=[justice.code]))
    assert response.status_code == 200
    page = response.context["page"]
    assert len(page.object_list) == OFFICIALS_PAGE_SIZE and page.paginator.num_pages == 3


def test_inactive_officials_are_hidden(client, province):
    OfficialFactory(agency=province["justice"], full_name="Người Đã Nghỉ", is_active=False)
    response = client.get(reverse("agencies:agency", args=["000.00.04.H98"]))
    assert "Người Đã Nghỉ" not in response.content.decode()


@pytest.mark.parametrize("code", ["000.99.99.H98", "khong-co"])
def test_unknown_agency_is_404(client, province, code):
    assert client.get(reverse("agencies:agency", args=[code])).status_code == 404


def test_inactive_agency_is_404(client, province):
    province["home"].is_active = False
    province["home"].save()
    assert client.get(reverse("agencies:agency", args=["000.00.02.H98"])).status_code == 404
