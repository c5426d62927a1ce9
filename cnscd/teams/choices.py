"""Kinds, statuses and positions of the team network."""

from django.db import models


class BodyKind(models.TextChoices):
    STEERING_COMMITTEE = "steering_committee", "Tổ chỉ đạo triển khai CNSCĐ"
    COMMUNITY_TEAM = "community_team", "Tổ Công nghệ số cộng đồng"


class BodyStatus(models.TextChoices):
    ACTIVE = "active", "Đang hoạt động"
    DISSOLVED = "dissolved", "Đã giải thể"
    MERGED = "merged", "Đã sáp nhập"
    CARRIED = "carried", "Đã chuyển sang đơn vị hành chính mới"


class DecisionKind(models.TextChoices):
    ESTABLISH = "establish", "Thành lập"
    REESTABLISH = "reestablish", "Kiện toàn"
    AMEND = "amend", "Sửa đổi, bổ sung"
    DISSOLVE = "dissolve", "Giải thể"


class Position(models.TextChoices):
    LEADER = "leader", "Tổ trưởng"
    STANDING_DEPUTY = "standing_deputy", "Tổ phó thường trực"
    DEPUTY = "deputy", "Tổ phó"
    MEMBER = "member", "Tổ viên"
    CUSTOM = "custom", "Chức danh khác"


class Sex(models.TextChoices):
    MALE = "male", "Nam"
    FEMALE = "female", "Nữ"
    UNSPECIFIED = "", "Không rõ"
