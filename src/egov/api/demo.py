"""Demo data of the integration layer (``egov.core.demo`` calls ``load_demo``): the webhook demo, and the
demo's partner system: "Kho dữ liệu tỉnh" (the province's data warehouse) reading dossiers and
documents of the whole demo province. Its secret is published (``egov demo`` prints it, docs/api.md) like the
demo passwords; real partners get a random secret shown once. Idempotent."""

from egov.agencies.demo import DemoAccount
from egov.agencies.models import Agency

from . import credentials, scopes
from .models import Partner
from .webhooks.demo import load_demo as load_webhooks_demo

CODE = "kho-du-lieu-tinh"
SECRET = "demo-kho-du-lieu-tinh-2026"  # demo only, like demo12345
SCOPES = [scopes.DOSSIERS_READ, scopes.DOCUMENTS_READ, scopes.SIGNATURES_VERIFY]


def load_demo() -> list:
    return load_webhooks_demo() + load_partner_demo()


def load_partner_demo() -> list[DemoAccount]:
    roots = list(Agency.objects.filter(parent__isnull=True).order_by("path"))
    if not roots:
        return []
    partner = Partner.objects.filter(code=CODE).first()
    if partner is None:
        partner, _new = credentials.create_partner(
            code=CODE,
            name="Kho dữ liệu tỉnh",
            agencies=roots,
            scopes=SCOPES,
            contact_email="kdl@ankhanh.example",
            with_secret=False,
        )
    credentials.set_demo_secret(partner, SECRET)
    return [DemoAccount(CODE, SECRET, "Hệ thống đối tác (client_id / client_secret, API)", roots[0].name)]
