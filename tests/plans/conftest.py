"""A small province for IT-plan tests: UBND tỉnh, two Sở with a leader each, the IT department (a department of
a Sở whose code is in EGOV_PLANS_IT_AGENCIES) with a specialist, and a test-registered computed indicator."""

import json

import pytest

from egov.accounts.models import Role
from egov.agencies.models import Agency, Position
from factories import AdministrativeUnitFactory, AgencyFactory, OfficialFactory, StaffUserFactory

TEST_INDICATOR = "test.plans_share"


class PlanWorld:
    def __init__(self):
        self.province = AdministrativeUnitFactory(code="96", name="Tỉnh Kế Hoạch")
        self.ubnd = self.agency("000.00.00.H96", "Ủy ban nhân dân tỉnh Kế Hoạch", Agency.Kind.PEOPLES_COMMITTEE)
        self.a = self.agency("000.00.04.H96", "Sở Tư pháp", parent=self.ubnd)
        self.b = self.agency("000.00.05.H96", "Sở Xây dựng", parent=self.ubnd)
        self.science = self.agency("000.00.07.H96", "Sở Khoa học và Công nghệ", parent=self.ubnd)
        self.it = self.agency("000.01.07.H96", "Phòng Chuyển đổi số", Agency.Kind.DEPARTMENT, parent=self.science)
        self.leader_a = self.user("giamdoc.a", self.a, Role.AGENCY_LEADER)
        self.leader_b = self.user("giamdoc.b", self.b, Role.AGENCY_LEADER)
        self.it_user = self.user("cds.chuyenvien", self.science, Role.SPECIALIST, department=self.it)

    def agency(self, code, name, kind=Agency.Kind.PROVINCIAL_DEPARTMENT, parent=None):
        return AgencyFactory(
            code=code, name=name, abbreviation=name[:10], kind=kind, parent=parent, administrative_unit=self.province
        )

    def user(self, username, agency, role, department=None):
        official = OfficialFactory(
            full_name=f"Cán bộ {username}",
            agency=agency,
            department=department,
            position=Position.objects.get_or_create(name="Chuyên viên", defaults={"rank": 50})[0],
        )
        return StaffUserFactory(username=username, full_name=f"Cán bộ {username}", official=official, roles=[role])

    def plan_json(self, **overrides) -> dict:
        """A plan file in the documented JSON format, whose results are known."""
        data = {
            "format": "egov.plans/1",
            "plan": {
                "code": "KH-THU",
                "title": "Kế hoạch ứng dụng CNTT giai đoạn 2026-2030",
                "document_number": "12/KH-UBND",
                "document_date": "2026-01-15",
                "agency": self.ubnd.code,
                "start_year": 2026,
                "end_year": 2030,
            },
            "sections": [
                {
                    "code": "I",
                    "title": "HẠ TẦNG KỸ THUẬT",
                    "indicators": [
                        {"number": "1", "name": "Mạng diện rộng", "baseline": "Chưa có", "target": "Hoàn thiện",
                         "actual": "Đã hoàn thiện", "result": "Đạt mục tiêu kế hoạch"},
                        {"number": "2", "name": "Tỷ lệ cơ quan có LAN", "unit": "%", "baseline": "99%",
                         "target": "100%", "actual": "100%"},
                        {"number": "3.1", "name": "Máy tính/CBCC cấp xã", "unit": "%", "baseline": "25%",
                         "target": "50%", "actual": "45,5%", "reporting_agency": self.a.code},
                    ],
                },
                {
                    "code": "II",
                    "title": "ỨNG DỤNG CNTT",
                    "indicators": [
                        {"number": "1", "name": "Sự cố an toàn thông tin", "unit": "sự cố", "baseline": "3",
                         "target": "≤ 1", "actual": "2"},
                        {"number": "2", "name": "Tỷ lệ hộp thư được cấp", "unit": "%", "baseline": "68%",
                         "target": "> 80%", "actual": "", "reporting_agency": self.a.code},
                        {"number": "3", "name": "Tỷ lệ hồ sơ trực tuyến", "unit": "%", "baseline": "10%",
                         "target": "70%", "indicator": TEST_INDICATOR},
                    ],
                },
            ],
            "projects": [
                {
                    "group": "A. Dự án chuyển tiếp", "number": "1", "name": "Nâng cấp mạng WAN",
                    "owner": self.a.code, "partners": "Các xã", "deadline": "2027-12-31", "status": "Đang triển khai",
                    "progress": 30,
                    "budget": [{"year": 2026, "source": "local", "amount": 1000},
                               {"year": 2027, "source": "Trung ương", "amount": "2.500,5"}],
                    "tasks": [{"name": "Khảo sát", "owner": self.a.code, "status": "done", "progress": 100}],
                },
                {"group": "B. Dự án mới", "number": "2", "name": "Trung tâm dữ liệu", "owner": self.b.code,
                 "budget": [{"year": 2026, "source": "other", "amount": 500}]},
            ],
        }  # fmt: skip
        data.update(overrides)
        return data

    def plan_file(self, tmp_path, **overrides):
        path = tmp_path / "ke-hoach.json"
        path.write_text(json.dumps(self.plan_json(**overrides), ensure_ascii=False), encoding="utf-8")
        return path


@pytest.fixture
def world(db, settings):
    settings.EGOV_PLANS_IT_AGENCIES = ["000.01.07.H96"]
    return PlanWorld()


@pytest.fixture
def test_indicator():
    """A computed indicator registered for the test only: 3 of 4 (75 %) for the province, 1 of 4 (25 %) for any
    agency subtree; it records the agency ids and periods it was asked for."""
    from egov.reports import indicators

    calls = []

    def compute(ids, period):
        calls.append((ids, period))
        return indicators.IndicatorValue(3 if ids is None else 1, 4)

    definition = indicators.IndicatorDefinition(
        code=TEST_INDICATOR,
        name="Tỷ lệ thử nghiệm",
        unit="%",
        numerator="số thử",
        denominator="tổng số thử",
        source="kiểm thử",
        compute=compute,
    )
    with indicators.INDICATORS.override({TEST_INDICATOR: definition}):
        yield calls
