"""The schema class of every API view (`DEFAULT_SCHEMA_CLASS`): drf-spectacular's,
plus the error responses, ids and text patterns of `cnscd.api.schema`.

Kept apart from `cnscd.api.schema` because drf-spectacular's generator imports
DRF's generic views, which import the paginator, which reads `cnscd.api.schema`.
"""

from typing import Any

from drf_spectacular.openapi import AutoSchema as BaseAutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from rest_framework import serializers

from cnscd.api.schema import (
    EMAIL_PATTERN,
    ERRORS,
    ID_SCHEMA,
    NON_BLANK_TEXT_PATTERN,
    TEXT_PATTERN,
    URL_PATTERN,
    VERSION_ERRORS,
)


class AutoSchema(BaseAutoSchema):
    """drf-spectacular's schema plus the errors, blanks and types above."""

    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses: dict[str, Any] = super()._get_response_bodies(direction)
        errors = dict(ERRORS)
        if self.method == "PATCH":
            errors |= VERSION_ERRORS
        for code, (name, schema, description) in errors.items():
            if code in responses:
                continue
            component = ResolvedComponent(  # type: ignore[no-untyped-call]
                name=name, type=ResolvedComponent.SCHEMA, schema=schema, object=name
            )
            self.registry.register_on_missing(component)
            responses[code] = {
                "content": {"application/json": {"schema": component.ref}},
                "description": description,
            }
        return responses

    def _get_parameters(self) -> list[dict[str, Any]]:
        parameters: list[dict[str, Any]] = super()._get_parameters()
        for parameter in parameters:
            if parameter["in"] == "query":
                # `cnscd.core.params` reads `?name=` like an absent parameter.
                parameter["allowEmptyValue"] = True
        return parameters

    def _resolve_path_parameters(self, variables: Any) -> list[dict[str, Any]]:
        # Every variable in an API path is a row id (`<id:…>` or the router's
        # `{id}`, both read by `cnscd.core.params`).
        parameters: list[dict[str, Any]] = super()._resolve_path_parameters(  # type: ignore[no-untyped-call]
            variables
        )
        for parameter in parameters:
            parameter["schema"] = dict(ID_SCHEMA)
        return parameters

    def _map_serializer_field(
        self, field: Any, direction: Any, bypass_extensions: bool = False
    ) -> Any:
        schema = super()._map_serializer_field(  # type: ignore[no-untyped-call]
            field, direction, bypass_extensions
        )
        if not isinstance(schema, dict) or not isinstance(field, serializers.CharField):
            return schema
        if isinstance(field, serializers.URLField | serializers.EmailField):
            # Django's validators are not RFC 3986 or 5321: they take addresses
            # those refuse (Vietnamese letters after "#") and refuse some they
            # take ("https://a.b"). A request is held to a pattern every value
            # of which Django takes; `_insert_field_validators` drops the format.
            if direction == "request":
                email = isinstance(field, serializers.EmailField)
                schema["pattern"] = EMAIL_PATTERN if email else URL_PATTERN
            return schema
        if (
            direction == "request"
            and not isinstance(field, serializers.RegexField)  # has its pattern
            and not {"pattern", "enum"} & schema.keys()
        ):
            schema["pattern"] = (
                TEXT_PATTERN if field.allow_blank else NON_BLANK_TEXT_PATTERN
            )
        return schema

    def _insert_field_validators(self, field: Any, schema: dict[str, Any]) -> None:
        super()._insert_field_validators(field, schema)  # type: ignore[no-untyped-call]
        # After drf-spectacular has added `format` (and, for a blank-able
        # field, the "" branch): a stored address is a plain string.
        for variant in [schema, *schema.get("oneOf", [])]:
            if variant.get("format") in ("uri", "email"):
                del variant["format"]
