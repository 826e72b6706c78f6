"""Public read-only representations of the catalogue (no personal data, nothing internal but the process)."""

from django.urls import NoReverseMatch, reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from egov.agencies.models import Agency

from ..models import Fee, Procedure, ProcessStep, RequiredDocument, Sector


class PublicSectorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Sector
        fields = ("code", "name")


class PublicAgencySerializer(serializers.ModelSerializer):
    class Meta:
        model = Agency
        fields = ("code", "name")


class PublicRequiredDocumentSerializer(serializers.ModelSerializer):
    form_display = serializers.CharField(source="get_form_display", read_only=True)
    template_url = serializers.SerializerMethodField()

    class Meta:
        model = RequiredDocument
        fields = ("order", "name", "form", "form_display", "count", "is_mandatory", "template_url")

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_template_url(self, document):
        """Where to download the form template, when there is one."""
        if document.template_id is None:
            return None
        try:
            path = reverse("procedures:form-template", args=[document.pk])
        except NoReverseMatch:  # the staff/public pages of the app are not mounted
            return None
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class PublicFeeSerializer(serializers.ModelSerializer):
    amount = serializers.DecimalField(max_digits=14, decimal_places=0, coerce_to_string=False, allow_null=True)

    class Meta:
        model = Fee
        fields = ("name", "amount", "description")


class PublicProcessStepSerializer(serializers.ModelSerializer):
    role_display = serializers.CharField(source="get_role_display", read_only=True)
    duration = serializers.DecimalField(max_digits=6, decimal_places=1, coerce_to_string=False)

    class Meta:
        model = ProcessStep
        fields = ("order", "name", "role", "role_display", "unit_hint", "duration")


class PublicProcedureSerializer(serializers.ModelSerializer):
    """A catalogue entry as listed."""

    sector = PublicSectorSerializer(read_only=True)
    level_display = serializers.CharField(source="get_level_display", read_only=True)
    processing_time = serializers.DecimalField(max_digits=6, decimal_places=1, coerce_to_string=False)
    time_unit_display = serializers.CharField(source="get_time_unit_display", read_only=True)
    online_level_display = serializers.CharField(source="get_online_level_display", read_only=True)
    url = serializers.HyperlinkedIdentityField(view_name="api:public-procedure-detail", lookup_field="code")

    class Meta:
        model = Procedure
        fields = (
            "code",
            "name",
            "sector",
            "level",
            "level_display",
            "competent_authority",
            "processing_time",
            "time_unit",
            "time_unit_display",
            "online_level",
            "online_level_display",
            "url",
        )


class PublicProcedureDetailSerializer(PublicProcedureSerializer):
    """A catalogue entry with its documents, fees, internal process and the agencies that handle it."""

    required_documents = PublicRequiredDocumentSerializer(many=True, read_only=True)
    fees = PublicFeeSerializer(many=True, read_only=True)
    steps = PublicProcessStepSerializer(many=True, read_only=True)
    agencies = PublicAgencySerializer(many=True, read_only=True)

    class Meta(PublicProcedureSerializer.Meta):
        fields = (
            *PublicProcedureSerializer.Meta.fields,
            "legal_basis",
            "conditions",
            "legacy_level",
            "result_types",
            "required_documents",
            "fees",
            "steps",
            "agencies",
            "updated_at",
        )
