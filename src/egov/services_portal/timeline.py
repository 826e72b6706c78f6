"""What the applicant sees of a dossier's history: each status, the unit holding it, until when, and the
stated reason of every supplement request, refusal, stop or apology (internal notes stay internal)."""

from egov.dossiers.transitions import Status

PUBLIC_NOTE_ACTIONS = frozenset({"request_supplement", "refuse", "stop", "apologize", "withdraw", "submit_online"})


def public_timeline(dossier) -> list[dict]:
    rows = []
    for h in dossier.handovers.select_related("to_unit").order_by("at", "id"):
        rows.append(
            {
                "at": h.at,
                "status": Status(h.to_status).label if h.to_status else "",
                "unit": h.to_unit,
                "until": h.step_due_at,
                "reason": h.note if h.action in PUBLIC_NOTE_ACTIONS else "",
            }
        )
    return rows
