"""Models of the integration layer: partner systems (credentials, scopes) and webhooks.

One module per concern; each is imported here so Django finds the models under the ``api`` label.
"""

from .credentials import AccessToken, ApiCall, ClientSecret  # noqa: F401  (partner credentials)
from .partners import Partner
from .webhooks import ReceivedWebhook, WebhookAttempt, WebhookDelivery, WebhookSubscription  # noqa: F401

__all__ = ["Partner"]
