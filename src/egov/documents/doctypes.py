"""The document types of Decree 30/2020 (Phụ lục III) with their abbreviations; a Công văn has no type part.

Used by the data migration and by ``ensure_document_types`` (tests that flush the database, demo)."""

TYPES = [
    ("Công văn", "CV"),
    ("Nghị quyết", "NQ"),
    ("Quyết định", "QĐ"),
    ("Chỉ thị", "CT"),
    ("Quy chế", "QC"),
    ("Quy định", "QyĐ"),
    ("Thông cáo", "TC"),
    ("Thông báo", "TB"),
    ("Hướng dẫn", "HD"),
    ("Chương trình", "CTr"),
    ("Kế hoạch", "KH"),
    ("Phương án", "PA"),
    ("Đề án", "ĐA"),
    ("Dự án", "DA"),
    ("Báo cáo", "BC"),
    ("Biên bản", "BB"),
    ("Tờ trình", "TTr"),
    ("Hợp đồng", "HĐ"),
    ("Công điện", "CĐ"),
    ("Bản ghi nhớ", "BGN"),
    ("Bản thỏa thuận", "BTT"),
    ("Giấy ủy quyền", "GUQ"),
    ("Giấy mời", "GM"),
    ("Giấy giới thiệu", "GGT"),
    ("Giấy nghỉ phép", "GNP"),
    ("Phiếu gửi", "PG"),
    ("Phiếu chuyển", "PC"),
    ("Phiếu báo", "PB"),
]
WITHOUT_TYPE_PART = {"CV"}
DEFAULT_CHAIN = ["department_head", "agency_leader"]


def ensure_document_types(model=None) -> None:
    """Create the missing types (``model``: the historical model in a migration, else the real one)."""
    if model is None:
        from .models import DocumentType as model
    for name, abbreviation in TYPES:
        model.objects.get_or_create(
            abbreviation=abbreviation,
            defaults={
                "name": name,
                "in_notation": abbreviation not in WITHOUT_TYPE_PART,
                "approval_chain": DEFAULT_CHAIN,
            },
        )
