"""The starter criteria set, drawn from the Hải Dương report's priorities, and
the default classification that reproduces the report's three groups.

The set is labelled a local draft: the ministry's official set, once issued,
is imported as its own set and replaces it in use.
"""

import datetime as dt
from typing import Any

from django.db import migrations

from cnscd.evaluation.seeds import GroupRow, create_bands, create_set

CODE = "cnscd-du-thao-dia-phuong"
# (number, name, max, rule, evidence, sources, verifier)
GROUPS: list[GroupRow] = [
    (
        "I",
        "Tập huấn, bồi dưỡng thành viên Tổ CNSCĐ",
        30,
        [
            (
                "1",
                "Tổ chức hội nghị, tập huấn cho thành viên Tổ CNSCĐ",
                15,
                "Theo bậc: ≥10: 15; ≥5: 10; ≥1: 5",
                "Kế hoạch, giấy mời, danh sách tham dự",
                "training_sessions",
                "Tổ Chỉ đạo cấp trên",
            ),
            (
                "2",
                "Tỷ lệ thành viên Tổ CNSCĐ được tập huấn",
                15,
                "Tỷ lệ × điểm tối đa",
                "Danh sách thành viên được tập huấn",
                "members_trained / coverage:team_members",
                "Tổ Chỉ đạo cấp trên",
            ),
        ],
    ),
    (
        "II",
        "Hướng dẫn người dân sử dụng dịch vụ số",
        40,
        [
            (
                "3",
                "Tài khoản dịch vụ công trực tuyến được tạo trên số người dân được hướng dẫn",
                15,
                "Tỷ lệ × điểm tối đa",
                "Báo cáo kết quả của UBND cấp xã",
                "dvc_accounts_created / citizens_guided",
                "Sở Thông tin và Truyền thông",
            ),
            (
                "4",
                "Mức hoàn thành chỉ tiêu hướng dẫn người dân",
                15,
                "Tỷ lệ × điểm tối đa",
                "Báo cáo kết quả của UBND cấp xã",
                "citizens_guided / target:citizens_guided",
                "Tổ Chỉ đạo cấp trên",
            ),
            (
                "5",
                "Tài khoản định danh điện tử VNeID được tạo",
                10,
                "Mỗi 1000 được 1 điểm, tối đa 10 điểm",
                "Số liệu của Công an tỉnh",
                "vneid_accounts_created",
                "Công an tỉnh",
            ),
        ],
    ),
    (
        "III",
        "Kinh tế số",
        20,
        [
            (
                "6",
                "Tỷ lệ sản phẩm OCOP được đưa lên sàn thương mại điện tử",
                15,
                "Tỷ lệ × điểm tối đa",
                "Danh sách sản phẩm, đường dẫn gian hàng",
                "ocop_products_online / ocop_products",
                "Sở Công Thương",
            ),
            (
                "7",
                "Có sản phẩm OCOP trên sàn thương mại điện tử",
                5,
                "Có/Không",
                "Đường dẫn gian hàng trên sàn",
                "ocop_products_online",
                "Sở Công Thương",
            ),
        ],
    ),
    (
        "IV",
        "Mô hình, cách làm hay",
        10,
        [
            (
                "8",
                "Mô hình, cách làm hay của Tổ CNSCĐ được cấp trên ghi nhận",
                10,
                "Chấm thủ công",
                "Văn bản ghi nhận, bài viết, hình ảnh (tệp hoặc đường dẫn)",
                "",
                "Tổ Chỉ đạo cấp trên",
            ),
        ],
    ),
]

# The report's three groups of districts (8/8/2023): ≥ 10 training sessions in
# the half-year is "widely deployed" (the seven districts have 14–189), 1–9
# "deployed but not expanded" (Chí Linh 4, Bình Giang 4, Kim Thành 3), a
# reported 0 "not deployed" (Thanh Hà, Kinh Môn); no figure is its own band.
BANDS = [
    ("Triển khai rộng khắp", [{"ref": "training_sessions", "op": ">=", "value": "10"}]),
    (
        "Đã triển khai nhưng chưa mở rộng",
        [{"ref": "training_sessions", "op": ">=", "value": "1"}],
    ),
    (
        "Chưa triển khai tập huấn",
        [{"ref": "training_sessions", "op": "==", "value": "0"}],
    ),
    ("Chưa có số liệu", []),
]


def seed(apps: Any, schema_editor: Any) -> None:
    create_set(
        apps,
        groups=GROUPS,
        valid_from=dt.date(2023, 1, 1),
        code=CODE,
        name="Bộ tiêu chí đánh giá hoạt động Tổ Công nghệ số cộng đồng (dự thảo của địa phương)",
        issuing_body="Tổ Chỉ đạo triển khai Công nghệ số cộng đồng tỉnh (dự thảo, chờ bộ tiêu chí chính thức của Bộ)",
    )
    create_bands(
        apps,
        bands=BANDS,
        code="muc-do-trien-khai",
        name="Mức độ triển khai (theo Báo cáo của tỉnh Hải Dương, 8/8/2023)",
        description=(
            "Từ 10 buổi tập huấn trong kỳ: triển khai rộng khắp; từ 1 đến 9 buổi: "
            "đã triển khai nhưng chưa mở rộng; 0 buổi: chưa triển khai tập huấn."
        ),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("evaluation", "0001_initial"),
        ("indicators", "0005_population_households"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
