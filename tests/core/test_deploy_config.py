"""deploy/: the nginx site passes ``nginx -t`` (issue 16); the systemd units start the documented commands."""

import datetime
import shutil
import subprocess
from pathlib import Path

import pytest

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)


def _self_signed(tmp_path: Path) -> tuple[Path, Path]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "dichvucong.example.gov.vn")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + datetime.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = tmp_path / "fullchain.pem", tmp_path / "privkey.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return cert_path, key_path


@pytest.mark.skipif(NGINX is None, reason="nginx is not installed (apt-get install nginx)")
def test_nginx_site_passes_nginx_t(tmp_path):
    cert, key = _self_signed(tmp_path)
    (tmp_path / "static").mkdir()
    proxy = tmp_path / "egov-proxy.conf"
    shutil.copy(DEPLOY / "nginx" / "egov-proxy.conf", proxy)
    site = (DEPLOY / "nginx" / "egov.conf").read_text()
    for shipped, local in {
        "/etc/ssl/egov/fullchain.pem": cert,
        "/etc/ssl/egov/privkey.pem": key,
        "/etc/nginx/egov-proxy.conf": proxy,
        "/srv/egov/static/": f"{tmp_path / 'static'}/",
        "/srv/egov/media/": f"{tmp_path / 'media'}/",
    }.items():
        assert shipped in site
        site = site.replace(shipped, str(local))
    (tmp_path / "egov.conf").write_text(site)
    temp = tmp_path / "temp"
    temp.mkdir()
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path / 'nginx.pid'};\nerror_log {tmp_path / 'error.log'};\nevents {{}}\nhttp {{\n"
        f"    include /etc/nginx/mime.types;\n    access_log {tmp_path / 'access.log'};\n"
        f"    client_body_temp_path {temp}/body;\n    proxy_temp_path {temp}/proxy;\n"
        f"    fastcgi_temp_path {temp}/fastcgi;\n    uwsgi_temp_path {temp}/uwsgi;\n    scgi_temp_path {temp}/scgi;\n"
        f"    include {tmp_path / 'egov.conf'};\n}}\n"
    )
    result = subprocess.run(
        [NGINX, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 0, result.stderr
    assert "syntax is ok" in result.stderr and "test is successful" in result.stderr


def test_nginx_body_limit_matches_the_upload_limit(settings):
    site = (DEPLOY / "nginx" / "egov.conf").read_text()
    assert "client_max_body_size 25m;" in site  # docs/security.md: the largest upload plus the form
    assert settings.UPLOAD_MAX_BYTES < 25 * 1024 * 1024
    assert site.count("max_fails=") >= 2 and "X-Accel-Redirect" in site
    internal = site[site.index("location /_protected/ {") :]
    assert "internal;" in internal[: internal.index("}")]  # never reachable from outside


def test_systemd_units_run_egov_serve_and_egov_worker():
    web = (DEPLOY / "systemd" / "egov-web.service").read_text()
    worker = (DEPLOY / "systemd" / "egov-worker.service").read_text()
    assert "ExecStart=/srv/egov/venv/bin/egov serve\n" in web and "ExecReload=/bin/kill -HUP $MAINPID" in web
    assert "ExecStart=/srv/egov/venv/bin/egov worker\n" in worker
