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
