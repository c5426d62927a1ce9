"""Scoring and ranking are pure: tested at their edges and as properties."""

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cnscd.evaluation.choices import Method
from cnscd.evaluation.ranking import (
    BandRule,
    Condition,
    classify,
    competition_ranks,
)
from cnscd.evaluation.scoring import (
    Rule,
    RuleError,
    Sources,
    describe,
    parse_rule,
    parse_sources,
    rule_from_params,
    score,
    score_capped_count,
    score_ratio,
    score_tiers,
    score_yes_no,
)

MEETINGS = ((D(4), D(20)), (D(3), D(15)), (D(2), D(10)), (D(1), D(5)))


@pytest.mark.parametrize(
    ("value", "points"),
    [
        (None, 0),
        (D(0), 0),
        (D("0.99"), 0),
        (D(1), 5),
        (D("1.5"), 5),
        (D(2), 10),
        (D(3), 15),
        (D("3.99"), 15),
        (D(4), 20),
        (D(40), 20),
    ],
)
def test_tiers_at_their_edges(value: D | None, points: int) -> None:
    """ "4 meetings: 20 points; 3: 15; 2: 10; 1: 5; else 0"."""
    assert score_tiers(value, MEETINGS, D(0), D(20)).points == points


def test_tiers_otherwise_and_order_do_not_matter() -> None:
    shuffled = (MEETINGS[2], MEETINGS[0], MEETINGS[3], MEETINGS[1])
    assert score_tiers(D(3), shuffled, D(0), D(20)).points == 15
    assert score_tiers(D(0), MEETINGS, D(2), D(20)).points == 2
    out = score_tiers(D(0), MEETINGS, D(0), D(20))
    assert out.explanation == "0 dưới bậc thấp nhất (≥1): 0 điểm."


@pytest.mark.parametrize(
    ("num", "den", "points", "says"),
    [
        (D(50), D(100), D("7.50"), "50 / 100 = 50% × 15 = 7,5 điểm."),
        (D(0), D(100), D(0), "0 / 100 = 0% × 15 = 0 điểm."),
        (D(150), D(100), D(15), "(tính tối đa 100%)"),
        (D(10), D(0), D(0), "Mẫu số bằng 0"),
        (D(0), D(0), D(0), "Mẫu số bằng 0"),
        (None, D(10), D(0), "Chưa đủ số liệu"),
        (D(10), None, D(0), "Chưa đủ số liệu"),
        (D(1), D(3), D("5.00"), "33,3%"),
        (D(2), D(3), D("10.00"), "66,7%"),
    ],
)
def test_ratio_times_maximum_with_zero_denominators_and_caps(
    num: D | None, den: D | None, points: D, says: str
) -> None:
    out = score_ratio(num, den, D(15))
    assert out.points == points and says in out.explanation


@pytest.mark.parametrize(
    ("value", "per", "each", "cap", "points"),
    [
        (None, D(1), D(2), D(10), 0),
        (D(0), D(1), D(2), D(10), 0),
        (D(4), D(1), D(2), D(10), 8),
        (D(5), D(1), D(2), D(10), 10),
        (D(6), D(1), D(2), D(10), 10),  # capped
        (D(999), D(1000), D(1), None, 0),  # every full 1.000 only
        (D(1000), D(1000), D(1), None, 1),
        (D(73179), D(1000), D(1), None, 10),  # cap defaults to the maximum
        (D(5), D(1), D(2), D(50), 10),  # a cap above the maximum is the maximum
    ],
)
def test_capped_count(
    value: D | None, per: D, each: D, cap: D | None, points: int
) -> None:
    assert score_capped_count(value, per, each, cap, D(10)).points == points


def test_yes_no() -> None:
    assert score_yes_no(D(1), D(5)).points == 5
    assert score_yes_no(D(0), D(5)).points == 0
    assert score_yes_no(None, D(5)).points == 0


@given(
    value=st.one_of(st.none(), st.decimals(min_value=0, max_value=10**9, places=2)),
    den=st.one_of(st.none(), st.decimals(min_value=0, max_value=10**9, places=2)),
    maximum=st.integers(min_value=1, max_value=100),
)
def test_points_never_leave_zero_to_maximum(
    value: D | None, den: D | None, maximum: int
) -> None:
    m = D(maximum)
    tiers = ((D(10), m), (D(1), m / 2))
    for out in [
        score_yes_no(value, m),
        score_tiers(value, tiers, D(0), m),
        score_ratio(value, den, m),
        score_capped_count(value, D(3), D(2), None, m),
    ]:
        assert out.points is not None and 0 <= out.points <= m
        assert out.explanation


@given(
    a=st.decimals(min_value=0, max_value=10**6, places=0),
    b=st.decimals(min_value=0, max_value=10**6, places=0),
)
def test_more_never_scores_less(a: D, b: D) -> None:
    low, high = sorted([a, b])
    for fn in (
        lambda v: score_tiers(v, MEETINGS, D(0), D(20)),
        lambda v: score_ratio(v, D(1000), D(15)),
        lambda v: score_capped_count(v, D(7), D(1), None, D(10)),
    ):
        assert fn(low).points <= fn(high).points


@pytest.mark.parametrize(
    ("text", "method"),
    [
        ("Có/Không", Method.YES_NO),
        ("co/khong", Method.YES_NO),
        ("Theo bậc: ≥4: 20; ≥3: 15; ≥2: 10; ≥1: 5", Method.TIERS),
        ("THEO BẬC: >=4: 20; 3: 15; còn lại: 0", Method.TIERS),
        ("Tỷ lệ × điểm tối đa", Method.RATIO),
        ("Mỗi 1 sản phẩm được 2 điểm, tối đa 10 điểm", Method.CAPPED_COUNT),
        ("Chấm thủ công", Method.MANUAL),
        ("Chấm theo tài liệu kiểm chứng", Method.MANUAL),
    ],
)
def test_rules_read_as_written_and_round_trip(text: str, method: Method) -> None:
    rule = parse_rule(text, D(20))
    assert rule.method == method
    assert parse_rule(describe(rule), D(20)) == rule
    assert rule_from_params(method, D(20), rule.params()) == rule


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("Theo bậc: ≥4: 25", "quá điểm tối đa"),
        ("Theo bậc:", "chưa có bậc"),
        ("Theo bậc: bốn buổi: 20", "Không hiểu bậc"),
        ("Mỗi 0 được 2 điểm", "Mỗi 0"),
        ("Mỗi 1 được 2 điểm, tối đa 30 điểm", "vượt điểm tối đa"),
        ("Tùy cán bộ", "Không hiểu cách tính điểm"),
    ],
)
def test_bad_rules_are_explained(text: str, says: str) -> None:
    with pytest.raises(RuleError, match=says):
        parse_rule(text, D(20))


def test_sources_reference_known_indicators_and_never_divide_by_zero() -> None:
    known = {"citizens_guided", "dvc_accounts_created"}
    ok = parse_sources(
        "dvc_accounts_created / target:citizens_guided", known, Method.RATIO
    )
    assert ok == Sources(("dvc_accounts_created", "target:citizens_guided"))
    for text, method, says in [
        ("dvc / citizens_guided", Method.RATIO, "không có trong danh mục"),
        ("citizens_guided / 0", Method.RATIO, "Mẫu số là 0"),
        ("citizens_guided / 0,0", Method.RATIO, "Mẫu số là 0"),
        ("citizens_guided", Method.RATIO, "a / chỉ tiêu b"),
        ("target:ghost", Method.TIERS, "không có trong danh mục"),
        ("coverage:households", Method.TIERS, "không có"),
        ("", Method.YES_NO, "đúng một nguồn"),
    ]:
        with pytest.raises(RuleError, match=says):
            parse_sources(text, known, method)
    assert parse_sources("", known, Method.MANUAL) == Sources()
    # A constant is stored in one notation, whichever decimal mark it was written with.
    assert parse_sources("citizens_guided / 0,5", known, Method.RATIO) == Sources(
        ("citizens_guided", "0.5")
    )


def test_score_dispatches_and_shows_its_inputs() -> None:
    rule = Rule(Method.RATIO, D(15))
    out = score(rule, {"a": D(56733), "b": D(17768)}, Sources(("b", "a")))
    assert out.points == D("4.70")
    assert out.inputs == {"b": "17.768", "a": "56.733"}
    manual = score(Rule(Method.MANUAL, D(10)), {}, Sources())
    assert manual.points is None


def test_competition_ranking_handles_ties_and_missing_scores() -> None:
    ranks = competition_ranks(
        [("a", D(90)), ("b", D(80)), ("c", D(90)), ("d", None), ("e", D(70))]
    )
    assert ranks == {"a": 1, "c": 1, "b": 3, "e": 4, "d": None}
    assert competition_ranks([]) == {}


def test_first_band_that_holds_wins_and_missing_is_not_zero() -> None:
    bands = [
        BandRule("Rộng khắp", (Condition("s", ">=", D(10)),)),
        BandRule("Chưa mở rộng", (Condition("s", ">=", D(1)),)),
        BandRule("Chưa triển khai", (Condition("s", "==", D(0)),)),
        BandRule("Chưa có số liệu", ()),
    ]
    assert classify(bands, {"s": D(14)}).band == "Rộng khắp"
    assert classify(bands, {"s": D(10)}).band == "Rộng khắp"
    assert classify(bands, {"s": D(9)}).band == "Chưa mở rộng"
    assert classify(bands, {"s": D(0)}).band == "Chưa triển khai"
    assert classify(bands, {"s": None}).band == "Chưa có số liệu"
    assert classify(bands[:3], {}).band is None
    out = classify(bands, {"s": D(4)}, {"s": "Số buổi"})
    assert out.reason == "Số buổi ≥ 1 (thực tế 4)"
