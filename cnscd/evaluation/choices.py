from django.db import models


class Method(models.TextChoices):
    """How a criterion turns numbers into points (see `scoring.py`)."""

    YES_NO = "yes_no", "Có/Không"
    TIERS = "tiers", "Theo bậc"
    RATIO = "ratio", "Tỷ lệ × điểm tối đa"
    CAPPED_COUNT = "capped_count", "Mỗi đơn vị … điểm, tối đa …"
    MANUAL = "manual", "Chấm thủ công"


class Subject(models.TextChoices):
    """What a criteria set or a classification scores: localities (a province's
    districts, a district's communes) or the village teams of a commune."""

    UNIT = "unit", "Địa phương"
    TEAM = "team", "Tổ Công nghệ số cộng đồng"


class TargetMethod(models.TextChoices):
    MANUAL = "manual", "Giao trực tiếp"
    EQUAL = "equal", "Chia đều"
    POPULATION = "population", "Theo dân số"
    HOUSEHOLDS = "households", "Theo số hộ"
    VILLAGES = "villages", "Theo số thôn, tổ dân phố"


class EvaluationStatus(models.TextChoices):
    DRAFT = "draft", "Đang chấm"
    SELF_ASSESSED = "self_assessed", "Đơn vị đã tự đánh giá"
    REVIEWED = "reviewed", "Cấp trên đã thẩm định"
    APPROVED = "approved", "Đã phê duyệt"
