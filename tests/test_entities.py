from pipeline.record.entities import is_acronym_of


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


def test_names_found_by_role_word_or_type_noun(extract_text):
    rec = extract_text(
        "Shares of the Danish shipping group Nordvik Lines rose on Tuesday. Accra-based lender Sika Capital "
        "said it would bid. Nordvik spokesperson Tomas Lindqvist declined to comment, and Trade Minister "
        "Aiko Tanaka said the Ministry of Fisheries and Oceans will review the sale.")
    orgs = {e.name for e in rec.organisations}
    assert {"Nordvik Lines", "Sika Capital", "Ministry of Fisheries and Oceans"} <= orgs
    assert "Trade" not in orgs  # a minister's portfolio, not an organisation
    people = {e.name for e in rec.people}
    assert {"Tomas Lindqvist", "Aiko Tanaka"} <= people


def test_dateline_place_date_and_lead_sentence(extract_text):
    rec = extract_text("KIGALI, June 3 (Lakeside Wire) - Rwanda and Uganda signed a border trade pact on "
                       "Monday.\n\nThe two sides will open a joint customs post next year.")
    assert "KIGALI" in {p.name for p in rec.places}
    assert "KIGALI" not in {o.name for o in rec.organisations}
    assert any(d.text == "June 3" and d.value == "2024-06-03" for d in rec.dates)
    sign = next(c for c in rec.commitments if c.action == "sign")
    assert sorted(a.name for a in sign.actors) == ["Rwanda", "Uganda"]
    assert not sign.sentence.startswith("KIGALI")
    open_ = next(c for c in rec.commitments if c.action == "open")
    assert sorted(a.name for a in open_.actors) == ["Rwanda", "Uganda"]


def test_one_word_people_never_named_in_full_are_settled():
    from pipeline.nlp.mentions import EntityMention
    from pipeline.record.entities import canonical_entities

    text = "Malawi. Halvorsen. Halvorsen Therapeutics. Stadler. the Moon. Grace Banda. Banda."

    def m(s, label, cues=()):
        i = text.index(s)
        return EntityMention(s, i, i + len(s), label, cues=frozenset(cues))

    ents = canonical_entities([
        m("Malawi", "PERSON"), m("Halvorsen", "PERSON", {"agent"}), m("Halvorsen Therapeutics", "ORG"),
        m("Stadler", "PERSON", {"org"}), m("Moon", "PERSON", {"the"}), m("Grace Banda", "PERSON"),
        m("Banda", "PERSON")], [], text)
    got = {(e.label, e.name) for e in ents}
    assert ("PLACE", "Malawi") in got  # a known place
    assert ("ORG", "Halvorsen Therapeutics") in got and ("PERSON", "Halvorsen") not in got  # its first word
    assert ("ORG", "Stadler") in got  # an organisation by its context
    assert not any(name == "Moon" for _, name in got)  # neither
    assert ("PERSON", "Grace Banda") in got  # named in full: a person, surname merged
    assert len([e for e in ents if e.label == "PERSON"]) == 1


def test_gazetteer():
    from pipeline.text.gazetteer import is_country, is_place

    assert is_place("Ho Chi Minh City") and is_place("dakar") and is_place("Burkina Faso")
    assert not is_place("Voltline Motors")
    assert is_country("Slovakia") and is_country("the Philippines") and not is_country("Bratislava")


def test_provinces_and_towns_named_like_organisations_are_places(extract_text):
    from pipeline.text.gazetteer import is_place

    # ISO 3166-2 provinces and regions (bracketed notes dropped) and GeoNames towns of 5,000 or more
    assert is_place("Western Visayas") and is_place("Minas Gerais") and is_place("Panglao")
    assert not is_place("Tala Shipping Corp")
    assert is_place("Mindanao") and is_place("Viti Levu") and is_place("the Sahel")  # islands and regions
    rec = extract_text("The governor of Western Visayas said the Cebu office of Tala Shipping Corp would reopen. "
                       "Panglao will host the talks, Mayor Ana Dizon said.")
    assert {e.name for e in rec.organisations} == {"Tala Shipping Corp"}
    rec = extract_text("A low pressure area east of Mindanao could develop, and engineers working in PNG left. "
                       "The Clean Java Coalition, an alliance of green groups, said so.")
    assert {e.name for e in rec.organisations} <= {"Clean Java Coalition"}, rec.organisations
    assert {"Mindanao", "PNG"} <= {e.name for e in rec.places}, rec.places


def test_funds_unions_and_role_words_inside_other_labels(extract_text):
    rec = extract_text("The Pacific Reef Fund will pay for the survey, the Dock and Harbour Workers' Union said. "
                       "\"We will not sign,\" Orlen spokesperson Marta Zielinska said in a statement.")
    orgs = {e.name for e in rec.organisations}
    assert "Pacific Reef Fund" in orgs
    assert "Dock and Harbour Workers' Union" in orgs
    assert "Marta Zielinska" in {p.name for p in rec.people}


def test_doc_text_is_built_once_and_survives_the_dateline_merge(nlp):
    from pipeline.nlp.segment import doc_text

    body = "ACCRA, June 4 (Coastline Wire) - Ghana's port authority will dredge the harbour.\n\nIt said so."
    doc = nlp(body)  # news_datelines merged the dateline into one token
    assert any(t.text.startswith("ACCRA, June 4") for t in doc)
    assert doc_text(doc) == doc.text == body
    assert doc_text(doc) is doc_text(doc)  # the cached string, not rebuilt from the tokens
    plain = nlp.make_doc("A short text.")
    assert doc_text(plain) == "A short text."
