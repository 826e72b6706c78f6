"""The ``egov`` console script: Django's management commands under the egov settings."""

import os
import sys


def demo_identity_provider_env(args: list[str]) -> dict[str, str]:
    """For ``egov demo``: citizens can sign in with the local VNeID simulator served by the demo itself.

    Only variables the user has not set are added (``EGOV_OIDC_ENABLED=0`` turns it off), so a demo pointed
    at a real provider keeps its own configuration. Never used by other commands.
    """
    if "EGOV_OIDC_ENABLED" in os.environ or "EGOV_OIDC_AUTHORIZATION_ENDPOINT" in os.environ:
        return {}
    base = f"{_demo_base_url(args)}/mo-phong/vneid"
    return {
        "EGOV_OIDC_ENABLED": "1",
        "EGOV_VNEID_SIMULATOR": "1",
        "EGOV_OIDC_CLIENT_ID": "egov-demo",
        "EGOV_OIDC_CLIENT_SECRET": "demo-secret",
        "EGOV_OIDC_AUTHORIZATION_ENDPOINT": f"{base}/xac-thuc/",
        "EGOV_OIDC_TOKEN_ENDPOINT": f"{base}/token/",
        "EGOV_OIDC_USERINFO_ENDPOINT": f"{base}/userinfo/",
        "EGOV_OIDC_JWKS_ENDPOINT": f"{base}/jwks/",
        "EGOV_OIDC_ISSUER": base,
        "EGOV_OIDC_SCOPES": "openid profile phone citizen_id",
    }


def demo_dvcqg_env(args: list[str]) -> dict[str, str]:
    """For ``egov demo``: the DVCQG connector talks to the simulator served by the demo itself (dossiers
    arrive from "DVCQG" and every step is synced back). ``EGOV_DVCQG_ENABLED=0`` turns it off."""
    if "EGOV_DVCQG_ENABLED" in os.environ or "EGOV_DVCQG_ENDPOINT" in os.environ:
        return {}
    base = f"{_demo_base_url(args)}/mo-phong/dvcqg"
    return {
        "EGOV_DVCQG_ENABLED": "1",
        "EGOV_DVCQG_SIMULATOR": "1",
        "EGOV_DVCQG_ENDPOINT": f"{base}/api/",
        "EGOV_DVCQG_AUTH_ENDPOINT": f"{base}/xac-thuc/",
        "EGOV_DVCQG_ORGAN_ID": "000.00.00.H99",
        "EGOV_DVCQG_POLL_MINUTES": "0.5",
    }


def demo_webhooks_env(args: list[str]) -> dict[str, str]:
    """For ``egov demo``: the demo partner's webhooks go to the local receiver served by the demo itself
    (loopback, so private targets are allowed). ``EGOV_WEBHOOK_RECEIVER_SIMULATOR=0`` turns it off."""
    if "EGOV_WEBHOOK_RECEIVER_SIMULATOR" in os.environ:
        return {}
    base = _demo_base_url(args)
    return {
        "EGOV_WEBHOOK_RECEIVER_SIMULATOR": "1",
        "EGOV_WEBHOOK_ALLOW_PRIVATE_TARGETS": "1",
        "EGOV_WEBHOOK_DEMO_RECEIVER_URL": f"{base}/mo-phong/webhook-receiver/",
    }


def _demo_base_url(args: list[str]) -> str:
    """Where ``egov demo`` serves the site, as its own simulators are reached."""
    host, port = _option(args, "--host", "127.0.0.1"), _option(args, "--port", "8000")
    return f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{port}"


def demo_lgsp_env(args: list[str]) -> dict[str, str]:
    """For ``egov demo``: the provincial LGSP transport talks to the local LGSP served by the demo itself (Sở Tư
    pháp exchanges with an agency on its own system). ``EGOV_EXCHANGE_LGSP_ENDPOINT`` set keeps a real one."""
    if "EGOV_EXCHANGE_LGSP_ENDPOINT" in os.environ or "EGOV_EXCHANGE_LGSP_SIMULATOR" in os.environ:
        return {}
    return {
        "EGOV_EXCHANGE_LGSP_SIMULATOR": "1",
        "EGOV_EXCHANGE_LGSP_ENDPOINT": f"{_demo_base_url(args)}/mo-phong/lgsp",
        "EGOV_EXCHANGE_LGSP_SYSTEM_ID": "egov.demo.ankhanh",
        "EGOV_EXCHANGE_LGSP_SECRET": "demo-lgsp-secret",
        "EGOV_EXCHANGE_LGSP_ORGAN_ID": "000.00.04.H99",
        "EGOV_EXCHANGE_LGSP_POLL_MINUTES": "0.5",
    }


def _option(args: list[str], name: str, default: str) -> str:
    for i, arg in enumerate(args):
        if arg == name and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith(name + "="):
            return arg.split("=", 1)[1]
    return default


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "egov.settings")
    if args[:1] == ["demo"]:
        for key, value in {
            **demo_identity_provider_env(args),
            **demo_dvcqg_env(args),
            **demo_webhooks_env(args),
            **demo_lgsp_env(args),
        }.items():
            os.environ.setdefault(key, value)
    from django.core.management import execute_from_command_line

    execute_from_command_line(["egov", *args])


if __name__ == "__main__":
    main()
