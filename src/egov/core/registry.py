"""One plugin registry for every kind of plugin: payment gateways, exchange transports, report indicators,
periodic jobs, navigation items, and the national connectors, SMS and OCR engines still to come.

A registry maps a key to one item of type ``T``. A plugin registers itself from its app's ``ready()``::

    GATEWAYS: Registry[GatewayFactory] = Registry("payment gateways", enabled=lambda: [settings.PAYMENT_GATEWAY])

    class VnpayConfig(AppConfig):
        def ready(self):
            GATEWAYS.register("vnpay", VnpayGateway.from_settings)

or with the decorator form ``@GATEWAYS.register("vnpay")``. Registering a second, different item under a key
is an error (``AlreadyRegistered``); registering the very same item again is a no-op (an app's ``ready()`` may
run twice in tests). Tests never pop globals: they build their own registry, or use
``with REGISTRY.override(): ...`` which puts the contents back on exit.

A registry built with ``enabled=`` (the keys the settings switch on) takes part in the system check
``egov.E100``: an enabled key nobody registered, or an item whose ``configuration_errors()``
returns messages (VNPay chosen without its keys), fails ``manage.py check`` and the start of the server.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Generic, TypeVar

T = TypeVar("T")
_MISSING = object()

# Every registry that declares which of its keys are enabled (the system check walks them).
_CHECKED: weakref.WeakSet[Registry] = weakref.WeakSet()


class AlreadyRegistered(ValueError):
    """A different item is already registered under this key."""


class NotRegistered(LookupError):
    """No item is registered under this key."""


class Registry(Generic[T]):
    """Key → item, in registration order."""

    def __init__(self, name: str, *, enabled: Callable[[], Iterable[str]] | None = None):
        self.name = name
        self.enabled = enabled
        self._items: dict[str, T] = {}
        if enabled is not None:
            _CHECKED.add(self)

    def __repr__(self) -> str:
        return f"<Registry {self.name}: {', '.join(map(str, self._items)) or 'empty'}>"

    # --- writing ---------------------------------------------------------------------------------------

    def register(self, key: str, item: T = _MISSING, *, replace: bool = False):
        """Register ``item`` under ``key`` and return it; without ``item``, a decorator that does so."""
        if item is _MISSING:

            def decorator(obj: T) -> T:
                return self.register(key, obj, replace=replace)

            return decorator
        current = self._items.get(key, _MISSING)
        if current is not _MISSING and current is not item and current != item and not replace:
            raise AlreadyRegistered(f"{self.name}: {key!r} is already registered ({current!r})")
        self._items[key] = item
        return item

    def unregister(self, key: str) -> T:
        try:
            return self._items.pop(key)
        except KeyError:
            raise NotRegistered(f"{self.name}: {key!r} is not registered") from None

    def clear(self) -> None:
        self._items.clear()

    # --- reading ---------------------------------------------------------------------------------------

    def get(self, key: str, default=_MISSING) -> T:
        try:
            return self._items[key]
        except KeyError:
            if default is not _MISSING:
                return default
            raise NotRegistered(f"{self.name}: {key!r} is not registered") from None

    def __getitem__(self, key: str) -> T:
        return self.get(key)

    def __contains__(self, key: object) -> bool:
        return key in self._items

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._items))

    def __len__(self) -> int:
        return len(self._items)

    def keys(self) -> list[str]:
        return list(self._items)

    def all(self) -> list[T]:
        """Every item, in registration order."""
        return list(self._items.values())

    def items(self) -> list[tuple[str, T]]:
        return list(self._items.items())

    # --- tests -----------------------------------------------------------------------------------------

    def copy(self, name: str | None = None) -> Registry[T]:
        """A separate registry with the same items (not part of the system check)."""
        other: Registry[T] = Registry(name or self.name)
        other._items = dict(self._items)
        return other

    @contextmanager
    def override(self, items: dict[str, T] | None = None, *, keep: bool = True):
        """Within the block, register or replace ``items`` (on top of the current ones, or alone when
        ``keep=False``); the previous contents come back on exit."""
        saved = dict(self._items)
        try:
            if not keep:
                self._items.clear()
            self._items.update(items or {})
            yield self
        finally:
            self._items = saved

    # --- system check ----------------------------------------------------------------------------------

    def problems(self) -> list[str]:
        """What is wrong with the enabled keys: not registered, or registered but not configured."""
        if self.enabled is None:
            return []
        found = []
        for key in self.enabled() or ():
            if not key:
                continue
            item = self._items.get(key, _MISSING)
            if item is _MISSING:
                found.append(f"{self.name}: “{key}” is enabled but no plugin registered it")
                continue
            errors = getattr(item, "configuration_errors", None)
            for message in errors() if callable(errors) else ():
                found.append(f"{self.name}: “{key}” is enabled but not configured: {message}")
        return found


def check_registries(app_configs=None, **kwargs):
    """Django system check: every enabled plugin of every registry exists and is configured."""
    from django.core.checks import Error

    return [
        Error(message, id="egov.E100", hint="Set the plugin's settings or choose another one.")
        for registry in list(_CHECKED)
        for message in registry.problems()
    ]
