"""Serializers of the dossier API (read side; actions are validated by the workspace's action forms)."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..labels import action_label, paper_form_label
from ..models import Dossier, DossierPaper, DossierResult, Handover, Outcome
from ..transitions import TRANSITIONS, Status


class AgencyRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()


class ProcedureRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    sector = serializers.CharField(source="sector.name")


class DossierListSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    national_status = serializers.IntegerField(read_only=True)
    channel_label = serializers.CharField(source="get_channel_display", read_only=True)
    procedure = ProcedureRefSerializer(read_only=True)
    receiving_agency = AgencyRefSerializer(read_only=True)
    handling_agency = AgencyRefSerializer(read_only=True)
    current_unit = AgencyRefSerializer(read_only=True, allow_null=True)
    # Read-only model fields lose ``blank=True`` in the schema: declared so that "" (not judged yet) is valid.
    outcome = serializers.ChoiceField(choices=Outcome.choices, allow_blank=True, read_only=True)

    class Meta:
        model = Dossier
        fields = [
            "id",
            "code",
            "status",
            "status_label",
            "national_status",
            "channel",
            "channel_label",
            "procedure",
            "applicant_name",
            "receiving_agency",
            "handling_agency",
            "current_unit",
            "submitted_at",
            "received_at",
            "due_at",
            "original_due_at",
            "rescheduled",
            "result_at",
            "returned_at",
            "outcome",
        ]
        read_only_fields = fields


class PaperSerializer(serializers.ModelSerializer):
    form_label = serializers.SerializerMethodField()

    class Meta:
        model = DossierPaper
        fields = ["id", "name", "form", "form_label", "count", "attachment", "is_supplement", "added_at"]

    def get_form_label(self, paper) -> str:
        return str(paper_form_label(paper.form))


class ResultSerializer(serializers.ModelSerializer):
    class Meta:
        model = DossierResult
        fields = ["id", "number", "code", "title", "attachment", "issued_at"]


class HandoverSerializer(serializers.ModelSerializer):
    action_label = serializers.SerializerMethodField()
    # Plain strings (values of the dossier's ``status``): one enum in the schema, not three copies.
    from_status = serializers.CharField(read_only=True)
    to_status = serializers.CharField(read_only=True)
    actor = serializers.StringRelatedField(allow_null=True)
    to_user = serializers.StringRelatedField(allow_null=True)
    from_unit = AgencyRefSerializer(read_only=True, allow_null=True)
    to_unit = AgencyRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Handover
        fields = [
            "id",
            "action",
            "action_label",
            "from_status",
            "to_status",
            "at",
            "actor",
            "from_unit",
            "to_unit",
            "to_user",
            "step_due_at",
            "finished_at",
            "outcome",
            "note",
        ]

    def get_action_label(self, handover) -> str:
        return str(action_label(handover.action))


class DossierDetailSerializer(DossierListSerializer):
    papers = PaperSerializer(many=True, read_only=True)
    results = ResultSerializer(many=True, read_only=True)
    handovers = HandoverSerializer(many=True, read_only=True)
    current_handler = serializers.StringRelatedField(allow_null=True)
    applicant_email = serializers.CharField(read_only=True)  # may be "": not an "email" format in the schema

    class Meta(DossierListSerializer.Meta):
        fields = [
            *DossierListSerializer.Meta.fields,
            "current_handler",
            "applicant_id_number",
            "applicant_phone",
            "applicant_email",
            "applicant_address",
            "application_data",
            "fee_total",
            "fee_paid",
            "paused_at",
            "papers",
            "results",
            "handovers",
        ]
        read_only_fields = fields


class ActionFieldSerializer(serializers.Serializer):
    name = serializers.CharField()
    label = serializers.CharField()
    required = serializers.BooleanField()
    type = serializers.CharField()


class AvailableActionSerializer(serializers.Serializer):
    action = serializers.CharField()
    label = serializers.CharField()
    needs_note = serializers.BooleanField()
    fields = ActionFieldSerializer(many=True)


class ActionRequestSerializer(serializers.Serializer):
    """The body of ``POST /dossiers/{id}/actions/``: the action and the fields its form needs (schema only)."""

    action = serializers.ChoiceField(choices=[t.action for t in TRANSITIONS])
    reason = serializers.CharField(required=False, help_text="Lý do, nội dung (thao tác cần ghi lý do).")
    note = serializers.CharField(required=False, help_text="Ý kiến trình (submit_for_approval).")
    department = serializers.IntegerField(required=False, help_text="Phòng chuyên môn (assign).")
    specialist = serializers.IntegerField(required=False, help_text="Tài khoản chuyên viên (assign_specialist).")
    to_agency = serializers.IntegerField(required=False, help_text="Cơ quan nhận liên thông (transfer).")
    result_title = serializers.CharField(required=False, help_text="Tên kết quả (approve).")
    result_file = serializers.FileField(required=False, help_text="Tệp kết quả điện tử (approve, multipart).")
    amount = serializers.DecimalField(max_digits=14, decimal_places=0, required=False, help_text="request_payment")
    new_due_at = serializers.DateTimeField(required=False, help_text="Ngày hẹn trả mới (apologize).")
    papers = serializers.CharField(required=False, help_text="Giấy tờ bổ sung, mỗi dòng một giấy (resubmit).")


class PublicDossierSerializer(serializers.Serializer):
    """What anyone may know of a dossier from its code: no personal data."""

    code = serializers.CharField()
    status = serializers.ChoiceField(choices=Status.choices)
    status_label = serializers.CharField(source="get_status_display")
    national_status = serializers.IntegerField()
    procedure = serializers.CharField(source="procedure.name")
    receiving_agency = serializers.CharField(source="receiving_agency.name")
    handling_agency = serializers.CharField(source="handling_agency.name")
    appointment = serializers.DateTimeField(source="due_at", allow_null=True)
    outcome = serializers.SerializerMethodField()

    @extend_schema_field(serializers.CharField(allow_blank=True))
    def get_outcome(self, dossier) -> str:
        return dossier.get_outcome_display() if dossier.outcome else ""
