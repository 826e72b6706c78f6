"""The national catalogue and the mapping of our procedures to it.

``pull`` stores the catalogue (``LayDanhSachTTHC`` then ``LayThuTuc`` per code); ``automap`` maps each local
procedure: the same code → automatic; else the most similar national name (diacritic-insensitive: the mean
of the token Jaccard index and difflib's ratio of the normalised names) above ``SUGGEST_MIN`` → suggested,
waiting for an administrator to confirm; else unmapped. ``differences`` puts fee, time limit and papers side
by side.
"""

from dataclasses import dataclass
from difflib import SequenceMatcher

from django.db import transaction
from django.utils import timezone

from egov.audit.services import record
from egov.procedures.models import Procedure
from egov.search.text import normalize

from .client import NationalPortalClient, get_client
from .models import NationalProcedure, ProcedureMapping

SUGGEST_MIN = 0.5
# Words every procedure name shares: they would make every pair look alike.
STOPWORDS = {"thu", "tuc", "cap", "cho", "va", "cua", "ve", "cac", "the", "doi", "voi", "trong", "tai"}


def similarity(a: str, b: str) -> float:
    """0..1, insensitive to case, diacritics and punctuation: mean of token Jaccard and sequence ratio."""
    na, nb = normalize(a), normalize(b)
    if not na or not nb:
        return 0.0
    ta, tb = set(na.split()) - STOPWORDS, set(nb.split()) - STOPWORDS
    jaccard = len(ta & tb) / len(ta | tb) if ta | tb else 0.0
    return round((jaccard + SequenceMatcher(None, na, nb).ratio()) / 2, 3)


def _text(rows, key) -> str:
    return "; ".join(str(r.get(key, "")) for r in rows or [] if r.get(key))


def pull(client: NationalPortalClient | None = None) -> int:
    """Fetch and store the national catalogue; returns how many procedures it holds."""
    client = client or get_client()
    now = timezone.now()
    count = 0
    for item in client.list_procedures():
        code = str(item.get("MaTTHC") or "")
        if not code:
            continue
        detail = client.get_procedure(code) or item
        ways = detail.get("CACHTHUCTHUCHIEN") or []
        fees = [fee for way in ways for fee in way.get("PHILEPHI") or []]
        papers = [
            {
                "code": g.get("MAGIAYTO", ""),
                "name": g.get("TENGIAYTO", ""),
                "form": g.get("TENMAUDON", ""),
                "url": g.get("URL", ""),
            }
            for group in detail.get("THANHPHANHOSO") or []
            for g in group.get("GIAYTO") or []
        ]
        sectors = detail.get("LINHVUCTHUCHIEN") or []
        NationalProcedure.objects.update_or_create(
            code=code,
            defaults={
                "name": str(detail.get("TENTHHC") or detail.get("TENTTHC") or item.get("TENTTHC") or "")[:1000],
                "sector_code": _text(sectors, "MALINHVUC")[:50],
                "sector_name": _text(sectors, "TENLINHVUC")[:300],
                "agency": _text(detail.get("COQUANTHUCHIEN"), "TENCOQUAN")[:500],
                "time_limit": _text(ways, "THOIGIAN")[:500],
                "fee": "; ".join(str(f.get("SOTIEN", "")) for f in fees)[:500],
                "papers": papers,
                "raw": detail,
                "fetched_at": now,
            },
        )
        count += 1
    return count


@dataclass
class Suggestion:
    national: NationalProcedure
    score: float


def suggestions(procedure: Procedure, *, limit: int = 3, candidates=None) -> list[Suggestion]:
    """The national procedures whose names are most like ``procedure``'s, best first."""
    candidates = candidates if candidates is not None else list(NationalProcedure.objects.all())
    scored = [Suggestion(n, similarity(procedure.name, n.name)) for n in candidates]
    scored.sort(key=lambda s: (-s.score, s.national.code))
    return [s for s in scored[:limit] if s.score > 0]


def automap() -> dict:
    """Map every active procedure that has no settled mapping; returns counts per outcome."""
    national = list(NationalProcedure.objects.all())
    by_code = {n.code: n for n in national}
    counts = {"auto": 0, "suggested": 0, "unmapped": 0}
    settled = set(
        ProcedureMapping.objects.filter(
            state__in=[ProcedureMapping.State.AUTO, ProcedureMapping.State.CONFIRMED]
        ).values_list("procedure_id", flat=True)
    )
    for procedure in Procedure.objects.filter(is_active=True).exclude(pk__in=settled):
        same = by_code.get(procedure.code)
        if same is not None:
            _set(procedure, same, ProcedureMapping.State.AUTO, 1.0)
            counts["auto"] += 1
            continue
        best = suggestions(procedure, limit=1, candidates=national)
        if best and best[0].score >= SUGGEST_MIN:
            _set(procedure, best[0].national, ProcedureMapping.State.SUGGESTED, best[0].score)
            counts["suggested"] += 1
        else:
            ProcedureMapping.objects.filter(procedure=procedure).delete()
            counts["unmapped"] += 1
    return counts


def _set(procedure, national, state, score):
    ProcedureMapping.objects.update_or_create(
        procedure=procedure, defaults={"national": national, "state": state, "score": score}
    )


def confirm(procedure: Procedure, national: NationalProcedure, *, actor) -> ProcedureMapping:
    """An administrator confirms (or sets) the national code of a procedure."""
    with transaction.atomic():
        before = ProcedureMapping.objects.filter(procedure=procedure).values("national__code", "state").first()
        mapping, _ = ProcedureMapping.objects.update_or_create(
            procedure=procedure,
            defaults={
                "national": national,
                "state": ProcedureMapping.State.CONFIRMED,
                "score": similarity(procedure.name, national.name),
                "confirmed_by": actor,
                "confirmed_at": timezone.now(),
            },
        )
        record(
            actor=actor,
            action="dvcqg.mapping_confirmed",
            target=mapping,
            before=before,
            after={"national__code": national.code, "state": mapping.state},
            summary=f"{procedure.code} → {national.code}",
        )
    return mapping


def differences(procedure: Procedure, national: NationalProcedure) -> list[dict]:
    """Rows (label, ours, national, differs) for fee, time limit and papers."""
    fee = sum(int(f.amount or 0) for f in procedure.fees.all())
    national_fee = sum(int(x) for x in national.fee.replace(" ", "").split(";") if x.isdigit())
    ours_time = f"{procedure.processing_time.normalize():f} {procedure.get_time_unit_display()}"
    ours_papers = sorted(normalize(d.name) for d in procedure.required_documents.all())
    their_papers = sorted(normalize(p.get("name", "")) for p in national.papers)
    return [
        {"label": "Phí, lệ phí (đồng)", "ours": fee, "national": national_fee, "differs": fee != national_fee},
        {
            "label": "Thời hạn giải quyết",
            "ours": ours_time,
            "national": national.time_limit,
            "differs": normalize(ours_time) != normalize(national.time_limit),
        },
        {
            "label": "Thành phần hồ sơ",
            "ours": "; ".join(d.name for d in procedure.required_documents.all()),
            "national": "; ".join(p.get("name", "") for p in national.papers),
            "differs": ours_papers != their_papers,
        },
    ]
