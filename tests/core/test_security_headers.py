"""Issue 14 item 7: Content-Security-Policy, Permissions-Policy, Referrer-Policy on every page, HTTPS settings
from the environment, and `egov check --deploy` clean with the production settings of docs/security.md."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from egov.accounts.models import Role
from egov.core.headers import content_security_policy
from factories import StaffUserFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def directives(response) -> dict[str, str]:
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split(" ", 1)[1] for part in policy.split("; ")}


def assert_strict_headers(response):
    csp = directives(response)
    assert csp["default-src"] == "'self'"
    assert re.fullmatch(r"'self' 'nonce-[A-Za-z0-9_-]{20,}'", csp["script-src"])
    assert re.fullmatch(r"'self' 'nonce-[A-Za-z0-9_-]{20,}'", csp["style-src"])
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert csp["img-src"] == "'self' data:"
    assert csp["object-src"] == "'none'"
    assert csp["frame-src"] == "'self'" and csp["frame-ancestors"] == "'self'"
    assert csp["base-uri"] == "'self'" and csp["form-action"] == "'self'"
    assert response["Permissions-Policy"].startswith("camera=(), microphone=(), geolocation=()")
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_portal_page_has_the_strict_policy_and_its_nonce_is_new_each_time(client):
    first = client.get(reverse("core:home"))
    second = client.get(reverse("core:home"))
    assert first.status_code == second.status_code == 200
    assert_strict_headers(first)
    assert_strict_headers(second)
    assert directives(first)["script-src"] != directives(second)["script-src"]
    assert first.wsgi_request.csp_nonce in directives(first)["script-src"]
    html = first.content.decode()
    assert '<meta name="htmx-config" content=\'{"includeIndicatorStyles": false}\'>' in html


def test_a_staff_page_and_the_api_have_it_too(client):
    client.force_login(StaffUserFactory(roles=[Role.CLERK]))
    staff_page = client.get(reverse("core:workspace"))
    assert staff_page.status_code == 200
    assert_strict_headers(staff_page)
    api = client.get("/api/v1/dossiers/")
    assert api.status_code == 200
    assert_strict_headers(api)


def test_the_admin_sites_get_a_relaxed_policy_by_path_only():
    relaxed = content_security_policy("n0nce", "/quan-tri/cms/pages/")
    assert "script-src 'self' 'unsafe-inline'" in relaxed and "'nonce-" not in relaxed
    assert "'unsafe-inline'" in content_security_policy("n0nce", "/django-admin/")
    assert "'unsafe-inline'" not in content_security_policy("n0nce", "/quan-tri/nhat-ky/")
    assert "object-src 'none'" in relaxed and "form-action 'self'" in relaxed


def test_forms_may_go_to_the_payment_gateway_and_the_identity_provider_only_when_configured(settings):
    settings.PAYMENT_GATEWAY = "vnpay"
    settings.VNPAY_PAY_URL = "https://pay.vnpay.vn/vpcpay.html"
    settings.OIDC_ENABLED = True
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = "https://sso.example.gov.vn:8443/auth?x=1"
    policy = content_security_policy("n", "/")
    assert policy.endswith("; form-action 'self' https://pay.vnpay.vn https://sso.example.gov.vn:8443")
    settings.PAYMENT_GATEWAY = "simulator"
    settings.OIDC_ENABLED = False
    assert content_security_policy("n", "/").endswith("; form-action 'self'")


def test_no_page_template_has_inline_scripts_styles_or_handlers():
    """Under the policy a style="…", an onclick="…" or a <script>/<style> without the nonce is refused."""
    offenders = []
    for path in (ROOT / "src" / "egov").rglob("templates/**/*.html"):
        if "/email/" in str(path):  # e-mails are not served under the policy (mail clients need inline styles)
            continue
        text = path.read_text()
        if re.search(r"\sstyle=|\son[a-z]+=", text):
            offenders.append(f"{path}: attribute")
        for tag in re.findall(r"<(?:script|style)\b[^>]*>", text):
            if "src=" not in tag and "csp_nonce" not in tag:
                offenders.append(f"{path}: {tag}")
    assert offenders == []


PRODUCTION_ENV = re.compile(r"```sh\n# production\n(.*?)```", re.S)


def test_check_deploy_is_clean_with_the_production_settings_of_the_docs(tmp_path):
    block = PRODUCTION_ENV.search((ROOT / "docs" / "security.md").read_text()).group(1)
    env = {"PATH": os.environ["PATH"], "PYTHONPATH": str(ROOT / "src"), "EGOV_VAR_DIR": str(tmp_path)}
    for line in block.splitlines():
        name, _, value = line.removeprefix("export ").partition("=")
        env[name] = value.strip("'\"")
    env["EGOV_SECRET_KEY"] = "x" * 20 + "-a-test-only-key-" + "y" * 40  # the docs show a placeholder
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    result = subprocess.run(
        [sys.executable, "-m", "egov", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_a_pdf_response_has_no_policy_that_could_block_the_browsers_pdf_viewer(rf):
    from django.http import HttpResponse

    from egov.core.headers import SecurityHeadersMiddleware

    pdf = SecurityHeadersMiddleware(lambda request: HttpResponse(b"%PDF-1.7", content_type="application/pdf"))
    response = pdf(rf.get("/van-ban/tep/1/"))
    assert "Content-Security-Policy" not in response
    assert response["Permissions-Policy"].startswith("camera=()")
