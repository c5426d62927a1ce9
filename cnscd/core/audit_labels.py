"""How the audit trail reads to an officer (issue #14, item 5): actions and
fields in Vietnamese, values as they were stored — a birth year is 1990, a
code keeps its digits, a choice shows its label, a day reads 08/8/2023.
"""

import datetime as dt
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models

from cnscd.core.formatting import format_date

ACTIONS = {
    "activity.create": "Ghi buổi hoạt động",
    "activity.update": "Sửa buổi hoạt động",
    "activity.delete": "Xóa buổi hoạt động",
    "activity.repaired": "Xóa buổi hoạt động có số không hợp lệ",
    "assignment.create": "Giao quyền",
    "assignment.delete": "Thu hồi quyền",
    "auth.denied": "Bị từ chối truy cập",
    "body.create": "Thành lập tổ",
    "body.status": "Đổi trạng thái tổ",
    "body.update": "Sửa thông tin tổ",
    "criteria_set.import": "Nhập bộ tiêu chí",
    "decision.create": "Thêm quyết định",
    "demo.account": "Tài khoản trình diễn",
    "demo.villages": "Thôn trình diễn",
    "evaluation.approve": "Phê duyệt chấm điểm",
    "evaluation.open": "Mở phiếu chấm điểm",
    "evaluation.return": "Trả lại phiếu chấm điểm",
    "evaluation.review": "Thẩm định phiếu chấm điểm",
    "evaluation.self_assess": "Tự chấm điểm",
    "login.code_locked": "Mã xác thực gửi khi tài khoản bị khóa",
    "login.code_wrong": "Nhập sai mã xác thực",
    "login.lock": "Khóa tài khoản",
    "members.export": "Xuất danh sách thành viên",
    "members.import": "Nhập danh sách thành viên",
    "membership.create": "Thêm thành viên vào tổ",
    "membership.end": "Kết thúc tham gia tổ",
    "membership.update": "Sửa chức vụ, đơn vị công tác",
    "organisation.create": "Thêm tổ chức",
    "person.create": "Thêm người",
    "person.link_refused": "Từ chối liên kết người ngoài phạm vi",
    "person.merge": "Gộp hai người trùng",
    "person.update": "Sửa thông tin người",
    "public_page.enable": "Bật trang công khai",
    "report.approve": "Phê duyệt báo cáo",
    "report.reopen": "Mở lại báo cáo để sửa",
    "report.return": "Trả lại báo cáo",
    "report.submit": "Gửi báo cáo",
    "report.values": "Lưu số liệu báo cáo",
    "report_document.save": "Lưu văn bản báo cáo",
    "report_file.request": "Tạo tệp báo cáo",
    "report_template.refused": "Từ chối mẫu báo cáo",
    "report_template.reset": "Dùng lại mẫu báo cáo mặc định",
    "report_template.upload": "Tải lên mẫu báo cáo",
    "sheet.import": "Nhập bảng số liệu",
    "target.distribute": "Chia chỉ tiêu",
    "target.set": "Giao chỉ tiêu",
    "target.repaired": "Xóa chỉ tiêu có số không hợp lệ",
    "token.issue": "Cấp mã truy cập API",
    "unit.create": "Thêm đơn vị",
    "unit.update": "Sửa đơn vị",
    "user.create": "Tạo người dùng",
    "user.password": "Đặt lại mật khẩu",
    "user.update": "Sửa người dùng",
    "value.repaired": "Xóa số liệu không hợp lệ",
}
# Keys of before/after that are not model fields.
KEYS = {
    "stored": "giá trị đã lưu",
    "period": "kỳ",
    "id": "mã",
    "filename": "tên tệp",
    "sha256": "mã băm SHA-256",
    "indicator": "chỉ tiêu",
    "value": "giá trị",
    "keep": "giữ lại",
    "duplicate": "bản trùng",
}


def action_label(action: str) -> str:
    return ACTIONS.get(action, action)


def _field(object_type: str, key: str) -> models.Field[Any, Any] | None:
    try:
        model = apps.get_model(object_type) if object_type else None
        return model._meta.get_field(key) if model else None
    except (LookupError, ValueError, FieldDoesNotExist):
        return None


def field_label(object_type: str, key: str) -> str:
    field = _field(object_type, key)
    label = str(getattr(field, "verbose_name", "") or KEYS.get(key, key))
    return label[:1].upper() + label[1:]


def value_text(object_type: str, key: str, value: object) -> str:
    """A stored value as text: no thousands grouping (identifiers, years),
    a choice's label, a day written the Vietnamese way."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, dict):  # a group of values (a partner's parts…)
        return "; ".join(
            f"{field_label(object_type, str(k))}: {value_text(object_type, str(k), v)}"
            for k, v in value.items()
        )
    if isinstance(value, list | tuple):
        return ", ".join(value_text(object_type, key, v) for v in value)
    field = _field(object_type, key)
    choices = dict(getattr(field, "flatchoices", None) or [])
    if value in choices:
        return str(choices[value])
    if isinstance(value, str) and len(value) == 10:
        try:
            return format_date(dt.date.fromisoformat(value))
        except ValueError:
            pass
    return str(value)
