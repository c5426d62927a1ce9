from typing import Any

from rest_framework import serializers

from cnscd.accounts.models import Organisation
from cnscd.api.serializers import StrictModelSerializer, StrictSerializer
from cnscd.core.params import MAX_ID
from cnscd.teams.choices import BodyKind, DecisionKind, Position, Sex
from cnscd.teams.models import Body, Decision, Membership, Person


class OrganisationSerializer(StrictModelSerializer[Organisation]):
    class Meta:
        model = Organisation
        fields = ["id", "name", "short_name", "kind", "aliases"]
        read_only_fields = ["id"]


class DecisionSerializer(serializers.ModelSerializer[Decision]):
    has_scan = serializers.SerializerMethodField()

    class Meta:
        model = Decision
        fields = ["id", "kind", "number", "signed_on", "issuer", "note", "has_scan"]
        read_only_fields = fields

    def get_has_scan(self, obj: Decision) -> bool:
        return bool(obj.scan)


class BodySerializer(serializers.ModelSerializer[Body]):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    # Counted for lists; a single body (its page, a write's answer) says null.
    member_count = serializers.IntegerField(
        read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = Body
        fields = [
            "id",
            "kind",
            "name",
            "unit",
            "unit_name",
            "status",
            "established_on",
            "ended_on",
            "merged_into",
            "zalo_group_url",
            "zalo_oa_url",
            "note",
            "member_count",
            "version",
        ]
        read_only_fields = fields


class BodyCreateSerializer(StrictSerializer):
    kind = serializers.ChoiceField(choices=BodyKind.choices)
    unit = serializers.IntegerField()
    name = serializers.CharField(
        max_length=255, required=False, allow_blank=True, default=""
    )
    established_on = serializers.DateField(
        required=False, allow_null=True, default=None
    )
    zalo_group_url = serializers.URLField(
        max_length=300, required=False, allow_blank=True, default=""
    )
    zalo_oa_url = serializers.URLField(
        max_length=300, required=False, allow_blank=True, default=""
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")


class BodyUpdateSerializer(StrictSerializer):
    name = serializers.CharField(max_length=255, required=False)
    zalo_group_url = serializers.URLField(
        max_length=300, required=False, allow_blank=True
    )
    zalo_oa_url = serializers.URLField(max_length=300, required=False, allow_blank=True)
    note = serializers.CharField(required=False, allow_blank=True)
    version = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)


class DecisionCreateSerializer(StrictSerializer):
    kind = serializers.ChoiceField(choices=DecisionKind.choices)
    number = serializers.CharField(max_length=60)
    signed_on = serializers.DateField()
    issuer = serializers.CharField(max_length=200)
    note = serializers.CharField(
        max_length=500, required=False, allow_blank=True, default=""
    )


class PersonSerializer(serializers.ModelSerializer[Person]):
    class Meta:
        model = Person
        fields = [
            "id",
            "full_name",
            "sex",
            "birth_year",
            "phone",
            "email",
            "zalo",
            "version",
        ]
        read_only_fields = fields


class PersonUpdateSerializer(StrictSerializer):
    """A PATCH: only the fields sent change (no defaults here)."""

    full_name = serializers.CharField(max_length=150, required=False)
    sex = serializers.ChoiceField(choices=Sex.choices, required=False)
    birth_year = serializers.IntegerField(required=False, allow_null=True)
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
    email = serializers.EmailField(max_length=254, required=False, allow_blank=True)
    zalo = serializers.CharField(max_length=100, required=False, allow_blank=True)
    version = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)


class MembershipSerializer(serializers.ModelSerializer[Membership]):
    person = PersonSerializer(read_only=True)
    body_name = serializers.CharField(source="body.name", read_only=True)
    title = serializers.CharField(read_only=True)
    affiliation_name = serializers.CharField(read_only=True)

    class Meta:
        model = Membership
        fields = [
            "id",
            "person",
            "body",
            "body_name",
            "position",
            "custom_title",
            "title",
            "affiliation",
            "affiliation_name",
            "started_on",
            "ended_on",
            "version",
        ]
        read_only_fields = fields


class MembershipCreateSerializer(StrictSerializer):
    body = serializers.IntegerField()
    full_name = serializers.CharField(max_length=150)
    sex = serializers.ChoiceField(choices=Sex.choices, required=False, default="")
    birth_year = serializers.IntegerField(required=False, allow_null=True, default=None)
    phone = serializers.CharField(
        max_length=30, required=False, allow_blank=True, default=""
    )
    email = serializers.EmailField(
        max_length=254, required=False, allow_blank=True, default=""
    )
    zalo = serializers.CharField(
        max_length=100, required=False, allow_blank=True, default=""
    )
    position = serializers.ChoiceField(choices=Position.choices)
    custom_title = serializers.CharField(
        max_length=100, required=False, allow_blank=True, default=""
    )
    affiliation = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=1, max_value=MAX_ID
    )
    affiliation_text = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default=""
    )
    started_on = serializers.DateField(required=False, allow_null=True, default=None)


class MembershipUpdateSerializer(StrictSerializer):
    """A PATCH: only the fields sent change (no defaults here)."""

    position = serializers.ChoiceField(choices=Position.choices, required=False)
    custom_title = serializers.CharField(
        max_length=100, required=False, allow_blank=True
    )
    affiliation = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=MAX_ID
    )
    version = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)


class MembershipEndSerializer(StrictSerializer):
    ended_on = serializers.DateField()


class CoverageSerializer(serializers.Serializer[Any]):
    day = serializers.DateField()
    committees = serializers.IntegerField()
    committee_members = serializers.IntegerField()
    teams = serializers.IntegerField()
    team_members = serializers.IntegerField()
    people = serializers.IntegerField()
    members_per_team = serializers.FloatField()
    teams_small = serializers.IntegerField()
    teams_without_leader = serializers.IntegerField()
    villages = serializers.IntegerField()
    villages_with_team = serializers.IntegerField()
    villages_without_team_share = serializers.FloatField(allow_null=True)
    children_with_decision = serializers.IntegerField()
    by_affiliation = serializers.ListField(child=serializers.ListField())
    by_sex = serializers.DictField(child=serializers.IntegerField())
    children = serializers.SerializerMethodField()

    def get_children(self, obj: Any) -> list[dict[str, Any]]:
        return [
            {
                "unit": c.unit.pk,
                "code": c.unit.code,
                "name": c.unit.name,
                "has_decision": c.has_decision,
                "committees": c.committees,
                "teams": c.teams,
                "members": c.members,
            }
            for c in obj.children
        ]
