"""The search path per database: PostgreSQL full text through the GIN index, per-word LIKE elsewhere."""

import pytest
from django.db import connection

from egov.documents import services
from egov.documents.fulltext import to_tsquery
from egov.documents.models import IncomingDocument

pytestmark = pytest.mark.django_db


def test_query_words_are_anded_and_the_last_is_a_prefix():
    assert to_tsquery("Quyết định phê duyệt QUY HOẠ") == "quyet & dinh & phe & duyet & quy & hoa:*"
    assert to_tsquery("  --  ") == ""


def test_the_last_word_may_be_unfinished_and_nothing_else_matches(world):
    doc = services.register_incoming(world.incoming_data(subject="Phê duyệt quy hoạch chung"), clerk=world.a.clerk)
    visible = IncomingDocument.objects.for_user(world.a.clerk)
    assert list(visible.search("phe duyet quy hoa")) == [doc]
    assert not visible.search("phe duyet quy hoach tinh").exists()
    assert list(visible.search("")) == [doc]


def test_postgresql_uses_the_gin_index(world):
    if connection.vendor != "postgresql":
        pytest.skip("full-text index exists on PostgreSQL only")
    queryset = IncomingDocument.objects.search("quyet dinh")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = queryset.query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "doc_in_search_fts" in plan
