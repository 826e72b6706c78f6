"""EGOV_STATIC_HASHED: pages link content-hashed static files, and the server refuses to start without them."""

import pytest
from django.template import Context, Template

from egov.core.health import check_scaleout_settings


def test_the_check_asks_for_collectstatic_when_hashed_names_are_on_without_a_manifest(settings, tmp_path):
    settings.STATIC_HASHED = True
    settings.STATIC_ROOT = tmp_path
    assert "egov.W113" in [problem.id for problem in check_scaleout_settings()]
    (tmp_path / "staticfiles.json").write_text('{"paths": {}, "version": "1.1"}')
    assert "egov.W113" not in [problem.id for problem in check_scaleout_settings()]


def test_off_by_default_pages_link_the_plain_names(settings):
    assert settings.STATIC_HASHED is False
    html = Template("{% load static %}{% static 'egov/css/egov.css' %}").render(Context())
    assert html == "/static/egov/css/egov.css"


def test_with_a_collected_manifest_pages_link_the_hashed_copy(settings, tmp_path):
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.core.management import call_command
    from django.utils.functional import empty

    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    staticfiles_storage._wrapped = empty  # LazyObject: pick up the overridden backend
    try:
        call_command("collectstatic", "--noinput", "-v", "0")
        html = Template("{% load static %}{% static 'egov/css/egov.css' %}").render(Context())
        assert html.startswith("/static/egov/css/egov.") and html != "/static/egov/css/egov.css"
        assert (tmp_path / html.removeprefix("/static/")).exists()
        assert (tmp_path / (html.removeprefix("/static/") + ".gz")).exists()
    finally:
        staticfiles_storage._wrapped = empty


def test_egov_serve_refuses_hashed_names_without_collected_files(settings, tmp_path):
    from django.core.management import CommandError, call_command

    settings.STATIC_HASHED = True
    settings.STATIC_ROOT = tmp_path
    with pytest.raises(CommandError, match="collectstatic"):
        call_command("serve", "--dry-run")
