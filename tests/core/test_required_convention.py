"""One convention for required fields across all forms: "(bắt buộc)" in the label, never wrapping on its own."""

from pathlib import Path

from django import forms
from django.template.loader import render_to_string

SRC = Path(__file__).resolve().parents[2] / "src" / "egov"


class _Form(forms.Form):
    name = forms.CharField(label="Họ và tên")
    note = forms.CharField(label="Ghi chú", required=False)


def test_the_portal_and_the_workspace_render_required_fields_alike():
    form = _Form()
    for template in ("egov/includes/field.html", "services_portal/_field.html"):
        html = render_to_string(template, {"field": form["name"]})
        assert 'class="required-mark"' in html and "bắt buộc" in html
        assert ">*<" not in html
        assert "bắt buộc" not in render_to_string(template, {"field": form["note"]})


def test_no_template_marks_required_fields_its_own_way():
    offenders = [
        str(path.relative_to(SRC))
        for path in SRC.rglob("templates/**/*.html")
        if 'aria-hidden="true">*</span>' in path.read_text(encoding="utf-8")
    ]
    assert offenders == []


def test_the_mark_does_not_wrap_under_the_label():
    css = (SRC / "core/static/egov/css/egov.css").read_text(encoding="utf-8")
    rule = next(line for line in css.splitlines() if line.startswith(".required-mark"))
    assert "white-space: nowrap" in rule
