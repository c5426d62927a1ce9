"""Password rules beyond Django's (SECURITY A1)."""

from typing import Any

from django.core.exceptions import ValidationError

from cnscd.core.text import search_key

# Words anyone would guess for this system.
CONTEXT_WORDS = [
    "congnghesocongdong",
    "cong nghe so cong dong",
    "cnscd",
    "tocnscd",
    "chuyendoiso",
    "chuyen doi so",
    "vneid",
    "dichvucong",
    "haiduong",
    "hai duong",
    "haiphong",
    "hai phong",
    "matkhau",
    "mat khau",
    "password",
    "admin",
    "quantri",
]


def _squash(value: str) -> str:
    return search_key(value).replace(" ", "")


class ContextWordValidator:
    """Reject passwords built around the product's or the province's name."""

    def validate(self, password: str, user: Any = None) -> None:
        squashed = _squash(password)
        for word in CONTEXT_WORDS:
            w = word.replace(" ", "")
            if w in squashed and len(squashed) - len(w) < 6:
                raise ValidationError(
                    "Mật khẩu quá dễ đoán: không dùng tên hệ thống, tên tỉnh hay từ phổ biến.",
                    code="password_context_word",
                )

    def get_help_text(self) -> str:
        return "Không dùng tên hệ thống, tên tỉnh hay các từ dễ đoán."


class MaximumLengthValidator:
    """Allow long passphrases (64+ characters) but refuse absurd sizes."""

    max_length = 128

    def validate(self, password: str, user: Any = None) -> None:
        if len(password) > self.max_length:
            raise ValidationError(
                f"Mật khẩu dài tối đa {self.max_length} ký tự.",
                code="password_too_long",
            )

    def get_help_text(self) -> str:
        return f"Tối đa {self.max_length} ký tự; có thể dùng cụm từ tiếng Việt có dấu và khoảng trắng."
