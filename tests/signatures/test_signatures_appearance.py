import datetime as dt

from egov.signatures import appearance
from egov.signatures.appearance import Appearance


def test_seal_covers_the_left_third_of_the_signature_box():
    x1, y1, x2, y2 = appearance.seal_box([300, 100, 510, 190], size=90, overlap=1 / 3)
    assert x2 == 370 and x2 - x1 == 90
    assert (y1 + y2) / 2 == 145


def test_stamp_sits_at_the_top_right_with_vietnam_time():
    assert appearance.stamp_box((595, 842), 200, 30, 14) == (381, 798, 581, 828)
    moment = dt.datetime(2026, 1, 5, 1, 2, 3, 456, tzinfo=dt.UTC)
    assert appearance.vietnam_iso(moment) == "2026-01-05T08:02:03+07:00"


def test_templates_from_settings_override_positions(settings):
    settings.SIGNATURES_APPEARANCE_TEMPLATES = {"cong-van": {"signature": {"box": [100, 100, 300, 200], "page": 0}}}

    page, box, image = appearance.layout(
        Appearance("signature", template="cong-van", title="Chủ tịch", name="A"), (0, 0)
    )

    assert (page, box) == (0, (100, 100, 300, 200))
    assert image.size == (200 * appearance.SCALE, 100 * appearance.SCALE)
    assert appearance.template("cong-van")["seal"]["size"] == appearance.DEFAULT_TEMPLATES["default"]["seal"]["size"]
