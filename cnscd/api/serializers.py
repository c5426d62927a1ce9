"""Request serializers that take JSON types as the schema states them.

DRF's CharField also takes 12 and stores "12", its IntegerField takes "12":
a client sending the wrong type would be half understood. Here a number where
the schema says string, or a string where it says integer, is refused with
the other field errors (400, `{"field": ["…"]}`).
"""

from collections.abc import Mapping
from typing import Any

from rest_framework import serializers

NOT_TEXT = "Phải là chuỗi ký tự."
NOT_INTEGER = "Phải là số nguyên."


def json_type_errors(
    fields: Mapping[str, serializers.Field[Any, Any, Any, Any]], data: object
) -> dict[str, list[str]]:
    """The fields of `data` whose JSON type is not the one their field reads
    (null is left to the field's own `allow_null`)."""
    if not isinstance(data, Mapping):
        return {}
    errors: dict[str, list[str]] = {}
    for name, field in fields.items():
        value = data.get(name)
        if field.read_only or value is None:
            continue
        if isinstance(field, serializers.CharField) and not isinstance(value, str):
            errors[name] = [NOT_TEXT]
        elif isinstance(field, serializers.IntegerField) and (
            isinstance(value, bool) or not isinstance(value, int)
        ):
            errors[name] = [NOT_INTEGER]
    return errors


class StrictSerializer(serializers.Serializer[Any]):
    # A request body: text is a JSON string, an integer a JSON integer. (No
    # docstring: the schema would show it as every subclass's description.)

    def to_internal_value(self, data: Any) -> Any:
        if errors := json_type_errors(self.fields, data):
            raise serializers.ValidationError(errors)
        return super().to_internal_value(data)


class StrictModelSerializer[M: Any](serializers.ModelSerializer[M]):
    # A model serializer that also reads requests, with the same JSON types.

    def to_internal_value(self, data: Any) -> Any:
        if errors := json_type_errors(self.fields, data):
            raise serializers.ValidationError(errors)
        return super().to_internal_value(data)
