"""Search over ``search_text``: PostgreSQL full text with a GIN index, per-word ``LIKE`` on other databases.

``search_text`` is already normalised (lower case, no diacritics, words of ``[0-9a-z]``), so the ``simple``
text-search configuration (no stemming, no stop words) indexes exactly the words a user types. Migration
0004 adds to both document tables a stored generated column ``search_vector = to_tsvector('simple',
search_text)`` with a GIN index; ``FullTextMatch`` reads that column. A stored vector, not an expression
index: when the planner prefers another index (the agency's, for ``ORDER BY … LIMIT``) it filters rows with
a cheap ``@@`` instead of re-parsing every text (measured: 30 s per search at 200,000 rows with the
expression index, see docs/documents.md). Every word must match; the last one also as a prefix
(typing "quy hoa" finds "quy hoach"). Measured choice (200,000 rows, PostgreSQL 15): full text 25–45 ms for a
common query and < 1 ms for a rare one, against 85–95 ms for ``LIKE`` and 90–110 ms with a ``pg_trgm`` GIN
index (trigrams do not help short, frequent words) — see docs/documents.md.
"""

from django.db import connections
from django.db.models import BooleanField, Expression, F

from egov.search.text import search_filter, tokens

CONFIG = "simple"
VECTOR = "search_vector"  # PostgreSQL only: a generated column the models do not declare (migration 0004)


class FullTextMatch(Expression):
    """``<table>.search_vector @@ to_tsquery('simple', <query>)``; ``search_vector`` is the stored
    ``to_tsvector('simple', search_text)`` of the same row (``field`` names the table through its alias)."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, field: str, tsquery: str):
        super().__init__(output_field=BooleanField())
        self.target = F(field)
        self.tsquery = tsquery

    def get_source_expressions(self):
        return [self.target]

    def set_source_expressions(self, exprs):
        (self.target,) = exprs

    def as_sql(self, compiler, connection):
        column = f"{compiler.quote_name_unless_alias(self.target.alias)}.{connection.ops.quote_name(VECTOR)}"
        return f"{column} @@ to_tsquery('{CONFIG}'::regconfig, %s)", [self.tsquery]


def to_tsquery(query: str) -> str:
    """Every word ANDed, the last one as a prefix; words are ``[0-9a-z]+`` so nothing needs quoting."""
    words = tokens(query)
    if not words:
        return ""
    return " & ".join([*words[:-1], f"{words[-1]}:*"])


def search(queryset, query: str, field: str = "search_text"):
    """``queryset`` narrowed to rows whose ``field`` holds every word of ``query`` (no diacritics needed)."""
    if not tokens(query):
        return queryset
    if connections[queryset.db].vendor == "postgresql":
        return queryset.filter(FullTextMatch(field, to_tsquery(query)))
    return queryset.filter(search_filter(query, field))
