"""Factories shared by every app's tests: administrative units, agencies, officials, users."""

import factory
from factory.django import DjangoModelFactory

from egov.accounts.models import Role, StaffRole, User
from egov.agencies.models import AdministrativeUnit, Agency, Official, Position


class AdministrativeUnitFactory(DjangoModelFactory):
    class Meta:
        model = AdministrativeUnit
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"{n + 10:02d}")
    name = factory.Sequence(lambda n: f"Tỉnh Thử Nghiệm {n}")
    level = AdministrativeUnit.Level.PROVINCE


class AgencyFactory(DjangoModelFactory):
    class Meta:
        model = Agency

    code = factory.Sequence(lambda n: f"000.00.{n // 100:02d}.H{n % 100:02d}")
    name = factory.Sequence(lambda n: f"Sở Thử Nghiệm {n}")
    abbreviation = factory.Sequence(lambda n: f"STN{n}")
    kind = Agency.Kind.PROVINCIAL_DEPARTMENT
    administrative_unit = factory.SubFactory(AdministrativeUnitFactory)


class DepartmentFactory(AgencyFactory):
    kind = Agency.Kind.DEPARTMENT
    name = factory.Sequence(lambda n: f"Phòng Thử Nghiệm {n}")
    parent = factory.SubFactory(AgencyFactory)
    administrative_unit = factory.SelfAttribute("parent.administrative_unit")


class PositionFactory(DjangoModelFactory):
    class Meta:
        model = Position
        django_get_or_create = ("name",)

    name = "Chuyên viên"
    rank = 90


class OfficialFactory(DjangoModelFactory):
    class Meta:
        model = Official

    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Thử {n}")
    agency = factory.SubFactory(AgencyFactory)
    position = factory.SubFactory(PositionFactory)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"Người Dùng {n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.vn")
    kind = User.Kind.CITIZEN
    password = factory.PostGenerationMethodCall("set_password", "Mat-khau-2026")

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class StaffUserFactory(UserFactory):
    """A staff user with an official record; ``roles=[Role.CLERK, ...]`` sets the roles."""

    kind = User.Kind.STAFF
    official = factory.SubFactory(OfficialFactory)

    @factory.post_generation
    def roles(obj, create, extracted, **kwargs):
        if create:
            for role in extracted or [Role.SPECIALIST]:
                StaffRole.objects.create(user=obj, role=role)
