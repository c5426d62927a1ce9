"""The OpenAPI schema tells the truth (issue #13, item 9).

One place decides what every operation documents besides its own answer:

- the errors every API view can give — 400 (a parameter or field refused),
  401, 403, 404 — and, on PATCH, 412 and 428 (the version check of
  `cnscd.api.versioning`), each with the body `cnscd.api.errors` renders;
- query parameters with the types and ranges `cnscd.core.params` accepts,
  so a generated client sends what the server reads;
- text, web and e-mail fields with the patterns the serializers accept (a
  blank URL or e-mail is "", which no `format: uri` or `email` admits).

`cnscd.api.autoschema.AutoSchema` applies the responses and blanks to every
operation; the api.py modules take their parameters from here. Schemathesis
checks the result against the running app (tests/test_schemathesis.py).
"""

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

from cnscd.core.params import MAX_ID

# {"detail": "…"} or {"detail": ["…", "…"]} — `cnscd.api.errors` renders both.
DETAIL = {
    "oneOf": [
        {"type": "string"},
        {"type": "array", "items": {"type": "string"}},
    ]
}
ERROR = {
    "type": "object",
    "description": "Lỗi, bằng tiếng Việt.",
    "properties": {"detail": DETAIL},
    "required": ["detail"],
}
# A serializer's refusal names the fields: {"name": ["…"], "unit": ["…"]}.
VALIDATION_ERROR = {
    "type": "object",
    "description": (
        "Dữ liệu không hợp lệ: “detail” cho một tham số, hoặc danh sách lỗi "
        "theo từng trường gửi lên."
    ),
    "properties": {"detail": DETAIL},
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
}
ERRORS = {
    "400": ("ValidationError", VALIDATION_ERROR, "Tham số hoặc dữ liệu không hợp lệ."),
    "401": ("Error", ERROR, "Chưa đăng nhập hoặc mã truy cập (token) sai."),
    "403": ("Error", ERROR, "Không có quyền, hoặc tài khoản chưa được phân công."),
    "404": ("Error", ERROR, "Không tìm thấy, hoặc nằm ngoài phạm vi được xem."),
}
VERSION_ERRORS = {
    "412": ("Error", ERROR, "Phiên bản đã cũ: người khác đã sửa; không ghi gì."),
    "428": ("Error", ERROR, "Thiếu phiên bản (trường “version” hoặc If-Match)."),
}

# What DRF's CharField refuses besides lengths: NUL anywhere (PostgreSQL cannot
# store it) and, unless blank is allowed, text that is only whitespace (it is
# stripped first). Whitespace is Python's `str.isspace`, spelt out.
_SPACE = (
    r"\t\n\x0b\x0c\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029"
    r"\u202f\u205f\u3000"
)
# Blank text is "" (drf-spectacular adds it as a second branch of `oneOf`).
TEXT_PATTERN = r"^[^\x00]+$"
NON_BLANK_TEXT_PATTERN = rf"^[^\x00]*[^\x00{_SPACE}][^\x00]*$"

# Web addresses Django's URLValidator accepts (it takes more: other schemes,
# capitals, IP addresses, deeper host names), host name under 253 characters.
URL_PATTERN = (
    r"^https?://(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.){1,2}[a-z]{2,63}"
    r"(?:[/?#][^\s]*)?$"
)
# E-mail addresses Django's EmailValidator accepts (it takes more).
EMAIL_PATTERN = (
    r"^[a-z0-9_%+-]+(?:\.[a-z0-9_%+-]+)*@"
    r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.){1,2}[a-z]{2,63}$"
)

# Ids are 1…2**63 - 1, as `cnscd.core.params.parse_id` reads them.
ID_SCHEMA = {"type": "integer", "minimum": 1, "maximum": MAX_ID}

# FIRST_DAY…LAST_DAY are 1/1/2000…31/12/2100 (tests/test_api_schema.py keeps
# the patterns below in step with them).
_YEAR = r"(?:20[0-9]{2}|2100)"
# A calendar day written YYYY-MM-DD between FIRST_DAY and LAST_DAY, leap days
# included (2000 is a leap year, 2100 is not).
DAY_PATTERN = (
    rf"^(?:{_YEAR}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])"
    r"|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)"
    r"|02-(?:0[1-9]|1[0-9]|2[0-8]))"
    r"|20(?:[02468][048]|[13579][26])-02-29)$"
)
# Years, halves, quarters, months and weeks 1–52 (every year has them; the
# last week of 2100 ends in 2101, so that year stops at week 51).
_PARTS = r"|S[12]|Q[1-4]|0[1-9]|1[0-2]"
PERIOD_PATTERN = (
    rf"^(?:20[0-9]{{2}}(?:{_PARTS}|W(?:0[1-9]|[1-4][0-9]|5[0-2]))"
    rf"|2100(?:{_PARTS}|W(?:0[1-9]|[1-4][0-9]|5[01])))$"
)


def id_parameter(
    name: str, description: str = "", *, required: bool = False
) -> OpenApiParameter:
    """A query parameter naming a row by id; an id no row can have is refused
    (400) or answers 404 like a row out of scope."""
    return OpenApiParameter(
        name, ID_SCHEMA, required=required, description=description or "Mã số"
    )


def day_parameter(name: str, description: str) -> OpenApiParameter:
    """A day between 1/1/2000 and 31/12/2100; 400 otherwise."""
    return OpenApiParameter(
        name,
        {"type": "string", "format": "date", "pattern": DAY_PATTERN},
        description=f"{description} (YYYY-MM-DD; cũng nhận 30/6/2025)",
    )


def period_parameter(
    name: str = "period", description: str = "", *, required: bool = False
) -> OpenApiParameter:
    """A period in DHIS2 notation within 2000–2100; 400 otherwise."""
    return OpenApiParameter(
        name,
        {"type": "string", "pattern": PERIOD_PATTERN},
        required=required,
        description=(
            f"{description or 'Kỳ báo cáo'}: 2023, 2023S1, 2023Q2, 202306 hoặc "
            "2023W27 (cũng nhận khoảng tháng 202308-202312)"
        ),
    )


def choice_parameter(
    name: str, choices: list[str], description: str = ""
) -> OpenApiParameter:
    """One of `choices`; 400 otherwise."""
    return OpenApiParameter(
        name, OpenApiTypes.STR, enum=choices, description=description
    )


def text_parameter(name: str, description: str) -> OpenApiParameter:
    """Free text: control characters dropped, cut to 100 characters."""
    return OpenApiParameter(
        name,
        OpenApiTypes.STR,
        description=f"{description} (tối đa 100 ký tự; phần thừa bị bỏ)",
    )


def bool_parameter(name: str, description: str) -> OpenApiParameter:
    """true/false (also 1/0); 400 otherwise."""
    return OpenApiParameter(name, OpenApiTypes.BOOL, description=description)


def page_parameters(max_page_size: int) -> list[dict[str, Any]]:
    """`page` and `page_size` as `cnscd.api.pagination.Pagination` reads them."""
    return [
        {
            "name": "page",
            "in": "query",
            "required": False,
            "description": "Số trang (1, 2…) hoặc “last”; trang quá cuối: 404.",
            "schema": {
                "oneOf": [
                    {"type": "integer", "minimum": 1, "maximum": MAX_ID},
                    {"type": "string", "enum": ["last"]},
                ]
            },
        },
        {
            "name": "page_size",
            "in": "query",
            "required": False,
            "description": f"Số dòng mỗi trang (lớn hơn {max_page_size} thì lấy {max_page_size}).",
            "schema": {"type": "integer", "minimum": 1},
        },
    ]
