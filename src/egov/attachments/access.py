"""Who may read a stored file: whoever may read an object that holds it, as the owning domain decides.

A file has no permission of its own. Its owners are the rows that point at it through a registered field
(a document's ``attachments``, a dossier paper's ``attachment``, a plan indicator's ``evidence``…); each
domain registers, from its ``AppConfig.ready``, which of its models hold files and which of those rows a
user may read::

    from egov.attachments.access import register_file_owner

    register_file_owner(
        "documents.IncomingDocument", "attachments", readable=lambda user: IncomingDocument.objects.for_user(user)
    )

A user may read a file when at least one of its owners is in ``readable(user)``. A file that no registered
row holds yet (a citizen's upload in an unsent application) is readable by its uploader only. The file's own
``agency`` column decides nothing: the document's secrecy, the dossier's scoping, the citizen's ownership
do, so no role reads a secret document's file without the clearance the document asks for.

This module imports no domain app: domains import it.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.db.models import Model, QuerySet

from egov.core.registry import Registry

Readable = Callable[[object], QuerySet]


@dataclass(frozen=True)
class FileOwner:
    """``model`` rows hold files through ``field`` (a foreign key or many-to-many to ``Attachment``)."""

    model_label: str
    field: str
    readable: Readable  # the rows ``user`` may read: ``readable(user)`` is a queryset of ``model``
    label: str = ""  # what the owner is called in messages and in the permission table (Vietnamese)

    @property
    def model(self) -> type[Model]:
        return apps.get_model(self.model_label)

    def holding(self, attachment) -> QuerySet:
        return self.model._default_manager.filter(**{self.field: attachment})


# Key: "<app_label.Model>.<field>". Only the domain owning the model registers it; an app's ``ready()`` may run
# twice in tests and registers fresh callables, so a registration replaces the previous one.
FILE_OWNERS: Registry[FileOwner] = Registry("file owners")


def register_file_owner(model_label: str, field: str, *, readable: Readable, label: str = "") -> FileOwner:
    """Declare that ``model_label`` rows hold files through ``field``, readable by ``readable(user)``."""
    owner = FileOwner(model_label=model_label, field=field, readable=readable, label=label)
    return FILE_OWNERS.register(f"{model_label}.{field}", owner, replace=True)


def owners_of(attachment) -> list[tuple[FileOwner, Model]]:
    """Every registered row that holds ``attachment``, with the registration it was found through."""
    return [(owner, row) for owner in FILE_OWNERS.all() for row in owner.holding(attachment)]


def readable_owners(user, attachment) -> list[tuple[FileOwner, Model]]:
    """The rows holding ``attachment`` that ``user`` may read."""
    if user is None:
        return []
    return [
        (owner, row) for owner in FILE_OWNERS.all() for row in owner.readable(user).filter(**{owner.field: attachment})
    ]


def can_read(user, attachment) -> bool:
    """True when ``user`` may read one of the rows holding ``attachment`` (or uploaded it and nothing holds it)."""
    if readable_owners(user, attachment):
        return True
    return own_unheld_upload(user, attachment)


def own_unheld_upload(user, attachment) -> bool:
    """A file no registered row holds yet (an upload in an unsent application) is its uploader's alone."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if attachment.uploaded_by_id is None or attachment.uploaded_by_id != user.pk:
        return False
    return not any(owner.holding(attachment).exists() for owner in FILE_OWNERS.all())
