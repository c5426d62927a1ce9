from django import forms

from cnscd.units.choices import VILLAGE_TYPES, UnitType

VILLAGE_TYPE_CHOICES = [(t.value, t.label) for t in UnitType if t in VILLAGE_TYPES]


class VillageForm(forms.Form):
    name = forms.CharField(label="Tên thôn, tổ dân phố", max_length=150)
    unit_type = forms.ChoiceField(label="Loại", choices=VILLAGE_TYPE_CHOICES)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class VillageImportForm(forms.Form):
    file = forms.FileField(
        label="Tệp Excel (.xlsx) hoặc CSV",
        help_text="Các cột: Mã xã (hoặc Tên xã), Tên thôn, Loại (thôn, tổ dân phố…).",
    )
    token = forms.CharField(widget=forms.HiddenInput, required=False)
