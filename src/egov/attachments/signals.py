"""Signals of the attachments app.

``file_downloaded``: sent by ``/tep/<token>/`` after the permission check, before the bytes are streamed,
with ``request``, ``attachment`` and ``owners`` (the ``(FileOwner, row)`` pairs holding the file that the
user may read). The security log listens to it: the documents app records ``file.secret_download``
(``egov.audit.security.SECRET_DOWNLOAD``) for files of secret documents (``egov.documents.files``); other
domains may connect their own receivers.
"""

from django.dispatch import Signal

file_downloaded = Signal()
