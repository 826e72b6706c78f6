"""Issue 13 item 7: every indicator's drill-down lists exactly the rows behind the figure on the dashboard.

Parametrised over every registered indicator, on the seeded October 2025 data set (``conftest.ReportWorld``)
plus a few questions and feedback items; the province dashboard is read as the province's leader.
"""

from urllib.parse import parse_qs, urlsplit

import pytest

from dossiers.factories import OneStopWorld
from egov.accounts.models import Role
from egov.feedback.models import Kind, Submission
from egov.feedback.transitions import Status
from egov.reports import facts
from egov.reports.indicators import Period, compute, definitions

from .conftest import at

OCT = "nam=2025&ky=m10"
PERIOD = Period.month(2025, 10)


@pytest.fixture
def ready(data):
    facts.rebuild()
    data.governor = OneStopWorld.staff(Role.AGENCY_LEADER, data.ubnd, name="Chủ tịch tỉnh")

    def item(n, status, submitted, due, answered=None):
        return Submission.objects.create(
            kind=Kind.QUESTION,
            code=f"HD-DRILL-{n}",
            status=status,
            title=f"Câu hỏi {n}",
            content="Nội dung",
            name="Nguyễn Văn Hỏi",
            agency=data.so,
            submitted_at=submitted,
            due_at=due,
            answered_at=answered,
        )

    item(1, Status.APPROVED, at(2025, 10, 3, 8), at(2025, 10, 13, 8), answered=at(2025, 10, 6, 8))  # on time
    item(2, Status.PUBLISHED, at(2025, 10, 4, 8), at(2025, 10, 14, 8), answered=at(2025, 10, 20, 8))  # late
    item(3, Status.ROUTED, at(2025, 10, 5, 8), at(2025, 10, 15, 8))  # open, overdue
    item(4, Status.ROUTED, at(2025, 10, 30, 8), at(2099, 1, 1, 8))  # open, not yet due
    item(5, Status.ROUTED, at(2025, 11, 2, 8), at(2025, 11, 3, 8))  # outside the period
    return data


def _drill_count(client, link: str) -> int:
    response = client.get(link)
    assert response.status_code == 200, link
    return response.context["page"].paginator.count


@pytest.mark.parametrize("code", list(definitions()))
def test_drill_down_row_count_equals_the_figure(ready, client, code):
    client.force_login(ready.governor)
    board = client.get(f"/bao-cao/?{OCT}")
    rows = {item["row"].definition.code: item for item in board.context["rows"]}
    if code in rows:
        figure, links = rows[code]["row"].value.numerator, rows[code]["links"]
    else:  # not on the dashboard: the same links the dashboard would build
        from egov.reports import drill

        figure = compute(code, period=PERIOD).numerator
        links = []
        for metrics in drill.drill_metrics(definitions()[code]):
            links.append(f"/bao-cao/chi-tiet/?{OCT}&chi_tieu={code}" + "".join(f"&chi_so={m}" for m in metrics))
    assert links, f"{code} has no drill-down"
    assert all(parse_qs(urlsplit(link).query)["chi_tieu"] == [code] for link in links)
    assert sum(_drill_count(client, link) for link in links) == figure


def test_every_figure_of_the_seed_is_not_zero(ready):
    """The data set exercises the indicators (a drill-down of 0 rows against a figure of 0 proves little)."""
    zero = [code for code in definitions() if not compute(code, period=PERIOD).numerator]
    assert zero == []


def test_document_counts_list_their_documents_and_an_empty_list_says_so(ready, client):
    client.force_login(ready.governor)
    incoming = client.get(f"/bao-cao/chi-tiet/?{OCT}&chi_tieu=documents.incoming&chi_so=doc.in")
    assert incoming.context["page"].paginator.count == 3  # i1, i2, i3 (i4 arrived in September)
    assert f"/van-ban/den/{ready.incoming[0].pk}/" in incoming.content.decode()
    outgoing = client.get(f"/bao-cao/chi-tiet/?{OCT}&chi_tieu=documents.outgoing&chi_so=doc.out")
    assert outgoing.context["page"].paginator.count == 3
    empty = client.get("/bao-cao/chi-tiet/?nam=2025&ky=m3&chi_tieu=documents.incoming&chi_so=doc.in")
    assert empty.status_code == 200
    assert "Không có bản ghi nào." in empty.content.decode()
