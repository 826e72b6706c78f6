from django.contrib.auth.decorators import login_required
from django.http import HttpResponse


def home(request):
    return HttpResponse("egov")


@login_required
def workspace(request):
    return HttpResponse("workspace")
