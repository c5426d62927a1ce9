from typing import Any

from django import forms

from cnscd.activities.choices import ActivityKind
from cnscd.core.numbers import NumberError, parse_vn_number
from cnscd.teams.forms import DATE_WIDGET


class ActivityForm(forms.Form):
    held_on = forms.DateField(label="Ngày", widget=DATE_WIDGET)
    kind = forms.ChoiceField(label="Nội dung", choices=ActivityKind.choices)
    people_guided = forms.CharField(
        label="Số người dân được hướng dẫn",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    place = forms.CharField(
        label="Địa điểm", required=False, max_length=200, help_text="Nhà văn hóa thôn…"
    )
    note = forms.CharField(
        label="Ghi chú",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Ví dụ: kích hoạt VNeID mức 2 cho 12 người cao tuổi",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean_people_guided(self) -> int:
        try:
            value = parse_vn_number(self.cleaned_data["people_guided"], integer=True)
        except NumberError as exc:
            raise forms.ValidationError(str(exc)) from exc
        if value is None:
            raise forms.ValidationError(
                "Hãy ghi số người dân được hướng dẫn (0 nếu không có)."
            )
        return int(value)

    def entry_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        return data
