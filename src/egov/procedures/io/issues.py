"""Where a value sits in an import file, and what is wrong with it."""

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Location:
    """A row of an XLSX sheet (``sheet`` and ``row``), or an object of a JSON file (``path``)."""

    sheet: str = ""
    row: int | None = None
    path: str = ""
    labels: Mapping[str, str] = field(default_factory=dict, compare=False, hash=False)

    def column(self, name: str | None) -> str:
        """The column header (XLSX) or key (JSON) of field ``name``."""
        return self.labels.get(name, name) if name else ""

    def describe(self, name: str | None = None) -> str:
        column = self.column(name)
        if self.sheet:
            where = _("Sheet %(sheet)s, dòng %(row)d") % {"sheet": self.sheet, "row": self.row}
            return _("%(where)s, cột «%(column)s»") % {"where": where, "column": column} if column else where
        if column:
            return _("%(where)s, trường «%(column)s»") % {"where": self.path, "column": column}
        return self.path

    def short(self) -> str:
        """The row alone, to point back to it from another message."""
        return _("dòng %(row)d") % {"row": self.row} if self.sheet else self.path


@dataclass(frozen=True)
class Issue:
    """One problem found in an import file; ``str(issue)`` is the message shown to the user."""

    message: str
    sheet: str = ""
    row: int | None = None
    column: str = ""
    where: str = ""

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


class Issues(list):
    """The issues of one import, in the order they were found."""

    def add(self, location: Location | None, message: str, name: str | None = None) -> None:
        if location is None:
            self.append(Issue(message=message))
            return
        self.append(
            Issue(
                message=message,
                sheet=location.sheet,
                row=location.row,
                column=location.column(name),
                where=location.describe(name),
            )
        )
