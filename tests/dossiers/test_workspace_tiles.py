"""The workspace home shows each role what waits for it — counts linking to the filtered lists — and hides
the tiles a role cannot use; its query count stays bounded (issue 13, minor: the home page had no counts)."""

import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from egov.dossiers.transitions import Status


def tiles(response) -> dict[str, tuple[int, str]]:
    html = response.content.decode()
    found = re.findall(r'<a href="([^"]+)" data-tile="([^"]+)"><span class="tile-count[^"]*">(\d+)</span>', html)
    return {key: (int(count), url) for url, key, count in found}


def test_each_role_sees_its_waiting_work_as_counts_linking_to_the_lists(world, staff_client):
    w = world
    w.dossier(status=Status.RECEIVED)  # at the provincial centre: the officer sends it on
    w.dossier(status=Status.ASSIGNED, current_unit=w.dept)  # the head assigns a specialist
    w.dossier(status=Status.AWAITING_APPROVAL, current_unit=w.dept)
    w.dossier(status=Status.AWAITING_APPROVAL, current_unit=w.dept)
    w.dossier(status=Status.RESULT_READY)
    w.dossier(status=Status.IN_APPRAISAL, current_unit=w.dept, due_at=timezone.now() - timedelta(days=1))

    officer = tiles(staff_client(w.officer).get(reverse("core:workspace")))
    assert officer["dossiers.receive"][1] == reverse("dossiers:receive")
    assert officer["dossiers.assign"] == (1, reverse("dossiers:assign"))
    assert officer["dossiers.return"] == (1, reverse("dossiers:return"))
    assert "dossiers.approve" not in officer  # an officer approves nothing
    assert not any(key.startswith("documents.") for key in officer)

    leader = tiles(staff_client(w.leader).get(reverse("core:workspace")))
    assert leader["dossiers.approve"] == (2, reverse("dossiers:approve"))
    assert leader["dossiers.overdue"][0] == 1
    assert "dossiers.receive" not in leader and "dossiers.return" not in leader

    head = tiles(staff_client(w.head).get(reverse("core:workspace")))
    assert head["dossiers.assign"][0] == 1

    clerk = tiles(staff_client(w.clerk).get(reverse("core:workspace")))
    assert clerk["documents.cho-vao-so"][1] == reverse("documents:cho-vao-so")
    assert "documents.cho-ban-hanh" in clerk

    # the link opens the same rows the tile counts
    listed = staff_client(w.leader).get(reverse("dossiers:approve"))
    assert len(listed.context["page"].object_list) == 2


def test_the_workspace_home_runs_a_bounded_number_of_queries(world, staff_client, django_assert_max_num_queries):
    w = world
    for _ in range(5):
        w.dossier(status=Status.AWAITING_APPROVAL, current_unit=w.dept)
    client = staff_client(w.leader)
    client.get(reverse("core:workspace"))  # warm the per-process caches (calendar, navigation)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("core:workspace"))
    assert tiles(response)["dossiers.approve"][0] == 5
