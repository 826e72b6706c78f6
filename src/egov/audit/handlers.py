"""Periodic jobs of the audit log, run by ``egov worker``: seal every minute, export a signed checkpoint daily."""

import logging

from egov.events.periodic import every

from .checkpoints import CheckpointError, export_checkpoint
from .seal import seal_pending

logger = logging.getLogger(__name__)


@every(minutes=1, name="audit.seal")
def seal(now):
    seal_pending(now=now)


@every(days=1, name="audit.checkpoint")
def checkpoint(now):
    try:
        path = export_checkpoint()
    except CheckpointError as exc:
        logger.error("Audit checkpoint not signed: %s", exc)
        return
    if path is not None:
        logger.info("Audit checkpoint written: %s", path)
