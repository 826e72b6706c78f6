"""The demo province (fictional "Tỉnh An Khánh"), read from ``data/demo_province.json``.

The data file explains the codes it uses. Loading is idempotent: units, agencies, positions and officials
are looked up by their natural key (code, name) and written only when something differs, so a second run
changes nothing; accounts are created when missing and never changed afterwards.
"""

import json
from pathlib import Path
from typing import NamedTuple

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Permission
from django.db import transaction

from egov.accounts.models import Role, StaffRole, User

from .models import AdministrativeUnit, Agency, Official, Position, validate_organ_id

DATA_FILE = Path(__file__).parent / "data" / "demo_province.json"
APPLICANT_PLACE = "Cổng dịch vụ công"  # where citizens and businesses sign in


class DemoAccount(NamedTuple):
    username: str
    password: str
    role: str  # in Vietnamese, for the console table
    agency: str


def load_data() -> dict:
    return json.loads(DATA_FILE.read_text(encoding="utf-8"))


def _columns(model, values: dict) -> dict:
    """``values`` with related objects replaced by their ids (``parent`` -> ``parent_id``)."""
    columns = {}
    for name, value in values.items():
        field = model._meta.get_field(name)
        if field.is_relation:
            columns[field.attname] = value.pk if value is not None else None
        else:
            columns[name] = value
    return columns


def _upsert(model, lookup: dict, values: dict):
    """Get the row matching ``lookup`` and bring it to ``values``, saving only when something differs."""
    values = _columns(model, values)
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        obj.save()
        return obj
    changed = {name: value for name, value in values.items() if getattr(obj, name) != value}
    if changed:
        for name, value in changed.items():
            setattr(obj, name, value)
        obj.save()
    return obj


def _load_units(data: dict) -> dict[str, AdministrativeUnit]:
    units: dict[str, AdministrativeUnit] = {}
    for item in data["administrative_units"]:
        parent = units[item["parent"]] if item.get("parent") else None
        units[item["code"]] = _upsert(
            AdministrativeUnit,
            {"code": item["code"]},
            {"name": item["name"], "level": item["level"], "parent": parent},
        )
    return units


def _load_positions(data: dict) -> dict[str, Position]:
    return {
        item["name"]: _upsert(Position, {"name": item["name"]}, {"rank": item["rank"], "is_leader": item["is_leader"]})
        for item in data["positions"]
    }


def _walk(node: dict, parent: dict | None = None, order: int = 0):
    """Yield (node, parent node, sibling order) in tree order, children inheriting the territory."""
    node.setdefault("unit", parent["unit"] if parent else None)
    yield node, parent, order
    for index, child in enumerate(node.get("children", ())):
        yield from _walk(child, node, (index + 1) * 10)


AGENCY_FIELDS = ("name", "abbreviation", "kind", "address", "phone", "email", "website")


def _load_agencies(data: dict, units: dict) -> dict[str, Agency]:
    agencies: dict[str, Agency] = {}
    for node, parent, order in _walk(data["agency"]):
        validate_organ_id(node["code"])
        values = {name: node.get(name, "") for name in AGENCY_FIELDS}
        values |= {
            "parent": agencies[parent["code"]] if parent else None,
            "administrative_unit": units[node["unit"]],
            "sort_order": order,
            "is_active": True,
        }
        agencies[node["code"]] = _upsert(Agency, {"code": node["code"]}, values)
    return agencies


def _load_officials(data: dict, agencies: dict, positions: dict) -> list[tuple[Official, dict]]:
    """Create the officials; return those with a demo account, with the account's data."""
    with_accounts = []
    for node, _parent, _order in _walk(data["agency"]):
        unit = agencies[node["code"]]
        agency, department = (unit.parent, unit) if unit.is_department else (unit, None)
        for item in node.get("officials", ()):
            values = {
                "department": department,
                "position": positions[item["position"]],
                "phone": item.get("phone", ""),
                "email": item.get("email", ""),
                "is_focal_point": item.get("focal", False),
                "is_active": True,
            }
            official = _upsert(Official, {"agency": agency, "full_name": item["name"]}, values)
            if "account" in item:
                with_accounts.append((official, item["account"]))
    return with_accounts


class _Password:
    """The demo password, hashed at most once per run (hashing is slow on purpose)."""

    def __init__(self, raw: str):
        self.raw = raw
        self._hash = None

    def hash(self) -> str:
        if self._hash is None:
            self._hash = make_password(self.raw)
        return self._hash


def _ensure_user(username: str, values: dict, password: _Password, roles=(), permissions=()) -> User:
    """Create the demo account once. An existing account is never changed: running the loader against a
    database with real users must not reset a password or grant a role."""
    user = User.objects.filter(username=username).first()
    if user is not None:
        return user
    user = User(username=username, password=password.hash(), **_columns(User, values))
    user.save()
    StaffRole.objects.bulk_create([StaffRole(user=user, role=Role(role)) for role in roles])
    for name in permissions:
        app_label, codename = name.split(".")
        user.user_permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return user


def _load_staff(with_accounts, password: _Password) -> list[DemoAccount]:
    accounts = []
    for official, account in with_accounts:
        superuser = account.get("is_superuser", False)
        values = {
            "kind": User.Kind.STAFF,
            "full_name": official.full_name,
            "email": f"{account['username']}@ankhanh.example",
            "official": official,
            "is_staff": superuser or account.get("is_staff", False),
            "is_superuser": superuser,
        }
        _ensure_user(account["username"], values, password, account["roles"], account.get("permissions", ()))
        unit = official.unit
        where = unit.name if unit == official.agency else f"{unit.name}, {official.agency.name}"
        accounts.append(DemoAccount(account["username"], password.raw, account["role"], where))
    # The system administrator first, then the tree order of the data file.
    return sorted(accounts, key=lambda a: a.username != "admin")


def _load_applicants(data: dict, password: _Password) -> list[DemoAccount]:
    accounts = []
    for item in data["applicants"]:
        values = {"kind": item["kind"], "full_name": item["full_name"], "email": item["email"]}
        _ensure_user(item["username"], values, password)
        accounts.append(DemoAccount(item["username"], password.raw, item["role"], APPLICANT_PLACE))
    return accounts


@transaction.atomic
def load_demo_province() -> list[DemoAccount]:
    """Create (or bring up to date) the demo province; return its sign-ins for the console."""
    data = load_data()
    units = _load_units(data)
    positions = _load_positions(data)
    agencies = _load_agencies(data, units)
    with_accounts = _load_officials(data, agencies, positions)
    password = _Password(data["password"])
    return _load_staff(with_accounts, password) + _load_applicants(data, password)


# ``egov demo`` (egov.core.demo.load_all) calls ``<app>.demo.load_demo()``.
load_demo = load_demo_province
