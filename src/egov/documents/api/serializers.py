"""Serializers of the documents API: the read side, and the request bodies of the write actions (which
call ``egov.documents.services``)."""

from rest_framework import serializers

from egov.agencies.models import Agency

from ..models import (
    Assignment,
    Channel,
    Dispatch,
    DocumentType,
    DraftVersion,
    IncomingDocument,
    OutgoingDocument,
    Secrecy,
    TrailEntry,
    Urgency,
)


class RefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class DocumentTypeRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = DocumentType
        fields = ["id", "name", "abbreviation"]


class AttachmentRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    original_name = serializers.CharField()
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    sha256 = serializers.CharField()
    url = serializers.CharField(source="get_absolute_url")


class TrailSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.full_name", default="", read_only=True)
    to_unit = RefSerializer(read_only=True, allow_null=True)
    to_user = serializers.CharField(source="to_user.full_name", default="", read_only=True)
    action_label = serializers.CharField(read_only=True)

    class Meta:
        model = TrailEntry
        fields = ["action", "action_label", "from_status", "to_status", "at", "actor", "to_unit", "to_user", "note"]


class _MetadataSerializer(serializers.ModelSerializer):
    document_type = DocumentTypeRefSerializer(read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    urgency_label = serializers.CharField(source="get_urgency_display", read_only=True)
    secrecy_label = serializers.CharField(source="get_secrecy_display", read_only=True)

    COMMON = [
        "id",
        "status",
        "status_label",
        "number",
        "notation",
        "document_date",
        "document_type",
        "subject",
        "signer_name",
        "urgency",
        "urgency_label",
        "secrecy",
        "secrecy_label",
        "created_at",
        "recalled_at",
    ]


class IncomingListSerializer(_MetadataSerializer):
    lead_unit = RefSerializer(read_only=True, allow_null=True)
    is_overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = IncomingDocument
        fields = [
            *_MetadataSerializer.COMMON,
            "issuer_name",
            "issuer_code",
            "channel",
            "arrival_number",
            "arrival_date",
            "deadline",
            "is_overdue",
            "lead_unit",
            "origin",
        ]
        read_only_fields = fields


class AssignmentSerializer(serializers.ModelSerializer):
    unit = RefSerializer(read_only=True)
    user = serializers.CharField(source="user.full_name", default="", read_only=True)

    class Meta:
        model = Assignment
        fields = ["id", "kind", "unit", "user", "deadline", "status", "assigned_at", "done_at"]


class IncomingDetailSerializer(IncomingListSerializer):
    attachments = AttachmentRefSerializer(many=True, read_only=True)
    assignments = AssignmentSerializer(many=True, read_only=True)
    trail = TrailSerializer(many=True, read_only=True)
    actions = serializers.SerializerMethodField()

    class Meta(IncomingListSerializer.Meta):
        fields = [
            *IncomingListSerializer.Meta.fields,
            "signer_position",
            "pages",
            "direction_note",
            "done_at",
            "done_late",
            "attachments",
            "assignments",
            "trail",
            "actions",
        ]
        read_only_fields = fields

    def get_actions(self, document) -> list[str]:
        return self.context.get("actions", [])


class OutgoingListSerializer(_MetadataSerializer):
    drafting_unit = RefSerializer(read_only=True, allow_null=True)
    author = serializers.CharField(source="author.full_name", read_only=True)

    class Meta:
        model = OutgoingDocument
        fields = [*_MetadataSerializer.COMMON, "drafting_unit", "author", "sequence", "issued_at", "signed_at"]
        read_only_fields = fields


class VersionSerializer(serializers.ModelSerializer):
    attachment = AttachmentRefSerializer(read_only=True)

    class Meta:
        model = DraftVersion
        fields = ["number", "attachment", "note", "created_at"]


class DispatchSerializer(serializers.ModelSerializer):
    class Meta:
        model = Dispatch
        fields = ["recipient_name", "recipient_agency", "method", "incoming", "sent_at"]


class OutgoingDetailSerializer(OutgoingListSerializer):
    attachments = AttachmentRefSerializer(many=True, read_only=True)
    versions = VersionSerializer(many=True, read_only=True)
    internal_recipients = RefSerializer(many=True, read_only=True)
    dispatches = DispatchSerializer(many=True, read_only=True)
    trail = TrailSerializer(many=True, read_only=True)
    actions = serializers.SerializerMethodField()

    class Meta(OutgoingListSerializer.Meta):
        fields = [
            *OutgoingListSerializer.Meta.fields,
            "signer_position",
            "review_step",
            "external_recipients",
            "archive_copies",
            "recall_reason",
            "attachments",
            "versions",
            "internal_recipients",
            "dispatches",
            "trail",
            "actions",
        ]
        read_only_fields = fields

    def get_actions(self, document) -> list[str]:
        return self.context.get("actions", [])


# --- request bodies -------------------------------------------------------------------------------------


class RegisterIncomingSerializer(serializers.Serializer):
    """A paper or electronic document received outside the platform (Decree 30 metadata)."""

    issuer_name = serializers.CharField(max_length=200)
    issuer_code = serializers.CharField(max_length=35, required=False, allow_blank=True, default="")
    document_type = serializers.PrimaryKeyRelatedField(queryset=DocumentType.objects.filter(is_active=True))
    number = serializers.CharField(max_length=11, required=False, allow_blank=True, default="")
    notation = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    document_date = serializers.DateField(required=False, allow_null=True, default=None)
    subject = serializers.CharField(max_length=500)
    signer_name = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    signer_position = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    urgency = serializers.ChoiceField(choices=Urgency.choices, default=Urgency.NORMAL)
    secrecy = serializers.ChoiceField(choices=Secrecy.choices, default=Secrecy.NORMAL)
    pages = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None)
    deadline = serializers.DateField(required=False, allow_null=True, default=None)
    channel = serializers.ChoiceField(choices=Channel.choices, default=Channel.PAPER)
    file = serializers.FileField(required=False, write_only=True)
    allow_duplicate = serializers.BooleanField(
        default=False, help_text="Vẫn vào sổ khi đã có văn bản cùng cơ quan ban hành, số ký hiệu và ngày."
    )


class AssignSerializer(serializers.Serializer):
    lead_unit = serializers.PrimaryKeyRelatedField(queryset=Agency.objects.all())
    cooperating = serializers.PrimaryKeyRelatedField(queryset=Agency.objects.all(), many=True, required=False)
    for_information = serializers.PrimaryKeyRelatedField(queryset=Agency.objects.all(), many=True, required=False)
    direction = serializers.CharField(required=False, allow_blank=True, default="")
    deadline = serializers.DateField(required=False, allow_null=True, default=None)


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class RefusalSerializer(serializers.Serializer):
    detail = serializers.CharField()
    duplicates = serializers.ListField(child=serializers.IntegerField(), required=False)
