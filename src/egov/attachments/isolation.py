"""Run a memory-hungry conversion in a forked child process with an address-space cap.

Decoding images is where a hostile upload costs memory. The pixel limit (``validation.check_pixels``) stops
known bombs from the header; this cap is the second wall: whatever the decoder does, the child cannot grow
by more than ``settings.IMAGE_CONVERT_MEMORY_MB`` nor run longer than ``TIME_LIMIT`` seconds, and the web
process never holds the decoded pixels. POSIX only; elsewhere the function runs in-process.
"""

import logging
import multiprocessing
import os
import resource

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

TIME_LIMIT = 120  # seconds of CPU (and of wall clock, waiting for the child)
MB = 1024 * 1024


def _address_space() -> int:
    """The current virtual size of this process, in bytes (0 when unknown)."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _child(conn, func, args, memory_mb):
    try:
        current = _address_space()
        if current:
            limit = current + memory_mb * MB
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        resource.setrlimit(resource.RLIMIT_CPU, (TIME_LIMIT, TIME_LIMIT))
        conn.send(("ok", func(*args)))
    except ValidationError as exc:
        conn.send(("invalid", (exc.messages, exc.code)))
    except MemoryError:
        conn.send(("memory", None))
    except Exception as exc:  # reported to the parent, which refuses the upload
        conn.send(("error", repr(exc)))
    finally:
        conn.close()


def run_capped(func, *args, memory_mb: int | None = None):
    """``func(*args)`` in a forked child limited to ``memory_mb`` more megabytes; its result is pickled back.

    Raises ``ValidationError`` (Vietnamese) when the child runs out of memory or time, or the child's own
    ``ValidationError``.
    """
    memory_mb = settings.IMAGE_CONVERT_MEMORY_MB if memory_mb is None else memory_mb
    if not memory_mb or os.name != "posix":
        return func(*args)
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(sender, func, args, memory_mb), daemon=True)
    process.start()
    sender.close()
    try:
        if not receiver.poll(TIME_LIMIT):
            raise TimeoutError
        outcome, value = receiver.recv()
    except (EOFError, TimeoutError, OSError):
        outcome, value = "memory", None
    finally:
        receiver.close()
        if process.is_alive():
            process.kill()
        process.join(5)
    if outcome == "ok":
        return value
    if outcome == "invalid":
        messages, code = value
        raise ValidationError(messages[0], code=code)
    logger.warning("Capped conversion %s failed: %s %s", getattr(func, "__name__", func), outcome, value or "")
    raise ValidationError(
        _(
            "Không xử lý được ảnh: ảnh quá lớn hoặc quá phức tạp. "
            "Vui lòng chụp hoặc quét lại với độ phân giải thấp hơn."
        ),
        code="conversion_failed",
    )
