"""A local VNeID-style OpenID Connect identity provider, for the demo and the tests (never in production).

It speaks the protocol the relying party (``egov.accounts.oidc``) uses with a real provider: discovery,
authorization-code flow with PKCE (S256 required), client authentication with the configured client id and
secret, an RS256-signed ID token whose key is published as a JWKS, and a userinfo endpoint returning the
citizen's ID number, name, birth date and phone. Instead of VNeID's app confirmation, its sign-in page lets
the tester choose the identity. Mounted at ``/mo-phong/vneid/``; every view answers 404 unless
``VNEID_SIMULATOR`` (``EGOV_VNEID_SIMULATOR``) is on. See docs/services-portal.md.
"""
