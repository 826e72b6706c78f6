"""Models of the integration layer: partner systems (credentials, scopes) and webhooks.

One module per concern; each is imported here so Django finds the models under the ``api`` label.
"""

from .partners import Partner

__all__ = ["Partner"]
