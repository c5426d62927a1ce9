from typing import Any

from django import forms

from cnscd.accounts.models import Organisation
from cnscd.teams.choices import BodyKind, BodyStatus, DecisionKind, Position, Sex

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class BodyCreateForm(forms.Form):
    kind = forms.ChoiceField(label="Loại", choices=BodyKind.choices)
    name = forms.CharField(
        label="Tên (để trống để dùng tên mặc định)", max_length=255, required=False
    )
    established_on = forms.DateField(
        label="Ngày thành lập", required=False, widget=DATE_WIDGET
    )
    zalo_group_url = forms.URLField(
        label="Nhóm Zalo (đường dẫn)", required=False, max_length=300
    )
    zalo_oa_url = forms.URLField(
        label="Zalo OA (đường dẫn)", required=False, max_length=300
    )


class BodyEditForm(forms.Form):
    name = forms.CharField(label="Tên", max_length=255)
    zalo_group_url = forms.URLField(
        label="Nhóm Zalo (đường dẫn)", required=False, max_length=300
    )
    zalo_oa_url = forms.URLField(
        label="Zalo OA (đường dẫn)", required=False, max_length=300
    )
    note = forms.CharField(
        label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class BodyStatusForm(forms.Form):
    status = forms.ChoiceField(label="Trạng thái", choices=BodyStatus.choices)
    on = forms.DateField(label="Từ ngày", widget=DATE_WIDGET)
    merged_into = forms.IntegerField(label="Mã số tổ được sáp nhập vào", required=False)


class DecisionForm(forms.Form):
    kind = forms.ChoiceField(label="Loại quyết định", choices=DecisionKind.choices)
    number = forms.CharField(
        label="Số quyết định", max_length=60, help_text="Ví dụ: 689/QĐ-UBND"
    )
    signed_on = forms.DateField(label="Ngày ký", widget=DATE_WIDGET)
    issuer = forms.CharField(
        label="Cơ quan ban hành", max_length=200, help_text="Ví dụ: UBND tỉnh Hải Dương"
    )
    note = forms.CharField(label="Trích yếu", max_length=500, required=False)
    scan = forms.FileField(label="Bản quét (PDF, tối đa 10 MB)", required=False)


def organisation_choices() -> list[tuple[str, str]]:
    return [("", "— Chọn —")] + [
        (str(o.pk), o.name)
        for o in Organisation.objects.filter(is_active=True).order_by("name")
    ]


class PersonFieldsForm(forms.Form):
    full_name = forms.CharField(label="Họ và tên", max_length=150)
    sex = forms.ChoiceField(label="Giới tính", choices=Sex.choices, required=False)
    birth_year = forms.IntegerField(
        label="Năm sinh", required=False, min_value=1900, max_value=2100
    )
    phone = forms.CharField(label="Số điện thoại", max_length=30, required=False)
    email = forms.EmailField(label="Thư điện tử", required=False)
    zalo = forms.CharField(label="Zalo", max_length=100, required=False)

    def person_fields(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            k: d.get(k) or ("" if k != "birth_year" else None)
            for k in ("full_name", "sex", "birth_year", "phone", "email", "zalo")
        }


class MembershipFieldsMixin(forms.Form):
    position = forms.ChoiceField(label="Chức vụ trong tổ", choices=Position.choices)
    custom_title = forms.CharField(
        label="Chức danh (nếu chọn “Chức danh khác”)", max_length=100, required=False
    )
    affiliation = forms.ChoiceField(label="Đơn vị công tác", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["affiliation"].choices = organisation_choices()  # type: ignore[attr-defined]

    def affiliation_obj(self) -> Organisation | None:
        value = self.cleaned_data.get("affiliation")
        return Organisation.objects.filter(pk=int(value)).first() if value else None


class MemberAddForm(PersonFieldsForm, MembershipFieldsMixin):
    affiliation_text = forms.CharField(
        label="Đơn vị công tác (nếu không có trong danh sách)",
        max_length=200,
        required=False,
    )
    started_on = forms.DateField(
        label="Tham gia từ ngày", required=False, widget=DATE_WIDGET
    )


class MembershipEditForm(MembershipFieldsMixin):
    version = forms.IntegerField(widget=forms.HiddenInput)


class MembershipEndForm(forms.Form):
    on = forms.DateField(label="Rời tổ từ ngày", widget=DATE_WIDGET)


class PersonEditForm(PersonFieldsForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class MergeForm(forms.Form):
    duplicate = forms.IntegerField(
        label="Mã số người bị trùng (sẽ gộp vào người này)", min_value=1
    )


class MemberImportForm(forms.Form):
    file = forms.FileField(label="Tệp Excel (.xlsx) hoặc CSV")
    create_villages = forms.BooleanField(
        label="Tạo thôn/tổ dân phố chưa có trong xã", required=False
    )


class OrganisationForm(forms.Form):
    name = forms.CharField(label="Tên tổ chức", max_length=200)
    short_name = forms.CharField(label="Tên viết tắt", max_length=60, required=False)
    kind = forms.ChoiceField(label="Loại", choices=Organisation.Kind.choices)
    aliases = forms.CharField(
        label="Tên gọi khác (cách nhau bằng dấu ;)", max_length=500, required=False
    )
