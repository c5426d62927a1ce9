"""The indicator catalogue and forms drawn from the Hải Dương report (8/8/2023).

Seeded forms target a level, so every province can use and import into them
without set-up. Officers can add indicators, forms and rules afterwards.
"""

from django.db import migrations

# code, name, measure, value type, unit aggregation, time aggregation, pillar, disaggregations
INDICATORS = [
    (
        "training_sessions",
        "Số buổi hội nghị, tập huấn",
        "buổi",
        "integer",
        "sum",
        "sum",
        "society",
        [],
    ),
    (
        "members_trained",
        "Số thành viên của Tổ được tập huấn",
        "người",
        "integer",
        "sum",
        "sum",
        "society",
        [],
    ),
    (
        "citizens_guided",
        "Số người dân được hướng dẫn",
        "người",
        "integer",
        "sum",
        "sum",
        "society",
        ["sex", "target_group"],
    ),
    (
        "dvc_accounts_created",
        "Số lượng tài khoản DVCTT được tạo",
        "tài khoản",
        "integer",
        "sum",
        "sum",
        "government",
        [],
    ),
    (
        "vneid_accounts_created",
        "Số lượng tài khoản VNeID được tạo",
        "tài khoản",
        "integer",
        "sum",
        "sum",
        "government",
        [],
    ),
    (
        "ocop_products",
        "Số lượng sản phẩm OCOP của địa phương",
        "sản phẩm",
        "integer",
        "sum",
        "last",
        "economy",
        [],
    ),
    (
        "ocop_products_online",
        "Số lượng sản phẩm OCOP được đưa lên sàn TMĐT",
        "sản phẩm",
        "integer",
        "sum",
        "last",
        "economy",
        [],
    ),
    (
        "citizen_portal_accounts",
        "Số tài khoản của người dân trên Cổng dịch vụ công",
        "tài khoản",
        "integer",
        "sum",
        "last",
        "government",
        [],
    ),
    (
        "business_portal_accounts",
        "Số tài khoản của doanh nghiệp trên Cổng dịch vụ công",
        "tài khoản",
        "integer",
        "sum",
        "last",
        "government",
        [],
    ),
    (
        "online_dossier_rate",
        "Tỷ lệ hồ sơ trực tuyến",
        "%",
        "percentage",
        "average",
        "last",
        "government",
        [],
    ),
    (
        "digital_signatures",
        "Số chữ ký số cá nhân được cấp",
        "chữ ký số",
        "integer",
        "sum",
        "sum",
        "government",
        ["partner", "target_group"],
    ),
    (
        "ecommerce_products",
        "Số sản phẩm được đưa lên sàn thương mại điện tử",
        "sản phẩm",
        "integer",
        "sum",
        "last",
        "economy",
        ["partner"],
    ),
    (
        "ecommerce_transactions",
        "Số giao dịch qua sàn thương mại điện tử",
        "giao dịch",
        "integer",
        "sum",
        "sum",
        "economy",
        ["partner"],
    ),
    (
        "households_trained_ecommerce",
        "Số hộ sản xuất được đào tạo kỹ năng kinh doanh trên sàn TMĐT",
        "hộ",
        "integer",
        "sum",
        "sum",
        "economy",
        ["partner"],
    ),
    (
        "qr_markets",
        "Số chợ chấp nhận thanh toán không dùng tiền mặt (Chợ 4.0)",
        "chợ",
        "integer",
        "sum",
        "last",
        "economy",
        ["partner"],
    ),
    (
        "qr_merchants",
        "Số tiểu thương đăng ký mã QR thanh toán",
        "tiểu thương",
        "integer",
        "sum",
        "last",
        "economy",
        ["partner"],
    ),
    (
        "mobile_money_accounts",
        "Số tài khoản Mobile Money",
        "tài khoản",
        "integer",
        "sum",
        "last",
        "economy",
        ["partner"],
    ),
    (
        "elearning_users",
        "Số người dùng học trực tuyến",
        "người",
        "integer",
        "sum",
        "sum",
        "society",
        ["partner"],
    ),
    (
        "elearning_lessons",
        "Số bài học trực tuyến",
        "bài",
        "integer",
        "sum",
        "last",
        "society",
        ["partner"],
    ),
    (
        "elearning_views",
        "Số lượt học (lượt xem)",
        "lượt",
        "integer",
        "sum",
        "sum",
        "society",
        ["partner"],
    ),
    (
        "elearning_completions",
        "Số lượt hoàn thành bài học",
        "lượt",
        "integer",
        "sum",
        "sum",
        "society",
        ["partner"],
    ),
    (
        "digital_addresses",
        "Số địa chỉ số được thu thập",
        "địa chỉ",
        "integer",
        "sum",
        "last",
        "society",
        ["partner"],
    ),
    (
        "bcci_postal_items",
        "Số bưu gửi tiếp nhận, trả kết quả TTHC qua dịch vụ BCCI",
        "bưu gửi",
        "integer",
        "sum",
        "sum",
        "government",
        [],
    ),
    (
        "martyr_graves_digitised",
        "Số mộ liệt sĩ được thu thập thông tin, chụp ảnh",
        "mộ",
        "integer",
        "sum",
        "last",
        "society",
        ["partner"],
    ),
    (
        "dti_rank",
        "Thứ hạng chỉ số chuyển đổi số (DTI) của tỉnh",
        "thứ hạng",
        "integer",
        "average",
        "last",
        "government",
        [],
    ),
]

# code, name, period type, level, deadline days, [(indicator, aliases)]
APPENDIX_ALIASES = {
    "training_sessions": "Số buổi hội nghị, tập huấn\nSố buổi tập huấn\nSố buổi hội nghị tập huấn\nBuổi tập huấn",
    "members_trained": "Số thành viên của Tổ được tập huấn\nSố thành viên được tập huấn\nThành viên Tổ được tập huấn",
    "citizens_guided": "Số người dân được hướng dẫn\nNgười dân được hướng dẫn\nSố người dân được hướng dẫn kỹ năng số",
    "dvc_accounts_created": "Số lượng tài khoản DVCTT được tạo\nSố tài khoản DVCTT được tạo\nTài khoản DVCTT\nSố tài khoản dịch vụ công trực tuyến",
    "vneid_accounts_created": "Số lượng tài khoản VNeID được tạo\nSố tài khoản VNeID\nTài khoản VNeID\nĐịnh danh điện tử",
    "ocop_products": "Số lượng sản phẩm OCOP của địa phương\nSố sản phẩm OCOP\nSản phẩm OCOP",
    "ocop_products_online": "Số lượng OCOP được đưa lên sàn TMĐT\nSố sản phẩm OCOP trên sàn TMĐT\nOCOP lên sàn",
}
FORMS = [
    (
        "pl-cnscd-huyen",
        "Kết quả triển khai hoạt động Tổ CNSCĐ các huyện, thị xã, thành phố",
        "sixmonthly",
        "district",
        15,
        list(APPENDIX_ALIASES),
    ),
    (
        "bc-cnscd-xa",
        "Kết quả hoạt động Tổ CNSCĐ cấp xã (hằng tháng)",
        "monthly",
        "commune",
        5,
        [
            "training_sessions",
            "members_trained",
            "citizens_guided",
            "dvc_accounts_created",
            "vneid_accounts_created",
        ],
    ),
    (
        "bc-doanh-nghiep",
        "Kết quả phối hợp của doanh nghiệp công nghệ số (hằng quý)",
        "quarterly",
        "province",
        10,
        [
            "digital_signatures",
            "ecommerce_products",
            "ecommerce_transactions",
            "households_trained_ecommerce",
            "qr_markets",
            "qr_merchants",
            "mobile_money_accounts",
            "elearning_users",
            "elearning_lessons",
            "elearning_views",
            "elearning_completions",
            "digital_addresses",
            "martyr_graves_digitised",
        ],
    ),
    (
        "bc-cds-tinh",
        "Chỉ số chính quyền số của tỉnh (hằng năm)",
        "yearly",
        "province",
        30,
        [
            "citizen_portal_accounts",
            "business_portal_accounts",
            "online_dossier_rate",
            "bcci_postal_items",
            "dti_rank",
        ],
    ),
]
RULES = [
    (
        "dvc-not-above-guided",
        "dvc_accounts_created",
        "<=",
        "citizens_guided",
        "warning",
        "Số tài khoản DVCTT được tạo không nên vượt số người dân được hướng dẫn",
    ),
    (
        "ocop-online-not-above-ocop",
        "ocop_products_online",
        "<=",
        "ocop_products",
        "error",
        "Số sản phẩm OCOP lên sàn không thể vượt số sản phẩm OCOP của địa phương",
    ),
    (
        "completions-not-above-views",
        "elearning_completions",
        "<=",
        "elearning_views",
        "error",
        "Số lượt hoàn thành không thể vượt số lượt học",
    ),
]


def seed(apps, schema_editor):
    Indicator = apps.get_model("indicators", "Indicator")
    Form = apps.get_model("indicators", "Form")
    FormIndicator = apps.get_model("indicators", "FormIndicator")
    ValidationRule = apps.get_model("indicators", "ValidationRule")
    by_code = {}
    for code, name, measure, vtype, unit_agg, time_agg, pillar, disagg in INDICATORS:
        by_code[code], _ = Indicator.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "measure": measure,
                "value_type": vtype,
                "unit_aggregation": unit_agg,
                "time_aggregation": time_agg,
                "pillar": pillar,
                "disaggregations": disagg,
            },
        )
    for code, name, ptype, level, deadline, indicators in FORMS:
        form, _ = Form.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "period_type": ptype,
                "target_level": level,
                "deadline_days": deadline,
            },
        )
        for order, ind in enumerate(indicators, start=1):
            FormIndicator.objects.get_or_create(
                form=form,
                indicator=by_code[ind],
                defaults={
                    "order": order,
                    "aliases": APPENDIX_ALIASES.get(ind, "")
                    if code == "pl-cnscd-huyen"
                    else "",
                },
            )
    for code, left, op, right, severity, message in RULES:
        ValidationRule.objects.get_or_create(
            code=code,
            defaults={
                "left": by_code[left],
                "operator": op,
                "right": by_code[right],
                "severity": severity,
                "message": message,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("indicators", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
