"""Reading an appendix sheet's table: where it starts, its headers over
several rows, which indicator each column is, and which unit each row names.

Offices write the same header many ways (abbreviations, shorthand, filler
words) and the same unit many ways ("TP. Hải Dương", "H. Gia Lộc", "Thuỵ"):
everything here compares keys that fold those differences.
"""

import difflib
import functools
import re
from typing import Any

from django.core.exceptions import ValidationError

from cnscd.core.spreadsheets import cell_text
from cnscd.core.text import nfc, search_key, tone_key
from cnscd.indicators.models import Form, FormIndicator, Indicator
from cnscd.units.models import AdministrativeUnit

TOTAL_LABELS = {
    "tong",
    "tong cong",
    "cong",
    "tong so",
    "toan tinh",
    "toan huyen",
    "tong toan tinh",
}
UNIT_HEADERS = (
    "huyen",
    "don vi",
    "xa",
    "ten",
    "dia phuong",
    "tx",
    "tp",
    "quan",
    "phuong",
)
# Applied after punctuation became spaces: "TP. Hải Dương" → "tp hai duong".
ABBREVIATIONS = [
    (r"^tp ", "thanh pho "),
    (r"^t p ", "thanh pho "),
    (r"^h ", "huyen "),
    (r"^tx ", "thi xa "),
    (r"^q ", "quan "),
    (r"^p ", "phuong "),
    (r"^tt ", "thi tran "),
    (r"^x ", "xa "),
]
# How offices write the field's terms in headers: abbreviations and everyday
# shorthand are spelled out, filler words dropped, on both the header and the
# indicator's names, so either way of writing finds the other.
TERMS = [
    (r"\bdvctt\b", "dich vu cong truc tuyen"),
    (r"\bdvc\b", "dich vu cong"),
    (r"\btmdt\b", "thuong mai dien tu"),
    (r"\bcnscd\b", "cong nghe so cong dong"),
    (r"\bto cong nghe so cong dong\b", "to"),  # "the Tổ" is always the CNSCĐ team
    (r"\btthc\b", "thu tuc hanh chinh"),
    (r"\bcccd\b", "can cuoc cong dan"),
    (r"\bcsdl\b", "co so du lieu"),
    (r"\btk\b", "tai khoan"),
    (r"\bsp\b", "san pham"),
    (r"\btv\b", "thanh vien"),
    (r"\bhd\b", "huong dan"),
    (r"\bnd\b", "nguoi dan"),
    (r"\b(so luong|sl|duoc|da)\b", " "),
]
TYPE_PREFIXES = (
    "thanh pho ",
    "thi xa ",
    "huyen ",
    "quan ",
    "thi tran ",
    "phuong ",
    "xa ",
    "dac khu ",
    "tinh ",
)
FUZZY_MIN = 0.85
# Fuzzy matching compares a name with every candidate; past this many
# candidates (a whole country's communes) rows need a code column.
FUZZY_LIMIT = 2000
# Headers of a column of GSO codes ("Mã xã", "Mã ĐVHC"): rows are matched on it.
CODE_HEADERS = {
    "ma",
    "ma so",
    "ma don vi",
    "ma dvhc",
    "ma xa",
    "ma huyen",
    "ma tinh",
    "ma dia ban",
}


@functools.lru_cache(maxsize=1 << 17)
def fold(text: str) -> str:
    """Lower case, no diacritics, words of letters and digits (cached: an
    import folds every unit name of the country, and the names repeat)."""
    return re.sub(r"[^a-z0-9]+", " ", search_key(text)).strip()


def find_table(rows: list[list[Any]]) -> tuple[int, int, int]:
    """(first header row, first data row, label column)."""
    for index, row in enumerate(rows[:40]):
        keys = [fold(cell_text(v)) for v in row]
        if "stt" in keys or "tt" in keys:
            stt = keys.index("stt") if "stt" in keys else keys.index("tt")
            label_col = next(
                (
                    i
                    for i, k in enumerate(keys)
                    if i != stt
                    and k
                    and k not in CODE_HEADERS
                    and any(k.startswith(h) or f" {h}" in f" {k}" for h in UNIT_HEADERS)
                ),
                stt + 1,
            )
            data = index + 1
            while data < len(rows) and not _is_data_row(rows[data], stt, label_col):
                data += 1
            return index, data, label_col
    raise ValidationError("Không tìm thấy bảng số liệu: cần dòng tiêu đề có cột “STT”.")


def _is_data_row(row: list[Any], stt: int, label_col: int) -> bool:
    first = cell_text(row[stt]) if stt < len(row) else ""
    label = cell_text(row[label_col]) if label_col < len(row) else ""
    if is_numbering_row(row):
        return False
    return bool(label) and (first.isdigit() or fold(label) in TOTAL_LABELS)


_COLUMN_NUMBER = re.compile(r"\(?[0-9]{1,3}\)?|[A-Z]")


def is_numbering_row(row: list[Any]) -> bool:
    """The row of column numbers many offices put under the headers: "(1)
    (2) (3)…", "1 2 3…" or "A B 1 2…" — not data, not part of a header."""
    cells = [cell_text(v) for v in row if cell_text(v)]
    return len(cells) >= 3 and all(_COLUMN_NUMBER.fullmatch(c) for c in cells)


def headers(rows: list[list[Any]], start: int, end: int, width: int) -> list[str]:
    """Column headers over several rows; a merged group cell carries to the right."""
    headers = [""] * width
    header_rows = [r for r in rows[start:end] if not is_numbering_row(r)]
    for r in header_rows:
        carried = ""
        for col in range(width):
            text = cell_text(r[col]) if col < len(r) else ""
            if text:
                carried = text
                headers[col] = f"{headers[col]} {text}".strip()
            elif carried and r is not header_rows[-1]:
                headers[col] = f"{headers[col]} {carried}".strip()
    return headers


def map_columns(form: Form, headers: list[str]) -> dict[int, Indicator]:
    """Column → indicator, as `match_columns` assigns them."""
    return {col: ind for col, (ind, _) in match_columns(form, headers).items()}


def match_columns(form: Form, headers: list[str]) -> dict[int, tuple[Indicator, float]]:
    """Column → (indicator, confidence), the best assignment across all columns:
    a header confirmed earlier (1.0), else a known name or alias of one of the
    form's indicators found in the header, scored by how much of the header it
    covers from where it starts (1.0 when it ends the header). The strongest pairs are taken first and
    each indicator goes to one column, so "Sản phẩm OCOP" takes the OCOP
    products and "Sản phẩm OCOP lên sàn" is left to the products online."""
    remembered = {
        m.header_key: m.indicator
        for m in form.header_mappings.select_related("indicator")
    }
    indicators = [c.indicator for c in form.columns.select_related("indicator")]
    aliases: dict[int, set[str]] = {i.pk: {term_key(i.name)} for i in indicators}
    # An indicator's aliases are shared by every form that has it.
    for fi in FormIndicator.objects.filter(indicator__in=indicators).exclude(
        aliases=""
    ):
        aliases[fi.indicator_id].update(
            term_key(a) for a in fi.aliases.splitlines() if a.strip()
        )
    pairs: list[tuple[float, int, int, Indicator]] = []  # score, alias length, col, ind
    for col, header in enumerate(headers):
        folded = fold(header)
        if not folded:
            continue
        if folded in remembered:
            pairs.append((2.0, len(folded), col, remembered[folded]))
            continue
        key = term_key(header)
        for ind in indicators:
            found = [(_coverage(a, key), len(a)) for a in aliases[ind.pk] if a]
            score, length = max(found, default=(0.0, 0))
            if score:
                pairs.append((score, length, col, ind))
    mapping: dict[int, tuple[Indicator, float]] = {}
    taken: set[int] = set()
    for score, _, col, ind in sorted(pairs, key=lambda p: (-p[0], -p[1], p[2])):
        if col not in mapping and ind.pk not in taken:
            mapping[col] = (ind, round(min(score, 1.0), 2))
            taken.add(ind.pk)
    return dict(sorted(mapping.items()))


def _coverage(alias: str, key: str) -> float:
    """How much of the header an alias found in it accounts for, counted from
    where the alias starts: a group header above ("Hướng dẫn người dân …")
    comes first and does not lower the score; words after the alias do."""
    padded = f" {key} "
    at = padded.rfind(f" {alias} ")
    if at < 0:
        return 0.0
    return len(alias) / (len(key) - at)


def term_key(text: str) -> str:
    """A header or an indicator's name with the field's abbreviations spelled
    out and filler words dropped: "SL TK DVCTT được tạo" and "Số lượng tài
    khoản dịch vụ công trực tuyến được tạo" give one key."""
    key = fold(text)
    for pattern, replacement in TERMS:
        key = re.sub(pattern, replacement, key)
    # "Số …" (the number of …) says nothing once "số lượng" is gone too.
    return re.sub(r"^so ", "", " ".join(key.split()))


@functools.lru_cache(maxsize=1 << 17)
def accented(text: str) -> str:
    """Case-folded words with their accents kept (names that differ only by
    accents are different units), the tone's placement folded ("Thuỵ" is
    "Thụy")."""
    return tone_key(re.sub(r"[^\w]+", " ", nfc(text)))


@functools.lru_cache(maxsize=1 << 17)
def name_core(name: str) -> str:
    """A unit name folded, abbreviations written out, the type prefix off."""
    key = fold(name)
    for pattern, replacement in ABBREVIATIONS:
        key = re.sub(pattern, replacement, key)
    for prefix in TYPE_PREFIXES:
        if key.startswith(prefix):
            return key[len(prefix) :]
    return key


class Matcher:
    """Rows to units: by GSO code when the sheet has a code column, else by
    name (exact, without the type prefix, then fuzzy), with indexes built once."""

    def __init__(self, candidates: list[AdministrativeUnit]) -> None:
        self.candidates = candidates
        self.by_code = {u.code: u for u in candidates}
        self.code_lengths = sorted({len(u.code) for u in candidates})
        self.by_key: dict[str, list[AdministrativeUnit]] = {}
        self.by_core: dict[str, list[AdministrativeUnit]] = {}
        for u in candidates:
            self.by_key.setdefault(fold(u.name), []).append(u)
            self.by_core.setdefault(name_core(u.name), []).append(u)

    def by_gso_code(self, code: str) -> AdministrativeUnit | None:
        """A code as typed; one stored as a number lost its leading zeros."""
        code = code.strip()
        found = self.by_code.get(code)
        if found is None and code.isdigit():
            for length in self.code_lengths:
                found = found or self.by_code.get(code.zfill(length))
        return found

    def by_name(self, label: str) -> tuple[AdministrativeUnit | None, float]:
        unit, confidence = self.exact(label)
        if unit is not None:
            return unit, confidence
        return self.fuzzy(label)

    def exact(self, label: str) -> tuple[AdministrativeUnit | None, float]:
        """The unit named exactly (1.0) or but for its type prefix (0.95)."""
        same = self.by_key.get(fold(label), [])
        if len(same) > 1:  # "Cẩm Giang" and "Cẩm Giàng": the accents decide
            same = [u for u in same if accented(u.name) == accented(label)]
        if len(same) == 1:
            return same[0], 1.0
        core = name_core(label)
        exact = self.by_core.get(core, [])
        if len(exact) > 1:
            tail = accented(label)
            exact = [u for u in exact if f" {accented(u.name)}".endswith(f" {tail}")]
        if len(exact) == 1:
            return exact[0], 0.95
        return None, 0.0

    def fuzzy(self, label: str) -> tuple[AdministrativeUnit | None, float]:
        """The one unit whose name is close enough to the label's, or none."""
        core = name_core(label)
        if len(self.candidates) > FUZZY_LIMIT:
            return None, 0.0
        scored = sorted(
            (
                (difflib.SequenceMatcher(None, core, name_core(u.name)).ratio(), u)
                for u in self.candidates
            ),
            key=lambda t: -t[0],
        )
        if (
            scored
            and scored[0][0] >= FUZZY_MIN
            and (len(scored) == 1 or scored[1][0] < scored[0][0])
        ):
            return scored[0][1], round(scored[0][0], 2)
        return None, 0.0
