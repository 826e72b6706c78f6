"""Partner systems for the API tests: ``PartnerFactory(agencies=[...], scopes=[...])`` and a secret it can use."""

import factory
from factory.django import DjangoModelFactory

from egov.api import credentials
from egov.api.models import Partner
from egov.api.scopes import DOCUMENTS_READ, DOSSIERS_READ


class PartnerFactory(DjangoModelFactory):
    """A partner with ``scopes`` (default: read dossiers and documents); ``agencies=[...]`` sets its agencies.
    ``partner.secret_value`` is the value of one active secret (made with the service, stored hashed)."""

    class Meta:
        model = Partner
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"doi-tac-{n}")
    name = factory.Sequence(lambda n: f"Hệ thống đối tác {n}")
    scopes = factory.LazyFunction(lambda: [DOSSIERS_READ, DOCUMENTS_READ])

    @factory.post_generation
    def agencies(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.agencies.set(extracted)

    @factory.post_generation
    def secret_value(obj, create, extracted, **kwargs):
        if create:
            obj.secret_value = credentials.add_secret(obj, actor=None).value
