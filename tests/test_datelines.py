"""Wire dateline shapes (pipeline/text/datelines.py) and the publication day the readers take from them."""

import pytest

from pipeline.ingest import article_from_text
from pipeline.text.datelines import DATELINE_RE, dateline_agency_span, dateline_date_span, dateline_spans, find_dateline


@pytest.mark.parametrize("text, place, date, rest", [
    ("OTTAWA, Sept. 11 - Canada will build two bridges.", "OTTAWA", "Sept. 11", "Canada will"),
    ("OTTAWA, Sept. 11, 2024 - Canada will build two bridges.", "OTTAWA", "Sept. 11, 2024", "Canada will"),
    ("WASHINGTON, Jan. 15 (Xinhua) -- The United States will", "WASHINGTON", "Jan. 15", "The United"),
    ("NAIROBI, March 3 (Reuters) - Kenya will build a road.", "NAIROBI", "March 3", "Kenya will"),
    ("NEW YORK, Oct. 5 (Reuters) — Shares rose.", "NEW YORK", "Oct. 5", "Shares rose"),
    ("MOSCOW, March 3. /TASS/. Russia will build a station.", "MOSCOW", "March 3", "Russia will"),
    ("MOSCOW, March 3 /TASS/ - Russia will build a station.", "MOSCOW", "March 3", "Russia will"),
    ("Tokyo, March 3 (Jiji Press)--Japan will build a station.", "Tokyo", "March 3", "Japan will"),
    ("TOKYO, March 3 (Jiji Press)--Japan will build a station.", "TOKYO", "March 3", "Japan will"),
    ("BEIJING, (APP - 28th Jan, 2022 ) :China will expand.", "BEIJING", "28th Jan, 2022", "China will"),
    ("Sept. 11, 2024 - OTTAWA - Canada will build two bridges.", "OTTAWA", "Sept. 11, 2024", "Canada will"),
    ("PARIS (AFP) - France will host the talks.", "PARIS", None, "France will"),
    ("Dakar, 25 July (ASP) - Senegal and Guinea-Bissau have signed", "Dakar", "25 July", "Senegal and"),
    # no dash after a date and an agency credit (Prensa Latina's shape)
    ("Asuncion, March 3, 2023 (Prensa Austral) The Government of Paraguay", "Asuncion", "March 3, 2023", "The Gov"),
    # a day and year joined by a slash (Ethiopian agency copy); a title-case place before a bracketed credit and date
    ("Adama, March 18/2024 (ENX) – Leaders pledged to", "Adama", "March 18/2024", "Leaders"),
    ("Kumasi, (GNX - 12th Mar, 2024 ) : Parliament has ratified", "Kumasi", "12th Mar, 2024", "Parliament"),
    # press-release wires: two places joined by 'and' or '&', a credit between double dashes
    ("LEEDS, UK and AUSTIN, Texas, June 2, 2025 /WireOne/ -- Holt Rail Inc. said", "LEEDS", "June 2, 2025", "Holt"),
    ("MEDAN, Indonesia & DA NANG, Vietnam--(PACIFIC NEWSWIRE)--PT Tirta Nikel Tbk said", "MEDAN", None, "PT Tirta"),
    ("SAN DIEGO--(BUSINESS WIRE)--Orvane Corp said", "SAN DIEGO", None, "Orvane"),
    ("KANDY, Sri Lanka and IPOH, Malaysia, Oct. 14, 2025 /PortWire/ -- Teluk Ferries said", "KANDY", "Oct. 14, 2025",
     "Teluk"),
    # a weekday before the date (Pacific papers)
    ("LAE, Tuesday 9 July 2024 – A fourth operator has", "LAE", "9 July 2024", "A fourth"),
])
def test_dateline_shapes(text, place, date, rest):
    m = DATELINE_RE.match(text)
    assert m and text[m.end():].startswith(rest), "the dateline ends right before the story (no word swallowed)"
    assert find_dateline(text) == (place, date)


@pytest.mark.parametrize("text", ["Paris, March 3 - the talks ended.", "The council said, March 3 - x",
                                  "WHO (World Health Organization) said on Friday.", "LAGOS (Reuters) Nigeria will",
                                  "Tokyo, March 3 - no agency, so an ordinary sentence."])
def test_title_case_place_without_date_and_agency_is_no_dateline(text):
    assert find_dateline(text) == (None, None)


def test_agency_line_without_place_gives_a_date():
    assert find_dateline("March 3 (Reuters) - Apple will open a store.") == (None, "March 3")


def test_spacy_spans_skip_date_first_datelines_and_keep_the_place_offsets():
    """dateline_spans feeds the spaCy stage, which reads text[start:place_end] as the place."""
    text = "MOSCOW, March 3. /TASS/. Russia will build.\nSept. 11, 2024 - OTTAWA - Canada will too."
    spans = dateline_spans(text)
    assert [(text[s:p], text[s:e]) for s, p, e in spans] == [("MOSCOW", "MOSCOW, March 3. /TASS/. ")]
    d0, d1 = dateline_date_span(text, 0)
    assert text[d0:d1] == "March 3"


def _art(text: str, **kw):
    return article_from_text(text, rel_path="a.txt", format="text", file_sha256="0" * 64, sha256="0" * 64, **kw)


def test_dateline_without_year_takes_the_year_of_the_reference_date():
    art = _art("NAIROBI, March 3 (Reuters) - Kenya will build a road.", reference_date="2024-03-04")
    assert art.published == "2024-03-03" and art.dateline == "NAIROBI"
    assert any("with the year of 2024-03-04" in w for w in art.warnings)
    dec = _art("OTTAWA, Dec. 30 - Canada will build two bridges.", reference_date="2025-01-02")
    assert dec.published == "2024-12-30"  # a crawl of January 2 dates a "Dec. 30" story last year


def test_dateline_without_year_and_no_metadata_is_unresolved_with_a_warning():
    art = _art("NAIROBI, March 3 (Reuters) - Kenya will build a road.")
    assert art.published is None
    assert any("has no year" in w for w in art.warnings)


def test_metadata_or_header_date_wins_over_the_dateline():
    assert _art(" date 2024-03-04\n\nNAIROBI, March 3 (Reuters) - Kenya will build.").published == "2024-03-04"
    assert _art("NAIROBI, March 3 (Reuters) - Kenya will build.", published="2023-03-03").published == "2023-03-03"


def test_tass_and_jiji_datelines_credit_their_agency_and_glue_nothing(extract_text):
    """The spaCy stage merges these datelines too (one pattern): no "Jiji Press)--Japan" organisation
    (before: the commitment's actor), the TASS story's actor is Russia, not "MOSCOW"; the agency a
    dateline credits is an organisation (ANNOTATION.md: agencies named in a dateline), by its name alone."""
    rec = extract_text("Tokyo, March 3 (Jiji Press)--Japan will build a new station with India by 2030, "
                       "officials said.")
    assert rec.article.dateline == "Tokyo"
    assert [e.name for e in rec.organisations + rec.places + rec.people if "Jiji" in e.name] == ["Jiji Press"]
    assert [o.name for o in rec.organisations] == ["Jiji Press"]
    firm = extract_text("Tokyo, Nov. 8 (Kanto Press)--Kurobane Precision Industries Co. said on Friday it would "
                        "buy back shares.")  # the dash glued to the firm's name: the tokenizer splits "--"
    assert {o.name for o in firm.organisations} == {"Kanto Press", "Kurobane Precision Industries Co."}
    assert firm.article.dateline == "Tokyo"
    tass = extract_text("MOSCOW, March 3. /TASS/. Russia will build a new station with China by 2030, "
                        "officials said.")
    assert [c.actors[0].name for c in tass.commitments] == ["Russia"]
    assert [o.name for o in tass.organisations] == ["TASS"]
    assert not any("TASS" in e.name for e in tass.places + tass.people)


def test_places_joined_by_slashes_make_one_dateline(extract_text):
    rec = extract_text("BENGALURU/SEOUL, Sept 26 (Asia Tech Wire) - Chinese phone maker Halcyon Mobile is set "
                       "to launch its folding phone in India next week.")
    assert rec.article.dateline == "BENGALURU/SEOUL"
    (c,) = rec.commitments
    assert [a.name for a in c.actors] == ["Halcyon Mobile"]
    assert "Asia Tech Wire" in {o.name for o in rec.organisations}


def test_a_dateline_after_a_headline_and_a_standfirst_gives_the_publication_day():
    text = ("REBUILT FERRY PIER TO OPEN BEFORE THE RAINS\n\nThe ministry says work starts next week.\n\n"
            "CASTRIES, 4th Feb, 2021 (Windward News Service) : The government on Monday signed a contract for "
            "the pier, which will open in April.")
    art = _art(text)
    assert art.published == "2021-02-04" and art.dateline == "CASTRIES"
    # a capitalised line deep in the story is no dateline
    late = "Headline\n\n" + "\n\n".join(f"Paragraph {i} says little." for i in range(9)) + \
        "\n\nGENEVA, March 3 (Reuters) - More text."
    assert find_dateline(late) == (None, None)


def test_a_date_and_agency_after_the_separator_and_a_dateline_below_a_list():
    text = ("PRESS RELEASE FROM THE EMBASSY\n\nShare this:\n\nSigning of the Grant Contracts for:\n\n"
            "1. The Project for a Village Hall\n2. The Project for Rainwater Tanks\n\n"
            "APIA, Samoa – Tuesday 14 November 2023 – Two grant contracts were signed this morning.")
    art = _art(text)
    assert art.published == "2023-11-14" and art.dateline == "APIA"
    text = ("GEORGETOWN, Guyana – (Demerara Daily Times) Wednesday, June 15, 2022 – The ministry on Wednesday "
            "signed 10 contracts.")
    art = _art(text)
    assert art.published == "2022-06-15"
    a0, a1 = dateline_agency_span(text, 0)
    assert text[a0:a1] == "Demerara Daily Times"


def test_a_time_stamp_line_gives_the_publication_day_when_the_dateline_has_no_year():
    art = _art("ZAMBIA SIGNS FOUR MoUs\n\nUpdated: 14 Mar 2025, 16:05 CAT\n\n"
               "LUSAKA, March 14 (Kafue Wire) - Zambia signed four memoranda on Thursday.")
    assert art.published == "2025-03-14" and art.dateline == "LUSAKA", (art.published, art.dateline)
    assert any("time stamp" in w for w in art.warnings) and not any("has no year" in w for w in art.warnings)
    assert _art("Last updated: 22.11.2023 16:05\n\nSofia - Text.").published == "2023-11-22"
    assert _art(" date 2024-01-02\n\nUpdated: 14 Mar 2025\n\nText.").published == "2024-01-02"  # the header wins
    assert _art("He updated: the plan on Monday.\n\nText.").published is None


def test_a_joint_agency_credit_is_two_organisations(extract_text):
    rec = extract_text("Skopje, 14 June 2024 (DPW/MAK-PRESS) – The leaders of the three parties signed a coalition "
                       "agreement on Friday.")
    assert {o.name for o in rec.organisations} >= {"DPW", "MAK-PRESS"}
    assert rec.article.dateline == "Skopje"


@pytest.mark.parametrize("text, agency", [
    ("Adama, March 18/2024 (ENX) – Leaders pledged to act.", "ENX"),
    ("Kumasi, (GNX - 12th Mar, 2024 ) : Parliament has ratified the deal.", "GNX"),
    ("LEEDS, UK and AUSTIN, Texas, June 2, 2025 /WireOne/ -- Holt Rail Inc. said.", "WireOne"),
    ("MEDAN, Indonesia & DA NANG, Vietnam--(PACIFIC NEWSWIRE)--PT Tirta Nikel Tbk said.", "PACIFIC NEWSWIRE"),
])
def test_the_agency_credited_by_a_release_or_a_bracketed_date_line(text, agency):
    a, b = dateline_agency_span(text, 0)
    assert text[a:b] == agency


def test_a_headline_kicker_in_capitals_gives_way_to_the_dated_dateline_below():
    body = ("T.BATBOLD: WE WILL FINISH THE WATER LINE BEFORE WINTER\n\n"
            "Choir, 2 October 2023 /MNX/ Governor T.Batbold answered questions about water supply.")
    assert find_dateline(body) == ("Choir", "2 October 2023")
    art = article_from_text(" date unknown\n\n" + body, rel_path="t.txt", format="text",
                            file_sha256="0" * 64, sha256="0" * 64)
    assert str(art.published) == "2023-10-02"


@pytest.mark.parametrize("text, agency", [
    ("Kumasi, (GPS - 12th Mar, 2024 ) : Parliament has ratified the deal. The GPS signal was weak.", "GPS"),
    ("Cusco, March 18, 2024 (AIN) — The commission launched a campaign. Photo: AIN/Difusion.", "AIN"),
])
def test_a_credited_agency_is_an_organisation_even_when_its_name_spells_a_place_or_a_common_abbreviation(
        extract_text, text, agency):
    assert agency in {o.name for o in extract_text(text).organisations}
