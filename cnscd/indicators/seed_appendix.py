"""The seed report's appendix (Hải Dương, 8/8/2023) as a spreadsheet laid out
like the original: title block, a two-row header with merged cells, STT, unit
names as written there, numbers as typed ("56.733" text, 52779 numbers,
blanks) and its printed — wrong — total row. The demo imports it through the
same path as any officer's file; the tests check the findings on it."""

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

TITLE = [
    "PHỤ LỤC",
    "KẾT QUẢ TRIỂN KHAI HOẠT ĐỘNG TỔ CNSCĐ CÁC HUYỆN, THỊ XÃ, THÀNH PHỐ",
    "(Kèm theo Báo cáo số          /BC-TCĐCNSCĐ ngày 8/8/2023 của Tổ Chỉ đạo triển khai "
    "Công nghệ số cộng đồng tỉnh Hải Dương)",
]
GROUPS = [
    ("C", "D", "Tập huấn"),
    ("E", "G", "Hướng dẫn người dân"),
    ("H", "I", "Sản phẩm OCOP"),
]
HEADERS = [
    "Số buổi hội nghị, tập huấn",
    "Số thành viên của Tổ được tập huấn",
    "Số người dân được hướng dẫn",
    "Số lượng tài khoản DVCTT được tạo",
    "Số lượng tài khoản VNeID được tạo",
    "Số lượng sản phẩm OCOP của địa phương",
    "Số lượng OCOP được đưa lên sàn TMĐT",
]
# As in the seed: names loosely written, some numbers typed as text with dots.
ROWS: list[list[object]] = [
    [1, "Ninh Giang", 189, 508, "56.733", "17.768", "73.179", 14, 9],
    [2, "Thanh miện", 159, 163, "57.267", "35.242", "119.612", 7, 5],
    [3, "Cẩm Giàng", 88, 587, 52779, 21070, 30944, 17, 7],
    [4, "Tứ kỳ", 23, 615, "17.250", "15.352", "71.994", 11, 9],
    [5, "Gia Lộc", 19, 106, 438, "10.963", "28.388", 23, 23],
    [6, "Nam Sách", 19, 444, "30.000", "30.000", "60.000", None, None],
    [7, "Thành phố Hải Dương", 14, "1.038", 50, None, 204, 58, 23],
    [8, "Chí Linh", 4, 725, "50.644", "28.689", "94.645", 31, 20],
    [9, "Bình Giang", 4, 282, "3.387", "12.905", "42.213", 5, 2],
    [10, "Kim Thành", 3, 551, "40.212", "15.900", "38.412", 15, None],
    [11, "Thanh Hà", 0, 0, "1.025", "1.025", "1.128", 14, None],
    [12, "Kinh môn", 0, 0, "6.320", "9.235", "4.235", 25, 13],
]
PRINTED_TOTAL: list[object] = [
    None,
    "Tổng",
    522,
    "5.019",
    "308.760",
    "187.889",
    "559.591",
    181,
    98,
]


def appendix_workbook() -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Phụ lục"
    for i, text in enumerate(TITLE, start=1):
        ws.cell(row=i, column=1, value=text).font = Font(bold=i < 3, italic=i == 3)
        ws.merge_cells(start_row=i, start_column=1, end_row=i, end_column=9)
        ws.cell(row=i, column=1).alignment = Alignment(
            horizontal="center", wrap_text=True
        )
    header, sub = 5, 6
    ws.cell(row=header, column=1, value="STT")
    ws.merge_cells(start_row=header, start_column=1, end_row=sub, end_column=1)
    ws.cell(row=header, column=2, value="Huyện/ TX/ TP")
    ws.merge_cells(start_row=header, start_column=2, end_row=sub, end_column=2)
    for first, last, text in GROUPS:
        ws[f"{first}{header}"] = text
        ws.merge_cells(f"{first}{header}:{last}{header}")
    for col, text in enumerate(HEADERS, start=3):
        cell = ws.cell(row=sub, column=col, value=text)
        cell.alignment = Alignment(wrap_text=True)
    for r, values in enumerate([*ROWS, PRINTED_TOTAL], start=sub + 1):
        for c, value in enumerate(values, start=1):
            cell = ws.cell(row=r, column=c, value=value)
            if isinstance(value, str):
                cell.data_type = "s"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
