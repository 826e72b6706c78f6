"""The one plugin registry (core.registry): register/get/all/unregister, decorator form, duplicate keys,
per-test registries and the system check for enabled plugins that are missing or not configured."""

import pytest

from egov.core.registry import AlreadyRegistered, NotRegistered, Registry, check_registries


def test_register_get_all_unregister_in_order():
    reg: Registry[int] = Registry("numbers")
    reg.register("one", 1)
    reg.register("two", 2)
    assert reg.get("one") == 1 and reg["two"] == 2
    assert reg.all() == [1, 2] and reg.keys() == ["one", "two"] and len(reg) == 2 and "one" in reg
    assert reg.unregister("one") == 1
    assert reg.all() == [2]
    with pytest.raises(NotRegistered):
        reg.get("one")
    assert reg.get("one", None) is None


def test_decorator_form_returns_the_item():
    reg: Registry[type] = Registry("classes")

    @reg.register("thing")
    class Thing:
        pass

    assert reg.get("thing") is Thing


def test_a_different_item_under_a_taken_key_is_an_error_the_same_item_is_not():
    reg: Registry[object] = Registry("things")
    item = object()
    reg.register("a", item)
    reg.register("a", item)  # an app's ready() may run twice
    with pytest.raises(AlreadyRegistered):
        reg.register("a", object())
    other = object()
    reg.register("a", other, replace=True)
    assert reg.get("a") is other


def test_override_and_copy_leave_the_registry_as_it_was():
    reg: Registry[int] = Registry("numbers")
    reg.register("one", 1)
    with reg.override({"two": 2}):
        assert reg.keys() == ["one", "two"]
    with reg.override({"three": 3}, keep=False):
        assert reg.keys() == ["three"]
    assert reg.keys() == ["one"]
    mine = reg.copy()
    mine.register("four", 4)
    assert "four" not in reg


class _Plugin:
    def __init__(self, errors=()):
        self.errors = list(errors)

    def configuration_errors(self):
        return self.errors


def test_system_check_reports_an_enabled_plugin_missing_or_not_configured():
    enabled = ["ok", "bare", "missing"]
    reg: Registry[_Plugin] = Registry("test plugins", enabled=lambda: enabled)
    reg.register("ok", _Plugin())
    reg.register("bare", _Plugin(["no merchant key"]))
    messages = [e.msg for e in check_registries() if e.msg.startswith("test plugins")]
    assert len(messages) == 2
    assert any("“bare”" in m and "no merchant key" in m for m in messages)
    assert any("“missing”" in m for m in messages)
    assert all(e.id == "egov.E100" for e in check_registries() if e.msg.startswith("test plugins"))
    enabled[:] = ["ok"]
    assert not [e for e in check_registries() if e.msg.startswith("test plugins")]


def test_the_project_passes_its_own_checks():
    assert [e for e in check_registries()] == []


def test_vnpay_chosen_without_its_keys_fails_the_system_check(settings):
    settings.PAYMENT_GATEWAY = "vnpay"
    settings.VNPAY_TMN_CODE = ""
    settings.VNPAY_HASH_SECRET = ""
    messages = [e.msg for e in check_registries()]
    assert any("payment gateways" in m and "“vnpay”" in m and "EGOV_VNPAY_TMN_CODE" in m for m in messages)
    settings.VNPAY_TMN_CODE, settings.VNPAY_HASH_SECRET = "EGOV0001", "bi-mat"
    assert not [m for m in (e.msg for e in check_registries()) if "payment gateways" in m]


def test_an_unknown_exchange_transport_fails_the_system_check(settings):
    settings.EXCHANGE_TRANSPORT = "bo-cau"
    assert any("exchange transports" in e.msg and "“bo-cau”" in e.msg for e in check_registries())
