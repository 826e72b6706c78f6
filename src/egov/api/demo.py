"""Demo data of the integration layer (``egov.core.demo`` calls ``load_demo``)."""

from .webhooks.demo import load_demo as load_webhooks_demo


def load_demo() -> list:
    return load_webhooks_demo()
