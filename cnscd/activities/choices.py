from django.db import models


class ActivityKind(models.TextChoices):
    """What a team did in one session in the field (the seed's three pillars)."""

    VNEID = "vneid", "Hướng dẫn cài đặt, kích hoạt VNeID"
    ONLINE_SERVICES = "online_services", "Hướng dẫn dịch vụ công trực tuyến"
    ECOMMERCE = "ecommerce", "Hướng dẫn thương mại điện tử"
    CASHLESS = "cashless", "Hướng dẫn thanh toán không dùng tiền mặt"
    DIGITAL_SKILLS = "digital_skills", "Phổ cập kỹ năng số, an toàn thông tin"
    OTHER = "other", "Hoạt động khác"
