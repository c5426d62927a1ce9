from django.db import models


class ValueType(models.TextChoices):
    INTEGER = "integer", "Số nguyên"
    DECIMAL = "decimal", "Số thập phân"
    PERCENTAGE = "percentage", "Tỷ lệ (%)"
    BOOLEAN = "boolean", "Có/Không"


class UnitAggregation(models.TextChoices):
    SUM = "sum", "Cộng"
    AVERAGE = "average", "Trung bình"
    MAX = "max", "Lớn nhất"
    COUNT_YES = "count_yes", "Đếm số “Có”"


class TimeAggregation(models.TextChoices):
    SUM = "sum", "Cộng các kỳ"
    LAST = "last", "Lấy giá trị kỳ cuối (lũy kế, tồn)"


class Pillar(models.TextChoices):
    GOVERNMENT = "government", "Chính quyền số"
    ECONOMY = "economy", "Kinh tế số"
    SOCIETY = "society", "Xã hội số"


class Disaggregation(models.TextChoices):
    PARTNER = "partner", "Doanh nghiệp, tổ chức"
    SEX = "sex", "Giới tính"
    TARGET_GROUP = "target_group", "Nhóm đối tượng"


# The fixed catalogue of disaggregation options and the cap on combinations.
DISAGGREGATION_OPTIONS = {
    Disaggregation.SEX: ["Nam", "Nữ"],
    Disaggregation.TARGET_GROUP: [
        "Người cao tuổi",
        "Học sinh, sinh viên",
        "Tiểu thương",
        "Giáo viên",
        "Hộ sản xuất nông nghiệp",
        "Khác",
    ],
}
MAX_COMBINATIONS = 60


class ReportStatus(models.TextChoices):
    DRAFT = "draft", "Bản nháp"
    SUBMITTED = "submitted", "Đã gửi"
    RETURNED = "returned", "Trả lại"
    APPROVED = "approved", "Đã duyệt"


# A report's figures change freely only while it is open; once submitted or
# approved, only through its workflow (a return, or a revision).
OPEN_STATUSES = frozenset({ReportStatus.DRAFT, ReportStatus.RETURNED})


class Source(models.TextChoices):
    ENTERED = "entered", "Nhập tay"
    IMPORTED = "imported", "Nhập từ tệp"
    ACTIVITIES = "activities", "Tổng hợp từ nhật ký hoạt động"
    COMPUTED = "computed", "Tính toán"


class Severity(models.TextChoices):
    ERROR = "error", "Lỗi"
    WARNING = "warning", "Cảnh báo"
    INFO = "info", "Thông tin"


class Operator(models.TextChoices):
    LE = "<=", "không vượt quá"
    LT = "<", "nhỏ hơn"
    GE = ">=", "không nhỏ hơn"
    EQ = "==", "bằng"
