"""Guard: a calendar day is the day in Viet Nam (``timezone.localdate()``), never the UTC one.

``date.today()`` reads the server's clock zone and ``.date()`` of an aware UTC datetime gives yesterday between
00:00 and 07:00 in Viet Nam. The scan covers ``src/`` and ``tests/``; a line may opt out with ``# utc-date: ok``
when the datetime is naive (a spreadsheet cell) or already local.
"""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN = [
    re.compile(r"\bdate\.today\(\)"),
    re.compile(r"\bdatetime\.(today|now)\(\)"),  # naive clock reads (``datetime.now(tz)`` is fine)
    re.compile(r"\bdatetime\.utcnow\(\)"),
    re.compile(r"\bnow\(\)\.date\(\)"),
    re.compile(r"\bnow\b.*\.date\(\)"),  # now.date(), (now + timedelta(...)).date()
]
OPT_OUT = "# utc-date: ok"


def offending_lines(text: str) -> list[tuple[int, str]]:
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        code = line.split("#", 1)[0] if OPT_OUT not in line else ""
        if "localtime(" in code or "astimezone(" in code:  # converted to Viet Nam time first
            continue
        if any(pattern.search(code) for pattern in FORBIDDEN):
            found.append((number, line.strip()))
    return found


def test_the_guard_catches_the_usual_mistakes():
    bad = [
        "day = date.today()",
        "day = timezone.now().date()",
        "start, end = (now - timedelta(days=60)).date(), now.date()",
        "later = (now + timedelta(days=10)).date().isoformat()",
        "stamp = datetime.now()",
    ]
    good = [
        "day = timezone.localdate()",
        "day = timezone.localdate(now)",
        "local.date()",
        "x = now  # .date()",
        "timezone.localtime(now).date()",
    ]
    assert [n for n, _ in offending_lines("\n".join(bad))] == [1, 2, 3, 4, 5]
    assert offending_lines("\n".join(good)) == []


def test_no_utc_or_server_dates_in_src_or_tests():
    here = Path(__file__).resolve()
    problems = []
    for folder in ("src", "tests"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            if path == here or "migrations" in path.parts:
                continue
            for number, line in offending_lines(path.read_text(encoding="utf-8")):
                problems.append(f"{path.relative_to(ROOT)}:{number}: {line}")
    assert problems == [], "use timezone.localdate(...) for calendar days:\n" + "\n".join(problems)
