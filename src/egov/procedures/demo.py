"""The demo catalogue (``data/demo_catalogue.json``, in the import format) for the demo province.

``egov demo`` calls ``load_demo()`` after the agencies' loader (INSTALLED_APPS order), so the agency codes
it names exist. Loading is an ordinary import: procedures that already match the file are left alone,
so a second run changes nothing.
"""

from pathlib import Path

from . import services

DATA_FILE = Path(__file__).parent / "data" / "demo_catalogue.json"


class DemoCatalogueError(RuntimeError):
    """The demo catalogue does not import cleanly (a bug in the data file, or the demo province is missing)."""


def load_demo() -> list:
    result = services.import_catalogue(DATA_FILE)
    if not result.ok:
        raise DemoCatalogueError("\n".join(str(issue) for issue in result.issues[:20]))
    return []
