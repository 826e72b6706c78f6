"""The provincial LGSP (Nền tảng tích hợp, chia sẻ dữ liệu cấp tỉnh) as a document-exchange transport:
``protocol`` (the wire, verified vs assumed), ``client`` (interface, HTTP client, registry), ``transport`` (the
``lgsp`` exchange transport), ``services`` (poll, receive exactly once, acknowledge) and ``simulator`` (a local
LGSP at ``/mo-phong/lgsp/`` for the demo and tests). docs/exchange.md#lgsp."""
