"""``egov bench feedback-submit`` and ``egov bench feedback-public-list``."""

from datetime import timedelta

from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from egov.agencies.models import AdministrativeUnit, Agency
from egov.core.benchmarking import BenchContext, Measurement, scenario
from egov.search.text import build_search_text

from . import services
from .models import Kind, Submission
from .transitions import Status

REQUESTS = 30


def _agency() -> Agency:
    unit, _ = AdministrativeUnit.objects.get_or_create(
        code="96", defaults={"name": "Tỉnh Đo Hỏi Đáp", "level": AdministrativeUnit.Level.PROVINCE}
    )
    agency, _ = Agency.objects.get_or_create(
        code="000.00.00.B96",
        defaults={
            "name": "UBND tỉnh Đo Hỏi Đáp",
            "abbreviation": "UBND",
            "kind": Agency.Kind.PEOPLES_COMMITTEE,
            "administrative_unit": unit,
        },
    )
    return agency


def _new(n: int, agency) -> services.NewSubmission:
    return services.NewSubmission(
        kind=Kind.QUESTION,
        name=f"Người hỏi {n}",
        title=f"Câu hỏi đo hiệu năng số {n} về hộ tịch",
        content="Xin hỏi thủ tục đăng ký khai sinh cần những giấy tờ gì?",
        email=f"bench{n}@example.vn",
        agency=agency,
    )


@scenario("feedback-submit", unit="submissions/s", baseline="bare ORM insert")
def feedback_submit(ctx: BenchContext) -> Measurement:
    """Questions received through services.submit (rate limits, code, deadline, step, audit, outbox) vs
    a plain insert of the same rows."""
    agency = _agency()
    n = ctx.n(300)
    due = services.answer_due(timezone.now())

    def through_services():
        for i in range(n):
            services.submit(_new(i, agency))

    def bare():
        now = timezone.now()
        for i in range(n):
            data = _new(i, agency)
            with transaction.atomic():
                Submission.objects.create(
                    kind=data.kind,
                    code=f"BARE-{i:06d}",
                    title=data.title,
                    content=data.content,
                    name=data.name,
                    email=data.email,
                    contact_key=data.email,
                    agency=agency,
                    submitted_at=now,
                    due_at=due,
                )

    measured = ctx.timed(through_services)
    baseline = ctx.timed(bare)
    return Measurement(measured=n / measured, baseline=n / baseline, note=f"{n} submissions, one transaction each")


@scenario("feedback-public-list", unit="ms", baseline="bare page queries", higher_is_better=False)
def feedback_public_list(ctx: BenchContext) -> Measurement:
    """The public Q&A list with a diacritic-insensitive search over ctx.n(20,000) published items (median
    of requests) vs the count and page queries alone."""
    agency = _agency()
    n = ctx.n(20_000)
    now = timezone.now()
    rows = [
        Submission(
            kind=Kind.QUESTION,
            code=f"HD-BENCH-{i:07d}",
            status=Status.PUBLISHED,
            title=f"Hòa giải ở cơ sở {i}",
            content="Nội dung câu hỏi",
            answer="Trả lời",
            name="Ẩn danh",
            contact_key=f"b{i}",
            agency=agency,
            submitted_at=now - timedelta(minutes=i),
            due_at=now,
            answered_at=now,
            published_at=now - timedelta(minutes=i),
            search_text=build_search_text(f"Hòa giải ở cơ sở {i}", "Nội dung câu hỏi"),
        )
        for i in range(n)
    ]
    Submission.objects.bulk_create(rows, batch_size=2000)
    client = Client()
    url = reverse("feedback:questions") + "?q=hoa+giai"
    if client.get(url).status_code != 200:
        raise RuntimeError(f"{url} did not answer 200")

    def page():
        client.get(url)

    def bare():
        items = Submission.objects.filter(kind=Kind.QUESTION, status=Status.PUBLISHED).search("hoa giai")
        items.count()
        list(items.select_related("agency").order_by("-published_at", "-id")[:20])

    measured = sorted(ctx.timed(page) for _ in range(REQUESTS))[REQUESTS // 2] * 1000
    baseline = sorted(ctx.timed(bare) for _ in range(REQUESTS))[REQUESTS // 2] * 1000
    return Measurement(measured=measured, baseline=baseline, note=f"{n} published questions, page of 20")
