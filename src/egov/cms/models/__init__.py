"""Information portal models: Wagtail pages (``pages``), public records (``records``), view counts (``stats``)."""

from .pages import (
    AgencySiteHomePage,
    IntroductionPage,
    NewsCategory,
    NewsIndexPage,
    NewsPage,
    PortalHomePage,
    StandardPage,
)
from .records import GazetteIssue, LegalDocument, ProcurementItem, PublicationStatus
from .stats import PageViewDaily

__all__ = [
    "AgencySiteHomePage",
    "GazetteIssue",
    "IntroductionPage",
    "LegalDocument",
    "NewsCategory",
    "NewsIndexPage",
    "NewsPage",
    "PageViewDaily",
    "PortalHomePage",
    "ProcurementItem",
    "PublicationStatus",
    "StandardPage",
]
