"""Work files (hồ sơ công việc): the yearly plan, open, collect documents, close (read-only)."""

import pytest

from egov.documents import services
from egov.documents.models import WorkFile
from egov.documents.transitions import WorkFileStatus

from .test_outgoing import draft

pytestmark = pytest.mark.django_db


def test_plan_open_collect_and_close_a_work_file(world):
    a = world.a
    work_file = services.plan_file(
        actor=a.spec1, year=2026, code="05.HCTP", title="Hồ sơ phổ biến pháp luật năm 2026", retention="10 năm"
    )
    assert work_file.status == WorkFileStatus.PLANNED and work_file.unit == a.dept
    with pytest.raises(services.DocumentError, match="đã có"):
        services.plan_file(actor=a.spec1, year=2026, code="05.HCTP", title="Trùng", retention="5 năm")
    incoming = services.register_incoming(world.incoming_data(), clerk=a.clerk)
    with pytest.raises(services.DocumentError, match="trạng thái"):
        services.add_document(work_file, incoming, actor=a.clerk)
    work_file = services.open_file(work_file, actor=a.spec1)
    services.add_document(work_file, incoming, actor=a.clerk)
    services.add_document(work_file, draft(world), actor=a.spec1)
    with pytest.raises(services.DocumentError, match="quyền"):
        services.add_document(work_file, incoming, actor=a.spec1)  # not assigned to the unit: not visible
    work_file = services.close_file(work_file, actor=a.head)
    assert work_file.status == WorkFileStatus.CLOSED and work_file.closed_at
    assert (work_file.incoming.count(), work_file.outgoing.count()) == (1, 1)
    with pytest.raises(services.DocumentError, match="đã đóng"):
        services.add_document(work_file, incoming, actor=a.clerk)
    assert not WorkFile.objects.for_user(world.b.leader).exists()
