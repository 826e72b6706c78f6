"""Register numbers: yearly reset, separate secret series, leading zero, uniqueness under concurrency."""

import threading

import pytest
from django.db import connection, connections
from hypothesis import given, settings
from hypothesis import strategies as st

from egov.documents import services
from egov.documents.models import DocumentType, OutgoingDocument, Secrecy
from egov.documents.numbering import format_number, notation

from .factories import DocumentWorld, at
from .test_outgoing import _approve, _issued, draft


@pytest.mark.django_db
def test_numbers_restart_on_the_first_of_january(world):
    last_year = [_issued(world, now=at(2025, 12, 31, 16, 0)) for _ in range(2)]
    this_year = _issued(world, now=at(2026, 1, 1, 8, 0))
    assert [d.notation for d in last_year] == ["01/QĐ-STP", "02/QĐ-STP"]
    assert this_year.notation == "01/QĐ-STP" and this_year.register.year == 2026


@pytest.mark.django_db
def test_secret_documents_have_their_own_series(world):
    for user in (world.a.spec1, world.a.head, world.a.leader, world.a.clerk):
        world.clear(user, Secrecy.SECRET)
    normal = _issued(world)
    secret = _issued(world, secrecy=Secrecy.SECRET)
    second_normal = _issued(world)
    assert (normal.sequence, secret.sequence, second_normal.sequence) == (1, 1, 2)
    assert secret.register.is_secret and not normal.register.is_secret


@pytest.mark.django_db
def test_incoming_secret_documents_have_their_own_series(world):
    world.clear(world.a.clerk, Secrecy.SECRET)
    data = world.incoming_data
    first = services.register_incoming(data(), clerk=world.a.clerk)
    secret = services.register_incoming(data(notation="2/QĐ-BTP", secrecy=Secrecy.SECRET), clerk=world.a.clerk)
    assert (first.arrival_number, secret.arrival_number) == (1, 1) and first.register != secret.register


@settings(max_examples=200, deadline=None)
@given(number=st.integers(min_value=1, max_value=99_999))
def test_notation_format(number):
    decision = DocumentType(name="Quyết định", abbreviation="QĐ")
    letter = DocumentType(name="Công văn", abbreviation="CV", in_notation=False)
    agency = type("A", (), {"pk": 1, "abbreviation": "UBND"})()
    unit = type("U", (), {"pk": 2, "abbreviation": "KT"})()
    text = format_number(number)
    assert int(text) == number and (len(text) >= 2) and (number >= 10 or text.startswith("0"))
    assert notation(number, decision, agency) == f"{text}/QĐ-UBND"
    assert notation(number, decision, agency, unit) == f"{text}/QĐ-UBND"  # a typed document: no drafting unit
    assert notation(number, letter, agency, unit) == f"{text}/UBND-KT"


@pytest.mark.django_db(transaction=True)
def test_numbers_are_unique_and_gap_free_under_concurrent_issuing():
    world = DocumentWorld()
    count = 6 if connection.vendor == "postgresql" else 3
    approved = [_approve(world, draft(world, internal_recipients=[world.b.agency])) for _ in range(count)]
    barrier, errors = threading.Barrier(count), []

    def issue(doc):
        try:
            barrier.wait(timeout=10)
            services.issue(doc, actor=world.a.clerk, now=at(2026, 5, 4, 9, 0))
        except Exception as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=issue, args=(doc,)) for doc in approved]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    numbers = sorted(OutgoingDocument.objects.values_list("sequence", flat=True))
    assert numbers == list(range(1, count + 1))
