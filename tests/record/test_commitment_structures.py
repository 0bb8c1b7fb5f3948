"""Commitments real news states without a committing verb of its own (issue 11): lists of signed
documents, agentless signings, donor tallies, gapping, plans as nouns, transfers. Each on an
article written for the test, through the real model and the record builder."""


def _by_action(rec):
    out = {}
    for c in rec.commitments:
        out.setdefault(c.action, []).append(c)
    return out


def _names(c):
    return {a.name for a in c.actors} | {x for a in c.actors for x in a.aliases}


LIST = ("Chile and Peru signed six documents in Lima on Monday. The following documents were signed:\n\n"
        "1. Agreement on mutual recognition of phytosanitary certificates;\n\n"
        "2. Memorandum of understanding between the Chilean Space Agency and the Peruvian Space Commission "
        "on satellite data;\n\n"
        "3. Roadmap on trade cooperation for 2025-2027.\n\n"
        "The ministers then left for Cusco.")


def test_each_item_of_a_list_of_signed_documents_is_an_agreement(extract_text):
    rec = extract_text(LIST)
    items = [c for c in rec.commitments if c.category == "agreement" and c.sentence.lstrip()[:1].isdigit()]
    assert [c.sentence[:2] for c in items] == ["1.", "2.", "3."], [c.sentence for c in rec.commitments]
    assert len(items) == 3 and all(c.action == "sign" for c in items)
    assert {"Chile", "Peru"} <= _names(items[0])  # no parties named in the item: the signing's
    assert {"Chilean Space Agency", "Peruvian Space Commission"} <= _names(items[1])
    assert not any("left" in c.sentence for c in rec.commitments)


def test_an_agentless_past_signing_is_the_parties_agreement_but_a_scheduled_one_is_not(extract_text):
    rec = extract_text("Ghana and Togo met in Lomé. A protocol on joint border patrols was signed on Friday. "
                       "A second protocol is due to be signed in May.")
    signs = [c for c in rec.commitments if c.category == "agreement"]
    assert len(signs) == 1 and "Friday" in signs[0].sentence and {"Ghana", "Togo"} <= _names(signs[0])


def test_each_donor_of_a_tally_pledges_its_amount(extract_text):
    rec = extract_text("Donors pledged $1.2 billion for the appeal on Monday. Sweden led the list with $300 million, "
                       "followed by Canada with $120 million and Ireland with nearly $45 million.")
    pledges = {a.name: c.object for c in rec.commitments for a in c.actors}
    assert pledges.get("Sweden") == "$300 million" and pledges.get("Canada") == "$120 million"
    assert pledges.get("Ireland", "").endswith("$45 million")


def test_gapping_gives_the_second_actor_the_first_verb(extract_text):
    rec = extract_text("Australia will fund the new wharf, and Tonga the customs terminal.")
    funds = _by_action(rec)["fund"]
    assert sorted(a.name for c in funds for a in c.actors) == ["Australia", "Tonga"]
    assert {c.object for c in funds} == {"the new wharf", "the customs terminal"}


def test_gapped_clauses_as_the_small_model_parses_them(extract_text):
    """Three parses of a gapped clause (structures.gapped): the second actor after the first
    object's 'and', the actor opening the second object, the actor a conjunct inside the first
    object with the rest its apposition."""
    rec = extract_text("Brazil's grid operator Luzia Transmissão will build the northern section and Uruguay's "
                       "Ondara Eléctrica the 90-km stretch on the southern side, the statement said.\n\n"
                       "Japan pledged $6 million and South Korea $3.5 million in emergency assistance for Tonga.\n\n"
                       "Chile will cover about 70 percent of the estimated $90 million cost and Peru the remainder.")
    by = {a.name: c for c in rec.commitments for a in c.actors}
    assert by["Ondara Eléctrica"].action == "build" and "stretch" in by["Ondara Eléctrica"].object, by.keys()
    assert by["South Korea"].object.startswith("$3.5 million") and by["South Korea"].category == "pledge"
    assert by["Peru"].action == "cover" and by["Peru"].object == "the remainder"
    assert by["Luzia Transmissão"].object == "the northern section"  # not "... and Uruguay's Ondara Eléctrica"


def test_a_plan_announced_as_a_noun_plans_its_infinitive(extract_text):
    rec = extract_text("Halvard Motors on Tuesday announced plans to invest $85 million in Galway.")
    (c,) = _by_action(rec)["invest"]
    assert c.category == "plan" and "Halvard Motors" in _names(c)


def test_a_completed_signing_is_an_agreement_to_sign(extract_text):
    rec = extract_text("Ashford Rovers have completed the signing of winger Tomas Vale from Lisle United.")
    (c,) = [c for c in rec.commitments if c.category == "agreement"]
    assert c.action == "sign" and "Ashford Rovers" in _names(c)


def test_would_after_agreed_that_is_a_commitment(extract_text):
    rec = extract_text("Kenya and Peru agreed that they would conclude a new air services agreement by June.")
    assert "conclude" in _by_action(rec)


INVESTORS = ("Five manufacturers will build plants in Corrientes, the provincial governor said on Monday.\n\n"
             "The projects announced:\n\n"
             "Brisvale Textile Group (Portugal) – $140 million for a spinning mill in Goya\n"
             "Kestrel Orchard Foods (Chile): 95 million dollars to expand its juice plant and add a cold store\n"
             "Tarquin Hollis (Canada) – $30 million for a training school\n\n"
             "Brisvale's managing director, Ana Pimentel, said the group would start hiring in March.")


def test_each_line_of_a_list_of_investors_is_a_pledge_of_its_amount(extract_text):
    """Items one line each with no full stop, under an introduction that ends in a colon: each line
    is a sentence of its own, and each investor pledges its own amount (the tokenizer's "):" too)."""
    rec = extract_text(INVESTORS)
    pledges = {a.name: c.object for c in rec.commitments if c.action == "pledge" for a in c.actors}
    assert pledges.get("Brisvale Textile Group") == "$140 million", pledges
    assert pledges.get("Kestrel Orchard Foods") == "95 million dollars", pledges
    assert pledges.get("Tarquin Hollis") == "$30 million", pledges
    sentences = {c.sentence.strip() for c in rec.commitments}
    assert not any("\n" in s for s in sentences), sentences


def test_a_company_named_by_a_short_form_in_a_speakers_title_is_the_group_that_commits(extract_text):
    rec = extract_text(INVESTORS)
    (start,) = _by_action(rec)["start"]
    assert _names(start) & {"Brisvale Textile Group"}, [a.name for a in start.actors]


def test_a_consortium_led_by_named_companies_is_those_companies(extract_text):
    rec = extract_text("Under the contract, the consortium led by Permata Infra Bhd and Japan's Hikari Water "
                       "Systems undertook to build the ponds by 2027.")
    (c,) = _by_action(rec)["build"]
    assert {"Permata Infra Bhd", "Hikari Water Systems"} <= {a.name for a in c.actors}, c.actors


def test_actors_who_each_commit_make_one_commitment_each(extract_text):
    rec = extract_text("Norway, Chile and Ghana each announced between $20 million and $35 million for the fund. "
                       "Malawi and Zambia each pledged to send 300 engineers. Peru and Bolivia will build the bridge.")
    announced = [c for c in rec.commitments if c.action == "announce"]
    assert sorted(a.name for c in announced for a in c.actors) == ["Chile", "Ghana", "Norway"]
    assert all(len(c.actors) == 1 and c.object == "between $20 million and $35 million" for c in announced)
    assert sorted(len(c.actors) for c in rec.commitments if c.action == "send") == [1, 1]
    (bridge,) = [c for c in rec.commitments if c.action == "build"]
    assert {a.name for a in bridge.actors} == {"Peru", "Bolivia"}  # no 'each': one joint commitment


def test_list_items_without_a_subject_take_their_introductions_actors(extract_text):
    rec = extract_text("FREETOWN, March 8 - Mali and Senegal held the third session of their joint commission "
                       "in Freetown this week.\n\nThe two sides agreed as follows:\n\n"
                       "i. To reopen the Koundara crossing point to commercial traffic within 30 days;\n"
                       "ii. To set up a joint technical committee on customs documentation.\n\n"
                       "The ministers also:\n\n- agreed to establish a regional task force on fisheries;\n"
                       "- welcomed the offer of Gambia to host a meeting on river transport in June.")
    by = {c.action: c for c in rec.commitments}
    assert {a.name for a in by["reopen"].actors} == {"Mali", "Senegal"}, [(c.action, c.actors) for c in rec.commitments]
    assert {a.name for a in by["set up"].actors} == {"Mali", "Senegal"}
    assert by["establish"].object == "a regional task force"
    assert "host" not in by or "Gambia" in {a.name for a in by["host"].actors}  # not the ministers


def test_a_description_with_the_name_in_apposition_is_the_named_actor(extract_text):
    rec = extract_text("According to the ministry, the Peruvian state company Petróleos Andinos del Norte (PAN) "
                       "intends to build a pumping station in Piura. The Chilean utility, Aguas Australes, will "
                       "supply the water.")
    acts = {c.action: {a.name for a in c.actors} for c in rec.commitments}
    assert acts.get("build") == {"Petróleos Andinos del Norte"}, acts
    assert acts.get("supply") == {"Aguas Australes"}, acts


def test_a_description_does_not_resolve_to_a_building_that_shares_its_word(extract_text):
    rec = extract_text("MONTERREY, Mexico, May 7 - Governor Ana Treviño received the investors at the Government "
                       "Palace on Tuesday. The state government said it will build a 14-kilometre access road.")
    (road,) = [c for c in rec.commitments if c.action == "build"]
    assert "Government Palace" not in {a.name for a in road.actors}, road.actors


def test_the_province_or_the_state_is_the_place_below_the_country_the_article_calls_so(extract_text):
    rec = extract_text("HANOI, March 3 (VNA) - The northern province of Thai Binh on Monday licensed six factories "
                       "from China and Japan. The province will build a new access road, its chairman said.")
    acts = {c.action: {a.name for a in c.actors} for c in rec.commitments}
    assert acts.get("build") == {"Thai Binh"}, acts
    rec = extract_text("KUANTAN, May 2 -- The Pahang state government signed a deal with a Japanese consortium. "
                       "The state government would allocate RM80 million, it said. Malaysia will also help.")
    acts = {c.action: {a.name for a in c.actors} for c in rec.commitments}
    assert acts.get("allocate") == {"Pahang"} and acts.get("help") == {"Malaysia"}, acts


def test_they_after_a_body_says_so_is_that_body_not_the_last_pair_of_places(extract_text):
    rec = extract_text("The government declared an emergency for Sanma and Malampa provinces on Monday. "
                       "The International Organization for Migration said they would send 500 tents by Friday.")
    (send,) = [c for c in rec.commitments if c.action == "send"]
    assert {a.name for a in send.actors} == {"International Organization for Migration"}, send.actors


def test_an_amount_in_a_currency_the_model_misses_and_a_common_noun_with_its_name(extract_text):
    rec = extract_text("The Sindh government had approved Rs 3.4 billion for the new bridge. The board approved "
                       "three projects. The concessionaire Linha Azul signed this Monday (29) the contract for "
                       "the tram line.")
    acts = {c.action: c for c in rec.commitments}
    assert acts["approve"].object == "Rs 3.4 billion" and acts["approve"].category == "pledge", acts.keys()
    assert len([c for c in rec.commitments if c.action == "approve"]) == 1  # not 'approved three projects'
    assert {a.name for a in acts["sign"].actors} == {"Linha Azul"}


def test_the_province_is_not_the_dateline_city_named_twice(extract_text):
    rec = extract_text("BUKAVU, Nov 27 (Lakeside Press) - The provincial government of South Kivu and a Belgian firm "
                       "signed a contract to rebuild the Bukavu water network. The province will provide the land.")
    (provide,) = [c for c in rec.commitments if c.action == "provide"]
    assert {a.name for a in provide.actors} == {"South Kivu"}, provide.actors


def test_a_line_label_is_no_actor(extract_text):
    rec = extract_text("Donors agree to rebuild the Betio seawall\n\nStandfirst: The Asian Development Bank will "
                       "share the cost of the wall with two Pacific partners.\n\nCaption: Minister Teuea Kaitira "
                       "signs the agreement in Bairiki.")
    actors = {a.name for c in rec.commitments for a in c.actors}
    assert "Asian Development Bank" in actors and not actors & {"Standfirst", "Caption"}, actors


def test_list_lines_naming_the_parties_first_under_an_introduction_naming_the_documents(extract_text):
    rec = extract_text("KUALA LUMPUR, March 5 - Five memoranda of understanding were exchanged at the expo on "
                       "Tuesday. The MoUs exchanged today involved:\n\n"
                       "- Telekom Andalas Bhd and Vodafone Group Plc, on a 5G pilot in Penang;\n"
                       "- Maybank Islamic Bhd and the Islamic Development Bank, on green sukuk;\n\n"
                       "The minister said more deals will follow.\n\n"
                       "The winners of the award were:\n\n"
                       "- Telekom Andalas Bhd and Maybank Islamic Bhd, for service.\n")
    items = [c for c in rec.commitments if c.sentence.lstrip().startswith("-")]
    assert len(items) == 2 and all(c.action == "exchange" and c.category == "agreement" for c in items), items
    assert {"Telekom Andalas Bhd", "Vodafone Group Plc"} <= _names(items[0]), items[0].actors
    assert "Islamic Development Bank" in _names(items[1]) and "green sukuk" in items[1].object
