"""The list "Nhiệm vụ": scoped to the user's tasks, with the derived status."""

from django.urls import reverse


def test_the_list_shows_only_the_agency_tasks(client, world):
    mine = world.task(title="Nhiệm vụ của Sở Kế hoạch")
    world.task(title="Nhiệm vụ của Sở Y tế", lead_agency=world.c.agency, cooperating_agencies=())
    client.force_login(world.a.spec)
    response = client.get(reverse("tasks:task-list"))
    assert response.status_code == 200
    text = response.content.decode()
    assert mine.title in text
    assert "Nhiệm vụ của Sở Y tế" not in text
    client.force_login(world.ubnd.leader)
    assert "Nhiệm vụ của Sở Y tế" in client.get(reverse("tasks:task-list")).content.decode()


def test_citizens_do_not_see_the_list(client, world):
    client.logout()
    assert client.get(reverse("tasks:task-list")).status_code in (302, 403)
