import pytest
from django.core.management import call_command

from egov.accounts.models import User
from egov.agencies.models import Agency


@pytest.mark.django_db
def test_demo_prepares_data_prints_sign_ins_and_keeps_data_on_rerun(capsys):
    call_command("demo", "--no-serve")
    out = capsys.readouterr().out
    assert "egov đã sẵn sàng: http://127.0.0.1:8000/" in out
    assert "admin" in out and "demo12345" in out
    assert "http://127.0.0.1:8000/dich-vu-cong/" in out  # the citizen portal's address
    _demo_data_reads_right()
    counts = (User.objects.count(), Agency.objects.count())
    assert counts[0] >= 10 and counts[1] >= 15

    call_command("demo", "--no-serve", "--port", "9000")
    assert "http://127.0.0.1:9000/" in capsys.readouterr().out
    assert (User.objects.count(), Agency.objects.count()) == counts


@pytest.mark.django_db
def test_demo_sign_in_works(client):
    call_command("demo", "--no-serve")
    response = client.post("/dang-nhap/", {"username": "motcua.tinh", "password": "demo12345"})
    assert response.status_code == 302 and response["Location"].endswith("/ban-lam-viec/")
    assert "Trung tâm Phục vụ hành chính công tỉnh" in client.get("/ban-lam-viec/").content.decode()


def _demo_data_reads_right():
    """Issue 13: no district (two-level local government since 7/2025), monthly titles carry their month,
    a broken street light goes to the ward, not to the Department of Justice."""
    import re

    from egov.cms.models import NewsPage
    from egov.feedback.models import Submission
    from egov.meetings.models import ScheduleEntry

    entries = list(ScheduleEntry.objects.values_list("location", "content"))
    assert entries and not any("Huyện" in location for location, _content in entries)
    monthly = [content for _location, content in entries if "thường kỳ tháng" in content]
    assert monthly and all(re.search(r"tháng \d\d/\d{4}$", content) for content in monthly)
    news = NewsPage.objects.get(title__startswith="UBND tỉnh họp phiên thường kỳ tháng")
    assert re.search(r"tháng \d\d/\d{4}$", news.title)
    light = Submission.objects.get(title="Đèn chiếu sáng đường Lê Lợi bị hỏng")
    assert light.agency.name == "Ủy ban nhân dân phường An Khánh"
    _citizen_dossiers_are_her_own()


def _citizen_dossiers_are_her_own():
    """Issue 13: congdan1's online dossiers are filed in her own name, and none shows the fee paid without a
    payment behind it."""
    from egov.dossiers.models import Dossier
    from egov.payments.models import PaymentStatus, PaymentTransaction

    citizen = User.objects.get(username="congdan1")
    dossiers = list(Dossier.objects.filter(applicant_user=citizen))
    assert dossiers and all(d.applicant_name == (citizen.full_name or citizen.username) for d in dossiers)
    paid_online = set(
        PaymentTransaction.objects.filter(dossier__in=dossiers, status=PaymentStatus.PAID).values_list(
            "dossier_id", flat=True
        )
    )
    assert all(d.pk in paid_online for d in dossiers if d.fee_paid and d.channel == "online")
