from django import forms

from cnscd.accounts.choices import ROLE_LEVELS
from cnscd.accounts.models import Organisation
from cnscd.core.roles import Role
from cnscd.units.models import AdministrativeUnit


def role_choices_for(unit: AdministrativeUnit) -> list[tuple[str, str]]:
    return [(r.value, r.label) for r in Role if unit.level in ROLE_LEVELS[r]]


class UserCreateForm(forms.Form):
    username = forms.CharField(label="Tên đăng nhập", max_length=150)
    full_name = forms.CharField(label="Họ và tên", max_length=150)
    phone = forms.CharField(label="Số điện thoại", max_length=20, required=False)
    email = forms.EmailField(label="Thư điện tử", required=False)
    role = forms.ChoiceField(label="Vai trò")

    def __init__(
        self, *args: object, unit: AdministrativeUnit, **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["role"].choices = role_choices_for(unit)  # type: ignore[attr-defined]

    def clean_username(self) -> str:
        value: str = self.cleaned_data["username"].strip().lower()
        if (
            not value.replace(".", "").replace("_", "").replace("-", "").isalnum()
            or not value.isascii()
        ):
            raise forms.ValidationError(
                "Tên đăng nhập chỉ gồm chữ không dấu, số và các dấu . _ -"
            )
        return value


class AssignForm(forms.Form):
    user = forms.ChoiceField(label="Người dùng")
    role = forms.ChoiceField(label="Vai trò")
    organisation = forms.ModelChoiceField(
        label="Tổ chức (chỉ cho báo cáo viên doanh nghiệp)",
        queryset=Organisation.objects.filter(is_active=True).order_by("name"),
        required=False,
    )

    def __init__(
        self,
        *args: object,
        unit: AdministrativeUnit,
        users: list[tuple[int, str]],
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["role"].choices = role_choices_for(unit)  # type: ignore[attr-defined]
        self.fields["user"].choices = users  # type: ignore[attr-defined]


class PasswordResetByOfficerForm(forms.Form):
    confirm = forms.BooleanField(
        label="Tạo mật khẩu mới ngẫu nhiên (người dùng sẽ bị đăng xuất khỏi mọi thiết bị)"
    )
