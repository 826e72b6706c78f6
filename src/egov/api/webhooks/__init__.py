"""Webhooks for partner systems (docs/webhooks.md).

- ``kinds``: the event kinds a partner subscribes to, mapped from outbox topics, with their payloads;
- ``signing``: Standard Webhooks signatures (``webhook-id``, ``webhook-timestamp``, ``webhook-signature``);
- ``queue``: the outbox handler that turns an event into deliveries for the subscriptions that may see it;
- ``sending``: the worker's sender (leases, retry schedule, order per aggregate, SSRF guard);
- ``services``: subscriptions, secret rotation, replay and test pings (audited);
- ``pages``/``urls``: the administrators' pages; ``receiver``: the local receiver of the demo and tests.
"""
