"""Entities as real news writes them (issue 12): each rule on sentences written for it,
through the real model and the record builder (``extract_text`` in conftest)."""


def _names(ents):
    return {e.name for e in ents}


def test_nationality_words_and_document_abbreviations_are_not_organisations(extract_text):
    rec = extract_text("DHAKA, May 6 - Bangladeshi and Moldovan officials signed three MoUs on LNG supply and ICT "
                       "training on Monday. The MoU on LNG runs for ten years.")
    orgs = {n.lower() for n in _names(rec.organisations)}
    assert not orgs & {"bangladeshi", "moldovan", "mou", "mous", "lng", "ict"}, orgs


def test_an_agreement_defined_by_its_acronym_is_not_an_organisation(extract_text):
    rec = extract_text("Kenya and Peru signed a Comprehensive Economic Partnership Agreement (CEPA) on Tuesday. "
                       "The CEPA removes tariffs on tea and coffee.")
    assert not {"CEPA", "Comprehensive Economic Partnership Agreement"} & _names(rec.organisations)


def test_a_country_acronym_is_a_place_unless_the_article_defines_it_as_an_organisation(extract_text):
    rec = extract_text("The UAE and Oman will link their grids by 2028, UAE officials said.")
    assert "UAE" not in _names(rec.organisations)
    rec = extract_text("The Karoo Space Agency (KSA) will launch a satellite. KSA said it will also train engineers.")
    assert any("KSA" in [o.name, *o.aliases] for o in rec.organisations)


def test_storms_and_streets_are_not_people(extract_text):
    rec = extract_text("Cyclone Marla flooded Quarry Lane and Hollins Road on Sunday, said Mayor Dana Obi.")
    people = _names(rec.people)
    assert "Dana Obi" in people and not people & {"Cyclone Marla", "Marla", "Quarry Lane", "Hollins Road"}


def test_titles_before_names_are_stripped_and_name_titles_kept_as_aliases(extract_text):
    rec = extract_text("The delegation was led by H.E. Mrs. Ruth Kamara-Bello, while Alhaji Musa Danladi Garba "
                       "and Tan Sri Lim Wei Keat signed for the investors.")
    people = {p.name: p for p in rec.people}
    assert "Ruth Kamara-Bello" in people and "Lim Wei Keat" in people
    garba = next(p for p in rec.people if "Musa Danladi Garba" in [p.name, *p.aliases])
    assert "Alhaji Musa Danladi Garba" in [garba.name, *garba.aliases]
    assert not any("H.E." in o.name for o in rec.organisations)


def test_a_country_run_into_a_name_is_split(extract_text):
    rec = extract_text("The visit of the President of Kazakhstan Dauren Seitkali ended on Friday.")
    assert "Dauren Seitkali" in _names(rec.people) and "Kazakhstan Dauren Seitkali" not in _names(rec.organisations)
