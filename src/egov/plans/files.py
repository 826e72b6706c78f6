"""Evidence files of plan indicators: readable by whoever may see the plan. Registered with
``egov.attachments.access`` from ``PlansConfig.ready``."""

from egov.attachments.access import register_file_owner

from .models import ItPlan, PlanIndicator


def register() -> None:
    register_file_owner(
        "plans.PlanIndicator",
        "evidence",
        readable=lambda user: PlanIndicator.objects.filter(plan__in=ItPlan.objects.for_user(user)),
        label="Minh chứng chỉ tiêu kế hoạch",
    )
