"""What waits for the signed-in user, on the workspace home page: one tile per kind of work, each a count and
a link to the filtered list. Apps register a provider (``register_tiles``) in their ``ready()``; a provider
returns only the tiles the user's roles can use, and counts with as few queries as it can (one aggregate).
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Tile:
    key: str
    label: str
    count: int
    url: str
    alert: bool = False  # shown as a warning when not zero (overdue)


_providers: list[tuple[int, Callable]] = []


def register_tiles(provider: Callable, *, order: int = 100) -> None:
    """``provider(user, now) -> list[Tile]``."""
    if all(p is not provider for _o, p in _providers):
        _providers.append((order, provider))
        _providers.sort(key=lambda item: item[0])


def tiles_for(user, now) -> list[Tile]:
    return [tile for _order, provider in _providers for tile in provider(user, now)]
