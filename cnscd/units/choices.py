"""Levels, unit types and the two official structures, as data."""

import datetime as dt

from django.db import models


class Structure(models.TextChoices):
    """An official administrative structure with its validity."""

    LEGACY = "legacy", "Trước 01/7/2025 (63 tỉnh, có cấp huyện)"
    FROM_2025 = "2025", "Từ 01/7/2025 (34 tỉnh, chính quyền hai cấp)"


# Validity of each structure (the 2025 reform took effect on 1 July 2025).
REFORM_DATE = dt.date(2025, 7, 1)
STRUCTURE_VALID_FROM = {Structure.LEGACY: None, Structure.FROM_2025: REFORM_DATE}
STRUCTURE_VALID_UNTIL = {
    Structure.LEGACY: REFORM_DATE - dt.timedelta(days=1),
    Structure.FROM_2025: None,
}


class Level(models.TextChoices):
    """What a unit is in its structure; depth in the tree is stored separately."""

    COUNTRY = "country", "Toàn quốc"
    PROVINCE = "province", "Cấp tỉnh"
    DISTRICT = "district", "Cấp huyện"
    COMMUNE = "commune", "Cấp xã"
    VILLAGE = "village", "Thôn, tổ dân phố"


class UnitType(models.TextChoices):
    """Official unit types (loại đơn vị)."""

    QUOC_GIA = "quoc_gia", "Quốc gia"
    TINH = "tinh", "Tỉnh"
    THANH_PHO_TW = "thanh_pho_tw", "Thành phố trực thuộc trung ương"
    HUYEN = "huyen", "Huyện"
    QUAN = "quan", "Quận"
    THI_XA = "thi_xa", "Thị xã"
    THANH_PHO = "thanh_pho", "Thành phố thuộc tỉnh"
    XA = "xa", "Xã"
    PHUONG = "phuong", "Phường"
    THI_TRAN = "thi_tran", "Thị trấn"
    DAC_KHU = "dac_khu", "Đặc khu"
    THON = "thon", "Thôn"
    TO_DAN_PHO = "to_dan_pho", "Tổ dân phố"
    KHU_DAN_CU = "khu_dan_cu", "Khu dân cư"
    BAN = "ban", "Bản"
    AP = "ap", "Ấp"
    KHU_PHO = "khu_pho", "Khu phố"
    LANG = "lang", "Làng"
    XOM = "xom", "Xóm"


VILLAGE_TYPES = [
    UnitType.THON,
    UnitType.TO_DAN_PHO,
    UnitType.KHU_DAN_CU,
    UnitType.BAN,
    UnitType.AP,
    UnitType.KHU_PHO,
    UnitType.LANG,
    UnitType.XOM,
]

# The archipelagos (special zones since 2025) shown on every map of the country.
ARCHIPELAGOS = ("Hoàng Sa", "Trường Sa")

# Which level a child of each level has (a village hangs under a commune).
CHILD_LEVEL_LABEL = {
    Level.COUNTRY: "tỉnh, thành phố",
    Level.PROVINCE: "đơn vị trực thuộc",
    Level.DISTRICT: "xã, phường, thị trấn",
    Level.COMMUNE: "thôn, tổ dân phố",
    Level.VILLAGE: "",
}
