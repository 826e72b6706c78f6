"""Who listens to which topic.

An app declares its handlers in its ``handlers.py`` module (imported for every installed app when
the events app is ready)::

    from egov.events.registry import subscriber

    @subscriber("dossier.received", name="notifications.email_receipt")
    def email_receipt(event):
        ...

A pattern is a topic or a shell-style wildcard (``dossier.*``, ``*``). The name is stored on each
delivery, so keep it stable: renaming a handler leaves its pending deliveries without a handler.
"""

from collections.abc import Callable
from dataclasses import dataclass
from fnmatch import fnmatchcase

from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class Handler:
    name: str
    patterns: tuple[str, ...]
    func: Callable

    def matches(self, topic: str) -> bool:
        return any(fnmatchcase(topic, pattern) for pattern in self.patterns)


class Registry:
    def __init__(self) -> None:
        self._handlers: dict[str, Handler] = {}

    def register(self, func: Callable, *patterns: str, name: str | None = None) -> Handler:
        if not patterns:
            raise ImproperlyConfigured("A subscriber needs at least one topic.")
        name = name or f"{func.__module__}.{func.__qualname__}"
        existing = self._handlers.get(name)
        if existing is not None and _origin(existing.func) != _origin(func):
            raise ImproperlyConfigured(f"Two event handlers are named {name!r}.")
        handler = Handler(name=name, patterns=tuple(patterns), func=func)
        self._handlers[name] = handler
        return handler

    def unregister(self, name: str) -> None:
        self._handlers.pop(name, None)

    def get(self, name: str) -> Handler | None:
        return self._handlers.get(name)

    def handlers_for(self, topic: str) -> list[Handler]:
        return [handler for handler in self._handlers.values() if handler.matches(topic)]

    def all(self) -> list[Handler]:
        return list(self._handlers.values())


def _origin(func: Callable) -> tuple[str, str]:
    return (func.__module__, func.__qualname__)


registry = Registry()


def subscriber(*patterns: str, name: str | None = None):
    """Decorator: call the function with each event whose topic matches one of ``patterns``."""

    def decorator(func: Callable) -> Callable:
        registry.register(func, *patterns, name=name)
        return func

    return decorator
