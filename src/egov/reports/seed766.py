"""The seeded rules of the Decision 766 index (groups, components, weights, thresholds).

Sources (see docs/reports.md): the group maxima come from a public summary of Quyết định 766/QĐ-TTg
(secondary source, to be checked against the decision's appendix); the measured components and their
rules are the published implementation quoted in REGULATIONS.md; everything else is one "nhập tay"
(entered) component holding the rest of its group's points. Editable in the admin afterwards.
"""

from decimal import Decimal

REG = "REGULATIONS.md (QĐ 766, cách tính công khai)"
SUMMARY = "Tóm tắt công khai QĐ 766/QĐ-TTg (nguồn thứ cấp, cần đối chiếu phụ lục)"

# (code, name, max points, order, [(code, name, max points, method, indicator, threshold, points below, source)])
GROUPS = [
    (
        "CKMB",
        "Công khai, minh bạch",
        "18",
        1,
        [
            (
                "CKMB.1",
                "Công khai, minh bạch thông tin thủ tục hành chính và tiến độ giải quyết",
                "18",
                "manual",
                "",
                None,
                None,
                SUMMARY,
            ),
        ],
    ),
    (
        "TDGQ",
        "Tiến độ, kết quả giải quyết",
        "20",
        2,
        [
            (
                "TDGQ.1",
                "Tỷ lệ hồ sơ giải quyết đúng tiến độ (đang giải quyết trong hạn và đã giải quyết đúng, sớm hạn)",
                "20",
                "ratio",
                "dossiers.progress_share",
                None,
                None,
                REG,
            ),
        ],
    ),
    (
        "SHHS",
        "Số hóa hồ sơ",
        "22",
        3,
        [
            ("SHHS.1", "Tỷ lệ hồ sơ cấp kết quả điện tử", "6", "ratio", "dossiers.e_result_share", None, None, REG),
            (
                "SHHS.2",
                "Tỷ lệ hồ sơ được số hóa (đủ điểm khi từ 80 %)",
                "4",
                "threshold",
                "dossiers.digitised_share",
                "80",
                "3.2",
                REG,
            ),
            ("SHHS.3", "Khai thác, tái sử dụng thông tin, dữ liệu số hóa", "12", "manual", "", None, None, SUMMARY),
        ],
    ),
    (
        "DVTT",
        "Cung cấp dịch vụ trực tuyến",
        "12",
        4,
        [
            (
                "DVTT.1",
                "Tỷ lệ hồ sơ trực tuyến (đủ điểm khi từ 50 %)",
                "6",
                "threshold",
                "dossiers.online_share",
                "50",
                "3",
                REG,
            ),
            (
                "DVTT.2",
                "Tỷ lệ hồ sơ có phí, lệ phí thanh toán trực tuyến (đủ điểm khi từ 30 %)",
                "6",
                "threshold",
                "dossiers.paid_online_share",
                "30",
                None,
                REG,
            ),
        ],
    ),
    (
        "HLNG",
        "Mức độ hài lòng",
        "18",
        5,
        [
            (
                "HLNG.1",
                "Tỷ lệ đánh giá hài lòng của người dân, doanh nghiệp",
                "18",
                "ratio",
                "dossiers.satisfaction",
                None,
                None,
                REG,
            ),
        ],
    ),
]


def ensure_index_rules(group_model=None, component_model=None) -> None:
    """Create the seeded groups and components that are missing (existing rows are left as edited)."""
    if group_model is None:
        from .models import IndexComponent as component_model
        from .models import IndexGroup as group_model
    for code, name, points, order, components in GROUPS:
        group, _created = group_model.objects.get_or_create(
            code=code, defaults={"name": name, "max_points": Decimal(points), "order": order}
        )
        for index, (c_code, c_name, c_points, method, indicator, threshold, below, source) in enumerate(components):
            component_model.objects.get_or_create(
                code=c_code,
                defaults={
                    "group": group,
                    "name": c_name,
                    "max_points": Decimal(c_points),
                    "method": method,
                    "indicator": indicator,
                    "threshold": Decimal(threshold) if threshold else None,
                    "points_below": Decimal(below) if below else None,
                    "source": source,
                    "order": index + 1,
                },
            )
