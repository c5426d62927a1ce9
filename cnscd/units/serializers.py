from rest_framework import serializers

from cnscd.units.models import AdministrativeUnit


class UnitSerializer(serializers.ModelSerializer[AdministrativeUnit]):
    parent_id = serializers.IntegerField(allow_null=True, read_only=True)
    level_display = serializers.CharField(source="get_level_display", read_only=True)
    unit_type_display = serializers.CharField(
        source="get_unit_type_display", read_only=True
    )

    class Meta:
        model = AdministrativeUnit
        fields = [
            "id",
            "code",
            "name",
            "short_name",
            "structure",
            "level",
            "level_display",
            "unit_type",
            "unit_type_display",
            "parent_id",
            "depth",
            "valid_from",
            "valid_until",
            "latitude",
            "longitude",
        ]
        read_only_fields = fields


class UnitWithCountsSerializer(UnitSerializer):
    child_count = serializers.IntegerField(read_only=True)
    village_count = serializers.IntegerField(read_only=True)

    class Meta(UnitSerializer.Meta):
        fields = [*UnitSerializer.Meta.fields, "child_count", "village_count"]
        read_only_fields = fields
