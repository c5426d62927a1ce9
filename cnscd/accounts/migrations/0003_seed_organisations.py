"""The national list of organisations members come from (editable afterwards)."""

import unicodedata

from django.db import migrations

ORGANISATIONS = [
    # (name, short name, kind, aliases)
    ("Sở Thông tin và Truyền thông", "Sở TTTT", "government", "Sở TT&TT; STTTT"),
    ("Sở Khoa học và Công nghệ", "Sở KH&CN", "government", "Sở KHCN"),
    (
        "Văn phòng Ủy ban nhân dân tỉnh",
        "VP UBND tỉnh",
        "government",
        "Văn phòng UBND tỉnh",
    ),
    ("Sở Giáo dục và Đào tạo", "Sở GDĐT", "government", "Sở GD&ĐT"),
    (
        "Ủy ban nhân dân cấp huyện",
        "UBND huyện",
        "government",
        "UBND thị xã; UBND thành phố; Phòng Văn hóa và Thông tin; Phòng VHTT",
    ),
    (
        "Ủy ban nhân dân cấp xã",
        "UBND xã",
        "government",
        "UBND phường; UBND thị trấn; Cán bộ xã; Công chức xã",
    ),
    (
        "Đoàn Thanh niên Cộng sản Hồ Chí Minh",
        "Đoàn Thanh niên",
        "mass_organisation",
        "Tỉnh đoàn; Huyện đoàn; Đoàn xã; Đoàn TN; Chi đoàn; Thanh niên; Đoàn viên",
    ),
    (
        "Hội Liên hiệp Phụ nữ Việt Nam",
        "Hội Phụ nữ",
        "mass_organisation",
        "Hội LHPN; Phụ nữ; Chi hội phụ nữ",
    ),
    (
        "Hội Nông dân Việt Nam",
        "Hội Nông dân",
        "mass_organisation",
        "Nông dân; Chi hội nông dân",
    ),
    ("Hội Cựu chiến binh Việt Nam", "Hội CCB", "mass_organisation", "Cựu chiến binh"),
    (
        "Mặt trận Tổ quốc Việt Nam",
        "MTTQ",
        "mass_organisation",
        "Mặt trận; Ban công tác mặt trận",
    ),
    (
        "Công an",
        "Công an",
        "police",
        "Công an xã; Công an phường; Công an khu vực; Công an viên",
    ),
    (
        "Tập đoàn Bưu chính Viễn thông Việt Nam",
        "VNPT",
        "telecom",
        "Viễn thông tỉnh; VNPT tỉnh",
    ),
    (
        "Tập đoàn Công nghiệp - Viễn thông Quân đội",
        "Viettel",
        "telecom",
        "Viettel tỉnh; Chi nhánh Viettel",
    ),
    ("Tổng công ty Viễn thông MobiFone", "MobiFone", "telecom", "Mobiphone; Mobifone"),
    (
        "Tổng công ty Bưu điện Việt Nam",
        "Bưu điện",
        "post",
        "VNPost; Bưu điện tỉnh; Bưu điện huyện; Bưu điện xã; Bưu điện văn hóa xã",
    ),
    (
        "Tổng công ty Cổ phần Bưu chính Viettel",
        "Viettel Post",
        "post",
        "Bưu chính Viettel",
    ),
    ("Ngân hàng Nông nghiệp và Phát triển Nông thôn", "Agribank", "bank", ""),
    ("Ngân hàng TMCP Ngoại thương Việt Nam", "Vietcombank", "bank", ""),
    ("Ngân hàng TMCP Công Thương Việt Nam", "VietinBank", "bank", ""),
    ("Ngân hàng TMCP Đầu tư và Phát triển Việt Nam", "BIDV", "bank", ""),
    ("Ngân hàng Chính sách xã hội", "NHCSXH", "bank", ""),
    (
        "Trường học",
        "Trường học",
        "school",
        "Giáo viên; Trường tiểu học; Trường THCS; Trường THPT; Học sinh",
    ),
    (
        "Thôn, tổ dân phố",
        "Thôn, TDP",
        "other",
        "Trưởng thôn; Bí thư chi bộ; Tổ dân phố; Khu dân cư; Trưởng khu",
    ),
]


def _key(value: str) -> str:
    value = " ".join(
        unicodedata.normalize("NFC", value).replace("đ", "d").replace("Đ", "d").split()
    )
    decomposed = unicodedata.normalize("NFD", value)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def seed(apps, schema_editor):
    Organisation = apps.get_model("accounts", "Organisation")
    for name, short, kind, aliases in ORGANISATIONS:
        Organisation.objects.get_or_create(
            name=name,
            defaults={
                "short_name": short,
                "kind": kind,
                "aliases": aliases,
                "search_key": _key(name),
            },
        )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_organisation_assignment_organisation")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
