import datetime as dt

import pytest
from hypothesis import given, settings, strategies as st

from models.record import DATE_VALUE_RE
from pipeline.text.dates import resolve_date

SAT = dt.date(2021, 4, 24)  # a Saturday
FRI = dt.date(2022, 1, 28)  # a Friday


@pytest.mark.parametrize("text,pub,tense,value,gran", [
    ("on Friday", SAT, "past", "2021-04-23", "day"),
    ("Friday", FRI, "past", "2022-01-28", "day"),
    ("on Monday", SAT, "future", "2021-04-26", "day"),
    ("last Tuesday", SAT, None, "2021-04-20", "day"),
    ("in March", SAT, None, "2021-03", "month"),
    ("in March", dt.date(2023, 10, 2), "future", "2024-03", "month"),
    ("in November", SAT, "past", "2020-11", "month"),
    ("28th Jan, 2022", None, None, "2022-01-28", "day"),
    ("April 24, 2021", None, None, "2021-04-24", "day"),
    ("3 June 2025", None, None, "2025-06-03", "day"),
    ("2025-06-03", None, None, "2025-06-03", "day"),
    ("in the next five years", FRI, None, "2022-01-28/2027-01-28", "range"),
    ("the past two years", FRI, None, "2020-01-28/2022-01-28", "range"),
    ("from 2026 to 2035", None, None, "2026/2035", "range"),
    ("2021-25", None, None, "2021/2025", "range"),
    ("between 2020 and 2024", None, None, "2020/2024", "range"),
    ("the first quarter", SAT, None, "2021-01/2021-03", "range"),
    ("the third quarter of 2026", None, None, "2026-07/2026-09", "range"),
    ("this week", SAT, None, "2021-04-19/2021-04-25", "range"),
    ("last month", SAT, None, "2021-03", "month"),
    ("next year", SAT, None, "2022", "year"),
    ("in 2030", None, None, "2030", "year"),
    ("by 2030", None, None, "/2030", "deadline"),
    ("by the end of this year", SAT, None, "/2021", "deadline"),
    ("by March 2025", None, None, "/2025-03", "deadline"),
    ("within two years", SAT, None, "/2023-04-24", "deadline"),
    ("yesterday", SAT, None, "2021-04-23", "day"),
])
def test_resolves(text, pub, tense, value, gran):
    r = resolve_date(text, pub, tense)
    assert r is not None and (r.value, r.granularity) == (value, gran)


@pytest.mark.parametrize("text", ["ten-year", "for three years", "54 years old", "aged 54", "a five-year deal",
                                  "decades", "annual", "the 58th"])
def test_not_dates(text):
    assert resolve_date(text, SAT) is None


def test_relative_without_publication_date_is_null():
    r = resolve_date("on Friday", None, "past")
    assert r.value is None and r.relative
    assert resolve_date("by 2030", None).value == "/2030"


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=40), st.sampled_from([None, SAT, FRI]), st.sampled_from([None, "past", "future"]))
def test_any_text_resolves_to_a_valid_value_or_nothing(text, pub, tense):
    r = resolve_date(text, pub, tense)
    if r is not None and r.value is not None:
        assert DATE_VALUE_RE.match(r.value), r


def test_dates_in_an_article(extract_text):
    rec = extract_text("The ministers met in Lima on Tuesday. Peru will finish the road by 2027, and the fund "
                       "runs from 2026 to 2035. The ten-year contract was signed at the 12th session. "
                       "Officials at Tokyo 2020 spoke too.", published="2024-05-10")
    got = {d.text: d.value for d in rec.dates}
    assert got == {"on Tuesday": "2024-05-07", "by 2027": "/2027", "from 2026 to 2035": "2026/2035"}
    for d in rec.dates:
        assert rec.article.text[d.start:d.end] == d.text


def test_hedges_possessives_halves_and_two_dates_joined_by_and(extract_text):
    import datetime as dt

    from pipeline.text.dates import resolve_date

    pub = dt.date(2023, 10, 27)
    assert resolve_date("next year's", pub).value == "2024"
    assert resolve_date("early next year", pub).value == "2024"
    assert resolve_date("as early as 2025", pub).value == "2025"
    assert resolve_date("in the second half of the year", pub).value == "2023-07/2023-12"
    assert resolve_date("by early 2026", pub).value == "/2026"
    rec = extract_text("The union called off strikes planned for June 6 and June 20. "
                       "Talks will run between 2025 and 2028.", published="2024-05-10")
    got = {d.text: d.value for d in rec.dates}
    assert any(v == "2024-06-06" for v in got.values()) and any(v == "2024-06-20" for v in got.values())
    assert any(v == "2025/2028" for v in got.values())


def test_weekday_right_after_a_past_reporting_verb_is_past(extract_text):
    rec = extract_text("The Arctic Council said on Tuesday it will open two research stations next year.",
                       published="2024-03-14")
    assert {d.text: d.value for d in rec.dates}["on Tuesday"] == "2024-03-12"


@pytest.mark.parametrize("text,pub,tense,value,gran", [
    # open periods and deadlines (ANNOTATION clarifications)
    ("since 2011", None, None, "2011/", "range"),
    ("2023 and beyond", None, None, "2023/", "range"),
    ("until 2034", None, None, "/2034", "deadline"),
    # a deadline lies ahead, whatever the clause's tense: "talks were postponed until Monday" on a Saturday
    ("until Monday", SAT, "past", "2021-04-26", "day"),
    ("by Tuesday", SAT, None, "/2021-04-27", "deadline"),
    ("by December", dt.date(2025, 2, 19), None, "/2025-12", "deadline"),
    ("through 2027", None, None, "/2027", "deadline"),
    ("through Friday", SAT, None, "2021-04-30", "day"),
    ("by mid-2024", None, None, "/2024-06", "deadline"),
    ("the year 2025-2026", None, None, "2025/2026", "range"),
    ("2025/26", None, None, "2025/2026", "range"),
    # seasons, northern hemisphere
    ("the summer of 2022", None, None, "2022-06/2022-08", "range"),
    ("next spring", SAT, None, "2022-03/2022-05", "range"),
    ("last winter", SAT, None, "2020-12/2021-02", "range"),
    ("Fall 2023", None, None, "2023-09/2023-11", "range"),
    # halves, month ranges, parts of a year, decades
    ("H2 2025", None, None, "2025-07/2025-12", "range"),
    ("March-April 2021", None, None, "2021-03/2021-04", "range"),
    ("the July–August period", SAT, None, "2021-07/2021-08", "range"),
    ("the remainder of the year", SAT, None, "2021-04-24/2021-12-31", "range"),
    ("the first two months of the current year", SAT, None, "2021-01/2021-02", "range"),
    ("the first nine months of 2023", None, None, "2023-01/2023-09", "range"),
    ("the early 2030s", None, None, "2030/2033", "range"),
    ("by the end of the decade", dt.date(2024, 5, 1), None, "/2030", "deadline"),
    ("the past year", SAT, None, "2020-04-24/2021-04-24", "range"),
    # surface forms: day kept, glued day, Spanish and French months
    ("14 of March 2023", None, None, "2023-03-14", "day"),
    ("July9", dt.date(2025, 7, 14), "past", "2025-07-09", "day"),
    ("18 de septiembre", dt.date(2024, 9, 20), "past", "2024-09-18", "day"),
    ("3 février 2025", None, None, "2025-02-03", "day"),
])
def test_real_news_date_shapes(text, pub, tense, value, gran):
    res = resolve_date(text, pub, tense)
    assert res is not None and (res.value, res.granularity) == (value, gran), res


@pytest.mark.parametrize("text", ["within 20 years", "for ten years", "a decade"])
def test_durations_without_an_anchor_are_not_dates(text):
    res = resolve_date(text, None, None)
    assert res is None or res.value is None


def test_a_future_infinitives_weekday_is_ahead(extract_text):
    rec = extract_text("The storm is expected to make landfall on Tuesday, officials said.", published="2024-08-12")
    assert {d.text: d.value for d in rec.dates}.get("on Tuesday") == "2024-08-13"


def test_the_clause_tense_of_modals_passives_and_participles(extract_text):
    """Which way a month or weekday without a year points (pipeline.nlp.dates.tense_of): a modal
    and a present passive of scheduling look ahead, a reduced relative looks back."""
    rec = extract_text("We have chosen tasks which can be done by January. Heavy rain is expected in the north "
                       "from Thursday. The rebels agreed to a truce starting on Saturday. Figures presented to "
                       "the council in June showed a rise.", published="2023-10-12")
    values = {d.text: d.value for d in rec.dates}
    assert values["by January"] == "/2024-01", values
    assert values["from Thursday"] == "2023-10-19", values
    assert values["on Saturday"] == "2023-10-14", values
    assert values["in June"] == "2023-06", values


WED = dt.date(2023, 11, 8)  # a Wednesday


@pytest.mark.parametrize("text,pub,tense,value,gran", [
    ("in Q1", dt.date(2024, 9, 26), "future", "2025-01/2025-03", "range"),  # a future action's quarter is ahead
    ("in the fourth quarter", dt.date(2024, 2, 10), "past", "2023-10/2023-12", "range"),
    ("since January", dt.date(2022, 8, 30), None, "2022-01/", "range"),
    ("the early 2030s", WED, None, "2030/2033", "range"),
    ("early 2030s", WED, None, "2030/2033", "range"),  # not a hedge of "2030s"
    ("December deadline", dt.date(2025, 7, 14), None, "/2025-12", "deadline"),
    ("by June 30 next year", dt.date(2019, 10, 22), "future", "/2020-06-30", "deadline"),
    ("in December of last year", WED, None, "2022-12", "month"),
    ("by next spring", dt.date(2022, 3, 16), "future", "/2023-05", "deadline"),
    ("by the first week of May", dt.date(2023, 4, 3), "future", "/2023-05-07", "deadline"),
    ("in the last week of June", dt.date(2023, 4, 3), "future", "2023-06-24/2023-06-30", "range"),
    ("the weekend", dt.date(2021, 7, 20), "future", "2021-07-24/2021-07-25", "range"),
    ("over the weekend", dt.date(2021, 7, 25), None, None, None),  # 'over' opens no date here: left alone
    ("last weekend", dt.date(2021, 7, 25), "past", "2021-07-17/2021-07-18", "range"),
    ("on Thursday last week", WED, "past", "2023-11-02", "day"),
    ("before Christmas", dt.date(2025, 10, 12), "future", "/2025-12-25", "deadline"),
    ("Easter", dt.date(2022, 4, 7), None, "2022-04-17", "day"),
    ("Easter 2024", None, None, "2024-03-31", "day"),
    ("by year-end", dt.date(2021, 6, 30), "future", "/2021", "deadline"),
    ("in the 2024/25 fiscal year", WED, None, "2024/2025", "range"),
    ("the 2019/20 season", WED, None, "2019/2020", "range"),
    ("in the beginning of next year", dt.date(2023, 3, 20), "future", "2024", "year"),
    ("from early next year", dt.date(2024, 9, 26), "future", "2025", "year"),
])
def test_periods_deadlines_and_holidays_of_real_news(text, pub, tense, value, gran):
    res = resolve_date(text, pub, tense)
    if value is None:
        assert res is None or res.value is None, res
        return
    assert (res.value, res.granularity) == (value, gran), res


def test_a_year_told_from_another_year_and_a_date_entity_that_runs_over_a_noun(extract_text):
    rec = extract_text("Halvard Print, founded in 1987, was bought by a Michigan group in 2016 and opened its "
                       "plant the following year. The alliance will publish its scorecard on the pledges next June.",
                       published="2021-08-19")
    values = {d.text: d.value for d in rec.dates}
    assert values.get("the following year") == "2017", values
    assert values.get("next June") == "2022-06", values


def test_a_past_plan_an_expectation_and_a_from_weekday_without_tense(extract_text):
    rec = extract_text("Ghana had planned to host the summit in Kumasi in May but dropped the idea. The ministry said "
                       "it expected approval by March. More rain forecast for the coast from Thursday.",
                       published="2023-11-08")  # a Wednesday
    values = {d.text: d.value for d in rec.dates}
    assert values.get("in May") == "2023-05", values
    assert values.get("by March") == "/2024-03", values
    assert values.get("from Thursday") == "2023-11-09", values


@pytest.mark.parametrize("text,pub,value", [
    ("this season", dt.date(2025, 5, 9), "2024/2025"),  # a league season spans August to May
    ("this season", dt.date(2025, 9, 20), "2025/2026"),
    ("the previous season", dt.date(2025, 5, 9), "2023/2024"),
    ("next season", dt.date(2025, 5, 9), "2025/2026"),
    ("earlier this week", dt.date(2025, 5, 9), "2025-05-05/2025-05-08"),  # ends the day before publication
])
def test_sports_seasons_and_earlier_this_week(text, pub, value):
    assert resolve_date(text, pub, None).value == value


def test_a_day_and_month_without_year_holidays_and_a_modal_may(extract_text):
    rec = extract_text("RIGA, 12 October, Baltic Ledger. The cabinet approved the plan. Rebels agreed a truce over "
                       "Easter. The 12 may be enough, he said.", published="2023-10-12")
    values = {d.text: d.value for d in rec.dates}
    assert values.get("12 October") == "2023-10-12", values
    assert values.get("Easter") == "2023-04-09", values  # past reporting: this year's, already gone
    assert not [t for t in values if "may" in t], values
    rec = extract_text("Headline here\n\nDAKAR, 3 février (Agence Sahel Info) - The railway remains closed.",
                       published="2024-02-03")
    assert [d.value for d in rec.dates if "février" in d.text] == ["2024-02-03"], [(d.text, d.value) for d in rec.dates]


@pytest.mark.parametrize("text,pub,tense,value", [
    ("between December and February", dt.date(2025, 10, 14), "future", "2025-12/2026-02"),
    ("between May 3 and May 9", dt.date(2025, 4, 1), "future", "2025-05-03/2025-05-09"),
    ("from Oct. 31 to Nov. 13, 2026", dt.date(2024, 10, 14), None, "2026-10-31/2026-11-13"),
])
def test_ranges_between_two_points_and_a_start_that_takes_the_ends_year(text, pub, tense, value):
    assert resolve_date(text, pub, tense).value == value


def test_a_condition_or_time_clause_in_the_present_looks_ahead(extract_text):
    rec = extract_text("The bank said a further $200 million would follow if both governments complete their "
                       "assessments by January.", published="2025-11-14")
    assert {d.text: d.value for d in rec.dates}.get("by January") == "/2026-01", rec.dates
    rec = extract_text("The ministry said the schedule would be fixed only after the ministers meet in Hanoi in "
                       "October.", published="2025-07-19")
    assert {d.text: d.value for d in rec.dates}.get("in October") == "2025-10", rec.dates


def test_parts_of_a_day_the_current_year_and_a_passive_would(extract_text):
    rec = extract_text("Two contracts were signed this morning and talks ended without agreement this afternoon. "
                       "Output rose during the current year. He said a traffic count would be done in Kilcormac in "
                       "October.", published="2019-07-19")
    values = {d.text: d.value for d in rec.dates}
    assert values.get("this morning") == values.get("this afternoon") == "2019-07-19", values
    assert values.get("during the current year") == "2019", values
    assert values.get("in October") == "2019-10", values


def test_deadlines_after_participles_requests_modals_and_counterfactuals_look_ahead(extract_text):
    rec = extract_text('"We will not hurry, but we want the filings with the regulator done by December," said the '
                       "chief executive. The mayor wants the gutters cleared before May. The union had asked the city "
                       "to hire 40 drivers by the end of March. Works could begin by September. Fares would otherwise "
                       "have risen on Jan. 1.", published="2019-10-10")
    values = {d.text: d.value for d in rec.dates}
    assert values.get("by December") == "/2019-12", values
    assert values.get("before May") == "/2020-05", values
    assert values.get("by the end of March") == "/2020-03", values
    assert values.get("by September") == "/2020-09", values
    assert values.get("on Jan. 1") == "2020-01-01", values
    rec = extract_text("The bridge was completed by March, and the deal signed in May was hailed. The council had "
                       "planned to open it in June but dropped the idea.", published="2019-10-10")
    values = {d.text: d.value for d in rec.dates}
    assert values.get("by March") == "/2019-03" and values.get("in May") == "2019-05", values
    assert values.get("in June") == "2019-06", values


def test_reporting_periods_named_by_their_last_month(extract_text):
    rec = extract_text("Profit rose 12% in the September quarter and 9% in the six months to June, after a loss "
                       "in the quarter to March 2021. Sales for the year to June 2025 and for the quarter ended "
                       "September 30 were flat.", published="2025-10-01")
    values = {d.text: d.value for d in rec.dates}
    assert values.get("in the September quarter") == "2025-07/2025-09", values
    assert values.get("in the six months to June") == "2025-01/2025-06", values
    assert values.get("in the quarter to March 2021") == "2021-01/2021-03", values
    assert values.get("the year to June 2025") == "2024-07/2025-06", values
    assert values.get("the quarter ended September 30") == "2025-07/2025-09", values


def test_a_split_financial_year_takes_the_months_of_the_storys_countrys_fiscal_year(extract_text):
    rec = extract_text("KINGSTON, Jamaica, Feb 12 - The council passed its budget for the 2025/26 financial year on "
                       "Tuesday.", published="2025-02-12")
    assert "2025-04/2026-03" in {d.value for d in rec.dates if "2025/26" in d.text}, rec.dates
    rec = extract_text("NAIROBI, May 22 - The Treasury will table the 2024/25 budget next month.", published="2024-05-22")
    assert {d.text: d.value for d in rec.dates}.get("2024/25") == "2024-07/2025-06", rec.dates
    rec = extract_text("LONDON, May 2 - Arsenal won the 2019/20 season's cup.", published="2020-05-02")
    assert "2019/2020" in {d.value for d in rec.dates}, rec.dates  # a season, not a financial year


def test_deadlines_of_several_words_and_open_ends_ahead(extract_text):
    import datetime as dt

    from pipeline.text.dates import resolve_date

    pub = dt.date(2025, 5, 19)
    assert resolve_date("no later than the third quarter of 2027", pub).value == "/2027-09"  # a deadline, not a hedge
    assert resolve_date("no earlier than 2027", pub).value == "2027"
    assert resolve_date("in the period up to 2030", pub).value == "/2030"
    assert resolve_date("beyond June 2028", pub).value == "2028-06/"
    rec = extract_text("Shareholders must register on or before February 21, 2026, and the satellite will fly no "
                       "later than the third quarter of 2027.", published="2025-05-19")
    got = {d.text: d.value for d in rec.dates}
    assert got.get("on or before February 21, 2026") == "/2026-02-21", got
    assert got.get("no later than the third quarter of 2027") == "/2027-09", got


def test_a_weekday_of_a_fixture_in_the_present_tense_lies_ahead_a_captions_does_not(extract_text):
    rec = extract_text("Harriers travel to Carlisle Borough on Saturday before hosting Lincoln Rovers.\n\n"
                       "Minister Ana Diaz speaks at a press briefing in Dhaka on Thursday.\n\n"
                       "Rain fell in the wet season, which normally ends in December.", published="2023-12-27")
    got = {d.text: d.value for d in rec.dates}  # 2023-12-27 was a Wednesday
    assert got["on Saturday"] == "2023-12-30", got  # the fixture
    assert got["on Thursday"] == "2023-12-21", got  # the caption: the one before publication
    assert got["in December"] == "2023-12", got


def test_ranges_of_two_points_school_years_and_the_end_of_a_split_financial_year(extract_text):
    import datetime as dt

    from pipeline.text.dates import resolve_date

    pub = dt.date(2025, 2, 18)
    assert resolve_date("between April 1 and September 30", pub).value == "2025-04-01/2025-09-30"  # end after start
    assert resolve_date("from November 2025 to the end of March 2026", pub).value == "2025-11/2026-03"
    assert resolve_date("the 2024-2025 school year", pub).value == "2024/2025"
    rec = extract_text("The side will release water between April 1 and September 30, the months when fields need "
                       "it, and receive power in July and August. Strikes are planned for May and July.\n\n"
                       "BRISBANE, May 19 (Orbit Wire) - The firm will book the revenue before the end of the "
                       "2025-26 financial year, Australia's space agency said.", published="2025-02-18")
    got = {d.text: d.value for d in rec.dates}
    assert got.get("between April 1 and September 30") == "2025-04-01/2025-09-30", got
    assert got.get("in July and August") == "2025-07/2025-08", got  # two months in a row: one period
    assert got.get("May") == "2025-05" and got.get("July") == "2025-07", got  # not in a row: two dates
    assert got.get("before the end of the 2025-26 financial year") == "/2026-06", got  # Australia's July-June year


def test_a_fiscal_year_named_by_one_year_follows_the_story_countrys_convention(extract_text):
    jp = extract_text("TOKYO, Nov. 8 (Kanto Press)--Kurobane said its net profit for the April-September first "
                      "half of fiscal 2024 rose. It projects a profit for fiscal 2024, and its plan runs until "
                      "fiscal 2026.", published="2024-11-08")
    got = {d.text: d.value for d in jp.dates}
    assert got.get("April-September first half of fiscal 2024") == "2024-04/2024-09", got
    assert got.get("fiscal 2024") == "2024-04/2025-03", got  # Japan names its year by the first one
    assert got.get("until fiscal 2026") == "/2027-03", got
    india = extract_text("MUMBAI, Jan 23 (Deccan Wire) - The company expects margins to improve in fiscal 2026.",
                         published="2026-01-23")
    assert {d.text: d.value for d in india.dates}.get("in fiscal 2026") == "2025-04/2026-03"  # by the year it ends


def test_days_written_in_numbers_and_a_stamp_lines_parts(extract_text):
    import datetime as dt

    from pipeline.text.dates import resolve_date

    assert resolve_date("16/11/2021", None).value == "2021-11-16"  # day first
    assert resolve_date("22.11.2023", None).value == "2023-11-22"
    assert resolve_date("11/16/2021", None).value == "2021-11-16"  # the second number cannot be a month
    assert resolve_date("31/02/2021", dt.date(2021, 3, 1)) is None
    rec = extract_text("Headline\n\nDecember 26, 2023 / 7:48 PM / Updated 14 hours ago\n\n16/11/2021 18:42\n\n"
                       "The ratio was 3.5/10.2 and version 2.0.2024 shipped.", published="2023-12-27")
    got = {d.text: d.value for d in rec.dates}
    assert got.get("December 26, 2023") == "2023-12-26" and got.get("16/11/2021") == "2021-11-16", got
    assert not any("3.5" in t or "2.0" in t for t in got), got


def test_year_end_before_a_noun_is_a_kind_of_thing_not_a_date(extract_text):
    rec = extract_text("Kurobane expects to pay a year-end dividend of 55 yen and raised its year-end forecast. "
                       "Rift BioPharma will start filling vials by year-end.", published="2024-11-08")
    assert [(d.text, d.value) for d in rec.dates] == [("by year-end", "/2024")]


@pytest.mark.parametrize("text, pub, tense, value", [
    ("1st January, 2026 to 31st December, 2026", dt.date(2025, 9, 26), None, "2026-01-01/2026-12-31"),
    ("the period 1st January, 2026 to 31st December, 2026", dt.date(2025, 9, 26), None, "2026-01-01/2026-12-31"),
    ("on 19 and 20 September", dt.date(2023, 8, 2), "future", "2023-09-19/2023-09-20"),
    ("3-5 March 2024", dt.date(2023, 8, 2), None, "2024-03-03/2024-03-05"),
    ("on Wednesday and Thursday", dt.date(2019, 5, 27), "future", "2019-05-29/2019-05-30"),
    ("the week of Jan. 16", dt.date(2022, 11, 3), "future", "2023-01-16/2023-01-22"),
    ("the weekend of 20 April", dt.date(2024, 3, 14), "future", "2024-04-20/2024-04-21"),
])
def test_two_days_of_a_month_two_weekdays_in_a_row_a_days_week_and_a_range_written_in_full(text, pub, tense, value):
    assert resolve_date(text, pub, tense).value == value


def test_two_days_joined_by_and_are_one_period_two_weekdays_apart_are_two_dates(extract_text):
    rec = extract_text("The committee will meet on 19 and 20 September. The vote will be held on Wednesday and "
                       "Thursday. Talks on Monday and Friday went well.", published="2023-08-02")
    dates = {d.text: d.value for d in rec.dates}
    assert dates["on 19 and 20 September"] == "2023-09-19/2023-09-20"
    assert dates["on Wednesday and Thursday"] == "2023-08-09/2023-08-10"
    assert "on Monday" in dates and "Friday" in dates


def test_a_time_clause_read_as_a_participle_and_a_condition_in_the_past_look_ahead(extract_text):
    rec = extract_text("The commissioner has promised that water points will be in place before the short rains "
                       "set in around October. He said the council could fund desks only if it collected 80 per cent "
                       "of its revenue target by December. The deal signed in March was welcomed.",
                       published="2023-08-14")
    dates = {d.text: d.value for d in rec.dates}
    assert dates["October"] == "2023-10" and dates["by December"] == "/2023-12", dates
    assert dates["in March"] == "2023-03", dates


@pytest.mark.parametrize("text, pub, tense, value", [
    ("before the summer", dt.date(2022, 11, 3), "future", "/2023-06"),
    ("this autumn", dt.date(2023, 10, 2), "future", "2023-09/2023-11"),
    ("this winter", dt.date(2023, 10, 2), "future", "2023-12/2024-02"),
    ("October 2024 at the latest", dt.date(2023, 10, 2), "future", "/2024-10"),
    ("from tonight until Saturday", dt.date(2024, 3, 14), "future", "2024-03-14/2024-03-16"),
])
def test_before_a_season_this_season_under_way_at_the_latest_and_a_weekday_after_tonight(text, pub, tense, value):
    assert resolve_date(text, pub, tense).value == value
