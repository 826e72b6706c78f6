"""Whole-page cache of the public catalogue for anonymous visitors: the catalogue and its search
(``/dich-vu-cong/``), the procedure page and the public API (``/api/v1/public/procedures/``).

Rendering the catalogue page costs ~8 ms of Python (template, select lists, ORM rows) against ~0.5 ms for
``/healthz``: cached, a repeated search is served in about the time of ``/healthz`` (docs/benchmarks.md).
Any change to a procedure, its papers, fees, steps, sectors, agencies or administrative units forgets every
cached catalogue page at once (a new *generation*), both when the row is saved and when its transaction
commits, so that no page rendered from the old rows inside the transaction survives it.
"""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from egov.core.pagecache import PageCache

# The API answers JSON or the browsable HTML page depending on the Accept header.
pages = PageCache("catalogue", vary=("HTTP_ACCEPT",))
anonymous_cache = pages.anonymous


def invalidate(**kwargs) -> None:
    pages.invalidate()
    transaction.on_commit(pages.invalidate)


def connect_signals() -> None:
    """Called from ``ProceduresConfig.ready``."""
    from egov.agencies.models import AdministrativeUnit, Agency

    from .models import Fee, Procedure, ProcessStep, RequiredDocument, Sector

    for model in (Procedure, Sector, RequiredDocument, Fee, ProcessStep, Agency, AdministrativeUnit):
        uid = f"catalogue-cache-{model._meta.label_lower}"
        post_save.connect(invalidate, sender=model, dispatch_uid=uid + "-save")
        post_delete.connect(invalidate, sender=model, dispatch_uid=uid + "-delete")
    m2m_changed.connect(invalidate, sender=Procedure.agencies.through, dispatch_uid="catalogue-cache-agencies")
