"""Cache of successful public look-ups (code + last 4 digits) for anonymous visitors.

Rendering the look-up page with its timeline costs ~10 ms of CPU (docs/benchmarks.md); an applicant checking
again, or many checking a popular dossier, is served the page kept here. Only a look-up that found the dossier
is kept, under a key made of the code and the right 4 digits, so the cache tells nothing to someone who does
not know them; misses are never cached and keep counting for the lock-out. Saving a dossier forgets its pages
at once (both its ID number's and its phone's digits, every language) and again when the transaction
commits; entries also expire after ``LOOKUP_SECONDS``.
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.db import transaction
from django.utils import translation

from egov.core.pagecache import PageCache, cacheable, portal_cache, response_from

LOOKUP_SECONDS = 60


def _key(code: str, digits: str, language: str) -> str:
    raw = f"{(code or '').strip().upper()}|{(digits or '').strip()}|{language}"
    return "tracking:" + hashlib.sha256(raw.encode()).hexdigest()


def cached_lookup(view):
    """Decorator of the public look-up view; the view marks a response that found a dossier (``found``)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        code, digits = request.GET.get("code", ""), request.GET.get("last_digits", "")
        if not (code and digits and cacheable(request)):
            return view(request, *args, **kwargs)
        key = _key(code, digits, translation.get_language())
        entry = portal_cache().get(key)
        if entry is not None:
            return response_from(entry, request)
        response = view(request, *args, **kwargs)
        if getattr(response, "found", False):
            PageCache.store(key, response, timeout=LOOKUP_SECONDS)
        return response

    return wrapped


def forget(dossier) -> None:
    if not dossier.code:
        return
    endings = {v[-4:] for v in (dossier.applicant_id_number, dossier.applicant_phone) if v and len(v) >= 4}
    keys = [_key(dossier.code, e, lang) for e in endings for lang, _name in settings.LANGUAGES]
    if keys:
        portal_cache().delete_many(keys)


def dossier_saved(sender, instance, **kwargs) -> None:
    forget(instance)
    transaction.on_commit(lambda: forget(instance))
