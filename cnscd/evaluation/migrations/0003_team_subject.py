"""Criteria sets and classifications say what they score: localities or the
village teams. A starter set for teams, labelled a local draft, built from
what the team registry knows (decision, leader, members, partners), the team's
activity log (people guided, sessions) and manual criteria with evidence."""

import datetime as dt
from typing import Any

from django.db import migrations, models

from cnscd.evaluation.seeds import BandRow, GroupRow, create_bands, create_set


def subject_field() -> models.CharField:
    return models.CharField(
        choices=[("unit", "Địa phương"), ("team", "Tổ Công nghệ số cộng đồng")],
        default="unit",
        max_length=10,
        verbose_name="áp dụng cho",
    )


TEAM_GROUPS: list[GroupRow] = [
    (
        "I",
        "Tổ chức của Tổ",
        30,
        [
            (
                "1",
                "Tổ được thành lập hoặc kiện toàn bằng quyết định",
                10,
                "Có/Không",
                "Quyết định thành lập hoặc kiện toàn Tổ",
                "team:has_decision",
                "UBND cấp xã",
            ),
            (
                "2",
                "Tổ có tổ trưởng",
                5,
                "Có/Không",
                "Quyết định phân công tổ trưởng",
                "team:has_leader",
                "UBND cấp xã",
            ),
            (
                "3",
                "Số thành viên của Tổ",
                15,
                "Theo bậc: ≥5: 15; ≥3: 10; ≥1: 5",
                "Danh sách thành viên của Tổ",
                "team:members",
                "UBND cấp xã",
            ),
        ],
    ),
    (
        "II",
        "Phối hợp với doanh nghiệp",
        10,
        [
            (
                "4",
                "Thành viên từ doanh nghiệp viễn thông, bưu chính, ngân hàng",
                10,
                "Mỗi 1 được 5 điểm, tối đa 10 điểm",
                "Danh sách thành viên của Tổ",
                "team:partner_members",
                "UBND cấp xã",
            ),
        ],
    ),
    (
        "III",
        "Hướng dẫn người dân",
        60,
        [
            (
                "5",
                "Lượt người dân được Tổ hướng dẫn, ghi trong nhật ký hoạt động",
                20,
                "Theo bậc: ≥200: 20; ≥100: 15; ≥50: 10; ≥1: 5",
                "Nhật ký hoạt động của Tổ",
                "activity_people_guided",
                "UBND cấp xã",
            ),
            (
                "6",
                "Số buổi hướng dẫn ghi trong nhật ký hoạt động",
                10,
                "Mỗi 1 được 1 điểm, tối đa 10 điểm",
                "Nhật ký hoạt động của Tổ",
                "activity_sessions",
                "UBND cấp xã",
            ),
            (
                "7",
                "Kết quả hướng dẫn VNeID, dịch vụ công trực tuyến, thương mại điện tử, "
                "thanh toán không dùng tiền mặt",
                20,
                "Chấm thủ công",
                "Danh sách người dân, hộ, tiểu thương được hướng dẫn (tệp hoặc đường dẫn)",
                "",
                "UBND cấp xã",
            ),
            (
                "8",
                "Mô hình, cách làm hay của Tổ được ghi nhận",
                10,
                "Chấm thủ công",
                "Văn bản ghi nhận, bài viết, hình ảnh (tệp hoặc đường dẫn)",
                "",
                "UBND cấp xã",
            ),
        ],
    ),
]
TEAM_BANDS: list[BandRow] = [
    ("Hoạt động hiệu quả", [{"ref": "score", "op": ">=", "value": "80"}]),
    ("Đạt yêu cầu", [{"ref": "score", "op": ">=", "value": "50"}]),
    ("Cần củng cố", [{"ref": "team:members", "op": ">=", "value": "0"}]),
    ("Chưa có Tổ", []),
]


def seed(apps: Any, schema_editor: Any) -> None:
    create_set(
        apps,
        groups=TEAM_GROUPS,
        valid_from=dt.date(2023, 1, 1),
        subject="team",
        code="to-cnscd-du-thao",
        name="Bộ tiêu chí đánh giá Tổ Công nghệ số cộng đồng ở thôn, tổ dân phố (dự thảo của địa phương)",
        issuing_body="Tổ Chỉ đạo triển khai Công nghệ số cộng đồng cấp xã (dự thảo, chờ bộ tiêu chí chính thức của Bộ)",
    )
    create_bands(
        apps,
        bands=TEAM_BANDS,
        subject="team",
        code="xep-loai-to",
        name="Xếp loại Tổ Công nghệ số cộng đồng (dự thảo của địa phương)",
        description=(
            "Từ 80 điểm: hoạt động hiệu quả; từ 50 điểm: đạt yêu cầu; "
            "dưới 50 điểm: cần củng cố; thôn chưa có Tổ: chưa có Tổ."
        ),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("evaluation", "0002_starter_set_and_bands"),
        ("indicators", "0009_activity_form"),
    ]

    operations = [
        migrations.AddField(
            model_name="bandset", name="subject", field=subject_field()
        ),
        migrations.AddField(
            model_name="criteriaset", name="subject", field=subject_field()
        ),
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
