"""Anyone may list and download the signed checkpoints of the audit log, and keep copies outside our database."""

import re

from django.http import FileResponse, Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .checkpoints import SIGNATURE_SUFFIX, checkpoint_dir, list_checkpoints

FILE_NAME = re.compile(r"^checkpoint-\d{10}\.json(\.p7s)?$")


@require_GET
def checkpoints(request):
    return render(request, "audit/checkpoints.html", {"checkpoints": list_checkpoints()})


@require_GET
def checkpoint_file(request, name: str):
    path = checkpoint_dir() / name
    if not FILE_NAME.match(name) or not path.is_file():
        raise Http404
    content_type = "application/pkcs7-signature" if name.endswith(SIGNATURE_SUFFIX) else "application/json"
    return FileResponse(path.open("rb"), as_attachment=True, filename=name, content_type=content_type)
