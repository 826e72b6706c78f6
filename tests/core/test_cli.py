import os

from egov.cli import demo_identity_provider_env


def test_demo_turns_on_the_vneid_simulator_at_its_own_address(monkeypatch):
    monkeypatch.delenv("EGOV_OIDC_ENABLED", raising=False)
    monkeypatch.delenv("EGOV_OIDC_AUTHORIZATION_ENDPOINT", raising=False)
    env = demo_identity_provider_env(["demo", "--host", "0.0.0.0", "--port=8123"])
    assert env["EGOV_OIDC_ENABLED"] == "1" and env["EGOV_VNEID_SIMULATOR"] == "1"
    assert env["EGOV_OIDC_TOKEN_ENDPOINT"] == "http://127.0.0.1:8123/mo-phong/vneid/token/"
    assert env["EGOV_OIDC_ISSUER"] == "http://127.0.0.1:8123/mo-phong/vneid"


def test_a_configured_provider_is_left_alone(monkeypatch):
    monkeypatch.setenv("EGOV_OIDC_ENABLED", "0")
    assert demo_identity_provider_env(["demo"]) == {}
    monkeypatch.delenv("EGOV_OIDC_ENABLED")
    monkeypatch.setenv("EGOV_OIDC_AUTHORIZATION_ENDPOINT", "https://sso.example.gov.vn/auth")
    assert demo_identity_provider_env(["demo"]) == {}


def test_egov_commands_print_no_cryptography_deprecation_warning():
    import subprocess
    import sys
    from pathlib import Path

    src = Path(__file__).resolve().parents[2] / "src"
    result = subprocess.run(
        [sys.executable, "-W", "default", "-m", "egov", "pdf", "--help"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(src)},
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "CryptographyDeprecationWarning" not in result.stderr
