"""Blocks the services portal adds to staff pages of other apps (``register_panel`` in ``apps.py``)."""

from .models import PaperSignatureCheck


def dossier_signature_checks(dossier, request):
    """The signature checks of the dossier's uploaded papers, for the officer; hidden when none was signed."""
    papers = [p for p in dossier.papers.all() if p.attachment_id]
    checks = PaperSignatureCheck.objects.in_bulk([p.attachment_id for p in papers], field_name="attachment_id")
    rows = [(paper, checks[paper.attachment_id]) for paper in papers if paper.attachment_id in checks]
    return {"rows": rows} if rows else None
