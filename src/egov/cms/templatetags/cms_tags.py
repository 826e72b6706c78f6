"""``{% load cms_tags %}``: helpers of the portal's templates."""

from django import template

from egov.core.templatetags import vn_format

register = template.Library()


register.filter("vnd", vn_format.vnd)  # one implementation: egov.core.formatting
