"""Canonical keys: one actor across articles however each writes the name (pipeline/record/keys.py)."""

import pytest

from pipeline.record.keys import acronym_of, actor_key, entity_key, place_keys


@pytest.mark.parametrize("name", ["U.S.", "US", "United States", "the United States", "America", "USA",
                                  "United States of America"])
def test_every_way_of_writing_the_united_states_is_one_country(name):
    assert place_keys(name) == ("country:US", "US", 6252001)


@pytest.mark.parametrize("name,code", [("Russia", "RU"), ("Russian Federation", "RU"), ("Britain", "GB"),
                                       ("United Kingdom", "GB"), ("Ivory Coast", "CI"), ("Côte d'Ivoire", "CI"),
                                       ("Kenya", "KE"), ("South Korea", "KR"), ("Türkiye", "TR"), ("Turkey", "TR")])
def test_countries_carry_their_iso_code(name, code):
    key, iso, gid = place_keys(name)
    assert (key, iso) == (f"country:{code}", code) and gid


def test_a_pronoun_is_no_country():
    assert actor_key("us") is None and place_keys("us")[0] == "place:us"


def test_cities_get_the_geonames_id_of_the_most_populous_of_that_name():
    assert place_keys("Nairobi") == ("geonames:184745", None, 184745)
    assert place_keys("Paris")[2] == 2988507  # France's, not Texas'
    assert place_keys("Harbourton") == ("place:harbourton", None, None)


def test_organisation_keys_drop_legal_forms_and_keep_the_acronym():
    assert entity_key("organisations", "Harbor Lane Outfitters Inc.", [])[0] == \
        entity_key("organisations", "Harbor Lane Outfitters", [])[0] == "org:harbor-lane-outfitters"
    key, _, _, acr = entity_key("organisations", "Harbourton Metropolitan Transit Authority", ["HMTA"])
    assert (key, acr) == ("org:harbourton-metropolitan-transit-authority", "HMTA")
    assert acronym_of("Austrian Federal Railways", ["ÖBB"]) == "ÖBB"
    assert entity_key("organisations", "The World Bank", [])[0] == entity_key("organisations", "World Bank", [])[0]


def test_an_organisation_named_as_a_country_is_the_country():
    assert entity_key("organisations", "the United States", [])[0] == "country:US"


def test_records_carry_the_keys(extract_text):
    rec = extract_text("WASHINGTON - The U.S. will send 40 engineers to Kenya by March, the State Department said. "
                       "America and Kenya signed the accord on Monday.")
    keys = {e.name: e.key for e in rec.places}
    assert keys.get("U.S.") == "country:US" or keys.get("America") == "country:US", keys
    assert all(a.key for c in rec.commitments for a in c.actors), rec.commitments
