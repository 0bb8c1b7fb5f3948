from pipeline.entities import is_acronym_of


def test_acronyms():
    assert is_acronym_of("UN", "United Nations")
    assert is_acronym_of("CNSA", "National Space Administration of China")
    assert is_acronym_of("WHO", "World Health Organization")
    assert not is_acronym_of("EU", "United Nations")
    assert not is_acronym_of("Wu", "Wu Yanhua")


def _names(ents):
    return {e.name: sorted(e.aliases) for e in ents}


def test_people_and_organisations_merge_aliases(extract_text):
    rec = extract_text(
        "Deputy Minister Maria Okafor of the International Energy Agency (IEA) met officials of the "
        "United Nations in Nairobi on Monday. Okafor said the IEA will publish a report. The UN welcomed it, "
        "and the Reuters news agency reported that Kenya and Ghana will sign an accord. Reuters added that "
        "Okafor's team arrives in Accra next week.")
    people = _names(rec.people)
    assert people == {"Maria Okafor": ["Okafor"]}
    orgs = _names(rec.organisations)
    assert orgs["International Energy Agency"] == ["IEA"]
    assert orgs["United Nations"] == ["UN"]
    assert "Kenya" not in orgs and "Nairobi" not in orgs
    places = {p.name for p in rec.places}
    assert {"Nairobi", "Kenya", "Ghana", "Accra"} <= places
    okafor = rec.people[0]
    assert any("Minister" in t for t in okafor.titles)
    for e in rec.people + rec.organisations + rec.places:
        for m in e.mentions:
            assert rec.article.text[m.start:m.end] == m.text


def test_events_and_projects_are_not_organisations(extract_text):
    rec = extract_text("The Artemis Program and the Paris 2024 Olympics were discussed at the Asian Games, "
                       "where the World Bank said it will fund the Lunar Gateway Station.")
    orgs = {e.name for e in rec.organisations}
    assert "World Bank" in orgs
    assert not orgs & {"Artemis Program", "Paris 2024 Olympics", "Lunar Gateway Station", "Asian Games"}
