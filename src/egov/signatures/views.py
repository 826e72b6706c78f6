"""Staff page: upload a PDF, see a report of its digital signatures."""

from django.core.exceptions import ValidationError
from django.shortcuts import render

from egov.accounts.decorators import role_required

from .forms import VerifyForm
from .services import verify_pdf


@role_required()
def verify(request):
    reports = None
    form = VerifyForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            reports = verify_pdf(form.cleaned_data["file"].read())
        except ValidationError as exc:
            form.add_error("file", exc)
    return render(request, "signatures/verify.html", {"form": form, "reports": reports})
