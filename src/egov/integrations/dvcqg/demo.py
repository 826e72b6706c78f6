"""Demo data (``egov demo`` turns the simulator on): citizens have filed three dossiers on the simulated
national portal; two were taken in at load time (one handled to the end, one accepted), the third arrives
with the worker's first poll. Every step of every dossier, desk ones too, is then synced by the worker,
so the reconciliation page ends empty. The national catalogue is pulled and mapped automatically."""

from django.conf import settings
from django.utils import timezone

from egov.accounts.models import User
from egov.agencies.models import Agency
from egov.dossiers import services
from egov.procedures.models import Procedure

from . import catalogue, simulator
from .intake import IntakeError, take_in
from .models import NationalDossier

CITIZENS = [
    ("Phan Văn Quốc", "001087004411", "0912000111"),
    ("Lý Thị Gia", "001191007722", "0912000222"),
    ("Trịnh Minh Cổng", "001093008833", "0912000333"),
]


def load_demo() -> list:
    if not (settings.DVCQG_SIMULATOR and settings.DVCQG_ENABLED) or NationalDossier.objects.exists():
        return []
    procedure = Procedure.objects.filter(code="1.001017").first()
    users = {
        u.username: u
        for u in User.objects.filter(username__in=["motcua.tinh", "truongphong.stp", "chuyenvien.stp", "giamdoc.stp"])
    }
    department = Agency.objects.filter(code="000.02.04.H99").first()
    if procedure is None or len(users) < 4 or department is None:
        return []  # not the demo province
    local = simulator.LocalClient()
    catalogue.pull(local)
    catalogue.automap()
    day = timezone.localdate().strftime("%y%m%d")
    sims = [
        simulator.file_dossier(
            procedure,
            ma_ho_so=f"G22.H99-{day}-{n:06d}",
            applicant={"name": name, "id_number": id_number, "phone": phone, "address": "Phường An Khánh"},
            fee_paid=200000,
        )
        for n, (name, id_number, phone) in enumerate(CITIZENS, start=1)
    ]
    try:
        done, accepted = (take_in(local.get_dossier(s.ma_ho_so), via="poll", client=local)[0].dossier for s in sims[:2])
    except IntakeError:
        return []
    officer = users["motcua.tinh"]
    services.accept(done, actor=officer)
    services.assign(done, actor=officer, department=department)
    services.assign_specialist(done, actor=users["truongphong.stp"], specialist=users["chuyenvien.stp"])
    services.submit_for_approval(done, actor=users["chuyenvien.stp"])
    services.approve(done, actor=users["giamdoc.stp"], result_title="Phiếu lý lịch tư pháp số 1")
    services.return_result(done, actor=officer)
    services.accept(accepted, actor=officer)
    return []
