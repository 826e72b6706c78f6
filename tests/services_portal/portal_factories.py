"""Portal test data: the one-stop world of the dossier tests plus citizens, drafts and uploads."""

import io

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from dossiers.factories import OneStopWorld, ProcedureFactory, pdf_upload
from egov.accounts.models import User
from egov.procedures.models import Procedure
from egov.services_portal.models import CitizenProfile
from factories import UserFactory

__all__ = ["CitizenFactory", "PortalWorld", "ProcedureFactory", "jpeg_upload", "pdf_upload", "png_upload"]


class CitizenFactory(UserFactory):
    kind = User.Kind.CITIZEN
    phone = factory.Sequence(lambda n: f"09123{n:05d}")

    @factory.post_generation
    def profile(obj, create, extracted, **kwargs):
        if create:
            CitizenProfile.objects.create(
                user=obj, id_number=kwargs.get("id_number", "001190012345"), address="Số 1 đường Lê Lợi"
            )


def _image(fmt: str, name: str):
    out = io.BytesIO()
    Image.new("RGB", (60, 40), (200, 30, 30)).save(out, format=fmt)
    return SimpleUploadedFile(name, out.getvalue(), content_type=f"image/{fmt.lower()}")


def jpeg_upload(name="anh.jpg"):
    return _image("JPEG", name)


def png_upload(name="anh.png"):
    return _image("PNG", name)


class PortalWorld(OneStopWorld):
    """OneStopWorld plus a commune-level procedure and a signed-in citizen."""

    def __init__(self):
        super().__init__()
        self.commune_procedure = ProcedureFactory(
            onestop=True,
            code="2.000100",
            name="Đăng ký khai sinh",
            sector=self.sector,
            level=Procedure.Level.COMMUNE,
            agencies=[self.ubnd_xa],
        )
        self.citizen = CitizenFactory(full_name="Nguyễn Thị Hồng Nhung")
