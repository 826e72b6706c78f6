import re

import pytest
from django.core.management import call_command
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_bench_prints_measured_figures(capsys, monkeypatch):
    monkeypatch.setenv("EGOV_BENCH_CHILD", "1")  # run in this process, on the test database
    call_command("bench", "documents-issue", "documents-search", "--scale", "0.002")
    out = capsys.readouterr().out
    assert re.search(r"^documents-issue\s+[\d,.]+ documents/s\s+baseline\s+[\d,.]+ .*ratio", out, re.M)
    assert re.search(r"^documents-search\s+[\d,.]+ ms/search\s+baseline\s+[\d,.]+ .*ratio", out, re.M)


def test_workspace_links_to_documents_for_document_roles(world, client):
    client.force_login(world.a.clerk)
    assert f'href="{reverse("documents:home")}"' in client.get(reverse("core:workspace")).content.decode()
