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


def test_wire_sign_offs_and_multi_name_bylines_are_not_the_story(extract_text):
    rec = extract_text("By Ilse Varga and Tomas Reyes\n\nKenya will build a dam.\n\n"
                       "(Reporting by Ilse Varga in Nairobi; Editing by Mark Doyle-Heath)")
    assert not {"Ilse Varga", "Tomas Reyes", "Mark Doyle-Heath"} & {p.name for p in rec.people}
    assert "Reporting by" not in rec.article.text and rec.article.byline == "Ilse Varga and Tomas Reyes"


def test_a_person_the_model_calls_an_organisation_after_a_role_is_a_person(extract_text):
    rec = extract_text("Kenya's Cabinet Secretary for Agriculture, Wanjiru Kamau-Odhiambo, told delegates the "
                       "ministry will buy seed. Executive Director for Science Pavel Nikolov said so too.")
    people = {p.name for p in rec.people}
    assert "Wanjiru Kamau-Odhiambo" in people and "Pavel Nikolov" in people
    assert not {"Wanjiru Kamau-Odhiambo", "Science Pavel Nikolov"} & {o.name for o in rec.organisations}


def test_a_company_after_its_chief_executives_of_stays_a_company(extract_text):
    rec = extract_text('"We will start this year," said José Peña, chief executive of Aguas Ibéricas. '
                       "Banyan Ridge Securities said the bank would cut rates.")
    orgs = {o.name for o in rec.organisations}
    assert "Aguas Ibéricas" in orgs and "Banyan Ridge Securities" in orgs


def test_portfolios_roles_routes_and_currencies_are_not_organisations(extract_text):
    rec = extract_text("Trade Minister of International Cooperation Ada Lim and the Minister of Health met in "
                       "Lagos. The Lagos-Accra corridor and the Bengaluru/Seoul route will reopen, priced in kwacha.")
    orgs = {o.name for o in rec.organisations}
    assert not orgs & {"International Cooperation", "Minister of Health", "Lagos-Accra", "Bengaluru/Seoul", "kwacha"}


def test_a_country_the_model_splits_is_one_place(extract_text):
    rec = extract_text("Antigua and Barbuda and Trinidad and Tobago will open their borders in January.")
    places = {p.name for p in rec.places}
    assert {"Antigua and Barbuda", "Trinidad and Tobago"} <= places
    assert not {"Antigua", "Tobago", "Barbuda"} & {o.name for o in rec.organisations}


def test_a_long_name_is_not_cut_and_accented_spellings_merge(extract_text):
    rec = extract_text("Foreign Minister Sardar Irfan Ahmed Leghari met Lorena Cantú Maldonado in Lahore. "
                       "Winger Tomás Ibáñez signed on Monday. Ibanez said Tomas Ibanez is his full name.")
    people = {p.name: p for p in rec.people}
    assert "Sardar Irfan Ahmed Leghari" in people and "Lorena Cantú Maldonado" in people
    assert len([p for p in rec.people if "Ib" in p.name]) == 1


def test_a_role_after_a_place_is_not_a_persons_name(extract_text):
    rec = extract_text("Homa Bay Governor Grace Achieng said the county will hire nurses.")
    assert "Homa Bay Governor" not in {p.name for p in rec.people}


def test_capitalised_words_ending_in_a_company_suffix_are_an_organisation(extract_text):
    rec = extract_text("Among the largest commitments:\n\nTembo Fertiliser Group (Tanzania) – $850 million for a "
                       "blending plant in Tanga\nMarula Agri Holdings (Botswana) – $90 million for grain silos")
    assert {"Tembo Fertiliser Group", "Marula Agri Holdings"} <= _names(rec.organisations), _names(rec.organisations)


def test_a_person_after_a_role_and_its_portfolio_is_the_person(extract_text):
    rec = extract_text("Director of Network Services Oisin Brady said the council will resurface the road. "
                       "The President of Uzbekistan Sherzod Rakhimov arrived in Baku on Monday.")
    people = {p.name for p in rec.people}
    assert {"Oisin Brady", "Sherzod Rakhimov"} <= people, people
    assert not {"Network Services Oisin Brady", "Uzbekistan Sherzod Rakhimov"} & (people | _names(rec.organisations))


def test_a_name_coordinating_portfolios_or_heads_is_one_organisation(extract_text):
    rec = extract_text("The Ministry of Education, Culture, Science and Sports said it will hire teachers. "
                       "The Lindora Revenue and Customs Directorate and the Ministry of Health and Sanitation "
                       "signed with the Bank of Ghana and Ecobank.")
    orgs = _names(rec.organisations)
    assert {"Ministry of Education, Culture, Science and Sports", "Lindora Revenue and Customs Directorate",
            "Ministry of Health and Sanitation", "Bank of Ghana", "Ecobank"} <= orgs, orgs
    assert not {"Ministry of Education", "Customs Directorate", "Sanitation"} & orgs


def test_a_name_after_a_long_role_and_its_comma_is_a_person_and_a_portfolio_is_nobody(extract_text):
    rec = extract_text("The accord was signed by the Minister of Hydrocarbons and Energy of Peru, Ernesto Condori "
                       "Huanca, and the Minister of Transport and Public Works of Ecuador, Julio Yupanqui Quispe. "
                       "Minister for Foreign Affairs and Regional Integration Ama Boateng-Sarpong was there.")
    people = _names(rec.people)
    assert {"Ernesto Condori Huanca", "Julio Yupanqui Quispe", "Ama Boateng-Sarpong"} <= people, people
    assert not {"Ernesto Condori Huanca", "Julio Yupanqui Quispe"} & _names(rec.organisations)
    assert "Regional Integration" not in people


def test_names_in_a_list_of_places_are_places_but_parties_keep_their_label(extract_text):
    rec = extract_text("Heavy rain will hit Sialkot, Gujranwala, Peshawar, Mardan and Swat until Sunday. The "
                       "government declared an emergency for Sanma and Malampa provinces. Kenya, Uganda and "
                       "Safaricom will sign the deal.")
    places, orgs = _names(rec.places), _names(rec.organisations)
    assert {"Sialkot", "Mardan", "Swat", "Sanma", "Malampa"} <= places, (places, orgs)
    assert "Safaricom" in orgs and "Safaricom" not in places


def test_a_legal_form_before_a_company_name_is_part_of_it(extract_text):
    rec = extract_text("Bangladesh signed a supply deal with PT Samudra Gas Utama on Monday. PJSC Volgatrans will "
                       "build the port.")
    orgs = _names(rec.organisations)
    assert {"PT Samudra Gas Utama", "PJSC Volgatrans"} <= orgs, orgs


def test_a_persons_surname_the_model_calls_an_organisation_is_the_person(extract_text):
    rec = extract_text("Minister of Economy Khalid Rashid Al Nuaimi signed the accord. Al Nuaimi said trade would "
                       "double. Dunmore boss Gareth Pryce said his side had switched off.")
    people, orgs = _names(rec.people), _names(rec.organisations)
    assert {"Khalid Rashid Al Nuaimi", "Gareth Pryce"} <= people, (people, orgs)
    assert not {"Al Nuaimi", "Gareth Pryce"} & orgs


def test_a_dateline_place_and_the_same_place_the_model_calls_an_organisation_are_one_place(extract_text):
    rec = extract_text(_BUKAVU)
    assert [p.name for p in rec.places if p.name.lower() == "bukavu"] == ["BUKAVU"], [p.name for p in rec.places]


_BUKAVU = """BUKAVU, Nov 27 (Lakeside Press) - The provincial government of North Kivu and the Dutch engineering firm Veldhoven Waterwerken on Thursday signed a 62 million euro contract to rebuild the Bukavu water network, officials said.

Under the deal, Veldhoven Waterwerken will lay 140 kilometres of new pipes and build two pumping stations by June 2028, while the province will provide the land and security for the works.

"We will not wait for another cholera season before acting," provincial water commissioner Amani Bahati-Kasongo told reporters after the signing. "The first neighbourhoods will have clean water before the end of next year."

The African Development Bank and the Netherlands each pledged 20 million euros towards the project, and the remaining cost will come from the provincial budget.

Photo: Workers inspect a damaged pipe in Bukavu. (Lakeside Press/Jean-Pierre Mutombo)"""


def test_a_name_the_model_misses_after_a_role_phrase_and_its_comma_is_a_person(extract_text):
    rec = extract_text("The Minister of Roads and Public Works, Tomás Ignacio Berrocal, told reporters the bypass "
                       "will open in June. The firm will hire 200 local workers, said its general counsel, Lucía "
                       "Beatriz Ordóñez Prado. The head of the utility, Kenya Power, said it would pay half.")
    assert {"Tomás Ignacio Berrocal", "Lucía Beatriz Ordóñez Prado"} <= _names(rec.people), _names(rec.people)
    assert "Kenya Power" not in _names(rec.people)
    assert "Public Works" not in _names(rec.organisations) | _names(rec.people)  # the minister's portfolio


def test_a_portfolio_or_a_place_the_model_runs_into_a_name_is_cut_off(extract_text):
    rec = extract_text("The plant was opened by Minister of Mineral Resources and Energy Bento Cossa-Mabunda and "
                       "the mayor of Lovech Stoyan Marinov. Later the delegation met Chairman of the National "
                       "Assembly Tran Duc Minh-Quan and the Minister of Agriculture of Tajikistan Farrukh Rahimov. "
                       "The deal was signed by Jordan's Minister of Trade, Industry and Supply Ziad Omar Al-Khatib.")
    people = _names(rec.people)
    assert {"Bento Cossa-Mabunda", "Stoyan Marinov", "Tran Duc Minh-Quan", "Farrukh Rahimov",
            "Ziad Omar Al-Khatib"} <= people, people
    assert not {o for o in _names(rec.organisations) if "Rahimov" in o or "Minh-Quan" in o or "Marinov" in o}


def test_a_role_with_a_capitalised_modifier_still_names_the_person_after_it(extract_text):
    rec = extract_text("District Governor Petar Kolev and Provincial Commissioner Amina Wekesa opened the clinic "
                       "on Friday.")
    assert {"Petar Kolev", "Amina Wekesa"} <= _names(rec.people), _names(rec.people)
    assert not _names(rec.organisations), _names(rec.organisations)


def test_a_name_the_model_calls_a_person_is_a_place_after_in_or_at_or_before_a_governor(extract_text):
    rec = extract_text("The treaty was signed at Qasr Al Bahar by the two foreign ministers. The loan was signed in "
                       "Kota Seri Mulia on Friday. Nuevo Tolima Governor Ramiro Castañeda Ruiz opened the plant.")
    assert _names(rec.people) == {"Ramiro Castañeda Ruiz"}, _names(rec.people)
    assert {"Qasr Al Bahar", "Kota Seri Mulia", "Nuevo Tolima"} <= _names(rec.places), _names(rec.places)


def test_a_name_that_modifies_a_pipeline_or_project_is_nobody(extract_text):
    rec = extract_text("Ministers signed a framework agreement on the Desert Star oil pipeline. Officials said the "
                       "Sahel Belt pipeline would carry gas by 2030.")
    assert not _names(rec.people), _names(rec.people)


def test_the_start_of_a_company_name_is_the_company_not_a_person(extract_text):
    rec = extract_text("China's Zhenhai Baolong Engineering Co. on Monday signed the contract. Under the contract, "
                       "Zhenhai Baolong will build the dam. Its partner Lumar Verde Holding said Lumar Verde will "
                       "finance it.")
    assert not _names(rec.people), _names(rec.people)
    zhenhai = next(o for o in rec.organisations if o.name.startswith("Zhenhai"))
    assert "Zhenhai Baolong" in zhenhai.aliases and len(rec.organisations) == 2, [
        (o.name, o.aliases) for o in rec.organisations]


def test_a_role_alone_and_a_route_between_places_are_not_people(extract_text):
    rec = extract_text("The Menteri Besar's office confirmed the loan. Trucks use the Monterrey–Nuevo Laredo "
                       "highway. Engineer Ana Ochoa-Restrepo said the crossing was safe.")
    assert _names(rec.people) == {"Ana Ochoa-Restrepo"}, _names(rec.people)


def test_the_sides_of_a_match_result_are_clubs_even_when_named_after_a_city(extract_text):
    rec = extract_text("Leeds beat Everton 2-1 on Saturday, coach Aldo Ruiz said.")
    assert {"Leeds", "Everton"} <= _names(rec.organisations), _names(rec.organisations)
    assert _names(rec.people) == {"Aldo Ruiz"}, _names(rec.people)  # not "Everton 2-1"
    assert "Leeds" not in _names(rec.places)


def test_a_sport_label_is_no_dateline_and_an_all_caps_headline_gives_no_names(extract_text):
    rec = extract_text("SOCCER - LEEDS SIGN NEW STRIKER\n\nCRICKET-KANDY WIN BY FOUR WICKETS\n\n"
                       "Kandy Crusaders beat Colombo Kingfishers by four wickets on Sunday.")
    assert "SOCCER" not in _names(rec.places)
    assert not [o for o in _names(rec.organisations) if "WIN" in o or "SIGN" in o], _names(rec.organisations)


def test_a_seat_before_its_members_role_is_a_place_and_a_party_stays_an_organisation(extract_text):
    rec = extract_text("Kisumu East MP Otieno Auma and Jubilee Party MP Tom Oduya opened the market on Friday.")
    assert "Kisumu East" not in _names(rec.organisations) and "Kisumu East" in _names(rec.places)
    assert {"Otieno Auma", "Tom Oduya"} <= _names(rec.people)


def test_a_surname_with_an_honorific_goes_to_the_person_with_that_honorific_not_the_latest(extract_text):
    rec = extract_text("Dr. Helen Ramsay leads the research team. Her brother Peter Ramsay runs the family clinic. "
                       "Dr. Ramsay said the trial will start in June.")
    by_name = {p.name: [m.text for m in p.mentions] for p in rec.people}
    assert by_name.get("Helen Ramsay") == ["Helen Ramsay", "Ramsay"], by_name
    assert by_name.get("Peter Ramsay") == ["Peter Ramsay"], by_name
    two = "Mrs Helen Ramsay leads the team, while her brother Dr Peter Ramsay runs the clinic. {} said so."
    rec = extract_text(two.format("Mrs Ramsay"))
    by_name = {p.name: [m.text for m in p.mentions] for p in rec.people}
    assert by_name == {"Helen Ramsay": ["Helen Ramsay", "Ramsay"], "Peter Ramsay": ["Peter Ramsay"]}, by_name
    rec = extract_text(two.format("Prof. Ramsay"))
    assert [len(p.mentions) for p in rec.people] == [1, 1], [(p.name, p.mentions) for p in rec.people]  # neither


def test_joint_bodies_of_two_countries_and_bodies_of_a_country_are_organisations(extract_text):
    rec = extract_text("He spoke on the sidelines of the 3rd session of the Rwanda-Zambia Joint Permanent Commission. "
                       "Eight MoUs were signed at the 32nd session of the Iraqi-Jordanian Higher Joint Committee. "
                       "The General Secretary of the Communist Party of Vietnam met the delegation.")
    orgs = _names(rec.organisations)
    assert {"Rwanda-Zambia Joint Permanent Commission", "Iraqi-Jordanian Higher Joint Committee",
            "Communist Party of Vietnam"} <= orgs, orgs
    assert "Communist Party" not in orgs


def test_an_agency_credited_in_a_dateline_without_a_date_or_before_it_is_an_organisation(extract_text):
    for text, agency in [("NUKU'ALOFA (Tasman Pacific Wire) — Tonga will extend the wharf.", "Tasman Pacific Wire"),
                         ("ISLAMABAD, (Pakistan Wire Service - 27th Jul, 2021 ) :Pakistan will host talks.",
                          "Pakistan Wire Service"),
                         ("Ulaanbaatar /KHANGAI NEWS/. The Government of Japan will provide aid.", "KHANGAI NEWS")]:
        rec = extract_text(text)
        assert agency in _names(rec.organisations), (text, _names(rec.organisations))


def test_a_countrys_government_and_a_joint_commission_split_at_its_dash_are_one_organisation_each(extract_text):
    rec = extract_text("The Government of Tajikistan will contribute $7.5 million from the state budget. The 4th "
                       "Session of the Sierra Leone–Liberia Joint Commission for Cooperation ended in Freetown. "
                       "The Joint Commission will meet again in Monrovia.")
    orgs = {o.name: o.aliases for o in rec.organisations}
    assert "Government of Tajikistan" in orgs, orgs
    assert orgs.get("Sierra Leone–Liberia Joint Commission for Cooperation") == ["Joint Commission"], orgs


def test_numbered_groupings_quoted_consortia_and_social_networks_are_organisations(extract_text):
    rec = extract_text('She wrote on her Twitter account that the G20 will meet in Q4. The works are carried out by '
                       'the consortium "Vidin Medical 2022", and the Tokyo 2020 organisers agreed. The ministry said '
                       'on Telegram that it will help.')
    orgs = _names(rec.organisations)
    assert {"Twitter", "G20", "Vidin Medical 2022", "Telegram"} <= orgs, orgs
    assert not {"Q4", "Tokyo 2020"} & orgs, orgs


def test_sports_positions_coordinators_and_councillors_name_the_person_after_them(extract_text):
    rec = extract_text("Harbury confirmed the signing of Chilean tighthead prop Ignacio Tomás Vera from Santiago side "
                       "Club Deportivo Maule on Monday. Cathaoirleach Cllr Niamh Ó Dálaigh said the plan was sound. "
                       "Caption: rebel political coordinator Idriss Mahamat Saleh (L) shakes hands with the minister. "
                       "Chairman of the provincial People's Committee Tran Quoc Bao said the province will help.")
    people = _names(rec.people)
    assert {"Ignacio Tomás Vera", "Idriss Mahamat Saleh", "Tran Quoc Bao"} <= people, people
    assert any(p.endswith("Dálaigh") for p in people), people
    assert "Club Deportivo Maule" in _names(rec.organisations), _names(rec.organisations)
    assert not {o for o in _names(rec.organisations) if "Vera" in o or "Bao" in o}


def test_weather_time_zones_plural_bodies_storms_and_rivers_are_not_organisations(extract_text):
    rec = extract_text('El Niño will bring drought, officials of both Governments said. Shares fell 5% by 1045 IST. '
                       'Typhoon "Baldo" moved closer to the coast. The bridge over the Cauto river will be rebuilt, '
                       'and sensors will line the Sela and Muri river basins. Moldovan Energy Minister Ion Rusu and '
                       'the Minister of Foreign Affairs, Regional Integration and International Trade of Mauritius '
                       'attended, with Meridale Optics, Inc. (NASDAQ: MRDO). Meridale Optics will hire 90 people.')
    orgs = {n.lower() for n in _names(rec.organisations)}
    assert not orgs & {"el niño", "governments", "ist", "baldo", "cauto", "sela", "muri", "moldovan energy"}, orgs
    assert not [o for o in orgs if "regional integration" in o], orgs
    assert len([o for o in orgs if o.startswith("meridale")]) == 1, orgs


def test_an_address_line_is_a_place_but_a_company_named_like_a_street_stays_a_company(extract_text):
    rec = extract_text("ENDS\n\nCommunications Unit\nMinistry of Works and Housing\nKing Hill, Freetown\n8th March, 2021")
    assert "King Hill" not in _names(rec.organisations), _names(rec.organisations)
    rec = extract_text("Harbor Lane Outfitters Inc. beat estimates. Harbor Lane will keep prices unchanged.")
    harbor = [o for o in rec.organisations if o.name.startswith("Harbor Lane")]
    assert len(harbor) == 1 and "Harbor Lane" in harbor[0].aliases, [(o.name, o.aliases) for o in rec.organisations]


def test_a_storms_quoted_name_is_no_organisation_anywhere_in_the_story(extract_text):
    rec = extract_text('Typhoon "Baldo" moved closer to the coast on Monday. By noon the centre of Baldo was 80 km '
                       'east of the port, the weather bureau said.')
    assert "Baldo" not in _names(rec.organisations) | _names(rec.people)


def test_the_sides_of_a_wire_results_line_are_clubs(extract_text):
    rec = extract_text("SOCCER - PREMIER LEAGUE RESULTS.\n\nResults of premier league matches on Saturday:\n\n"
                       "Harwick 2 West Calder 0\n\nBlackburn 1 Derby 2\n\nThe league said it will review the fixtures.")
    assert {"Harwick", "West Calder", "Blackburn", "Derby"} <= _names(rec.organisations), _names(rec.organisations)
    assert not _names(rec.people) and "Derby" not in _names(rec.places)


def test_a_name_the_model_calls_an_organisation_is_a_person_after_said_a_title_or_before_a_role(extract_text):
    rec = extract_text('"Money that arrives in March arrives too late," said Tomasz Wieczorek, the U.N.’s deputy '
                       'relief coordinator. H.E. Mr. ODAGIRI Masanori, Ambassador of Japan to Samoa, signed the '
                       'contracts. The storm moved closer to Western Visayas, a police official said.')
    assert {"Tomasz Wieczorek", "ODAGIRI Masanori"} <= _names(rec.people), _names(rec.people)
    assert "Western Visayas" not in _names(rec.people)
    assert not {"Tomasz Wieczorek", "ODAGIRI Masanori"} & _names(rec.organisations)


def test_a_name_runs_over_no_spaced_dash_and_a_persons_name_over_no_comma(extract_text):
    rec = extract_text("Contracts were awarded as follows:\n1. Cemetery Street, Rosignol – K. Narine & Sons "
                       "Construction Inc.\n7. Line Top Road, Whim – Yaw Mensah-Fraser Construction Services")
    orgs = _names(rec.organisations)
    assert "K. Narine & Sons Construction Inc." in orgs, orgs
    assert not [p for p in _names(rec.people) if "," in p or "Road" in p], _names(rec.people)


def test_money_projects_other_scripts_numbered_regions_legal_forms_and_a_city_before_a_name(extract_text):
    rec = extract_text("The council approved N62 billion for the bridge. The Project for Construction of a Community "
                       "Hall in Vaito'a Village was signed. Подробнее: українською. Works in Region Five start soon. "
                       "Hai An Feeder Shipping JSC signed; Hai An Feeder Shipping will run the line. The minister "
                       "received at the ministry's premises in Abu Dhabi Ulan Sadyrbaev, Minister of Economy of "
                       "the Kyrgyz Republic. Minister of Transport Services Management Chaminda Weerasooriya spoke.")
    orgs = _names(rec.organisations)
    assert not [o for o in orgs if o in ("N62", "Region Five") or o.startswith(("Project", "The Project"))
                or not any("a" <= c.lower() <= "z" for c in o)], orgs
    assert len([o for o in orgs if o.startswith("Hai An")]) == 1, orgs
    assert {"Ulan Sadyrbaev", "Chaminda Weerasooriya"} <= _names(rec.people), _names(rec.people)


def test_a_firm_the_model_takes_for_a_nationality_is_an_organisation(extract_text):
    rec = extract_text("The contract is expected to go to Moana Coastal Works Ltd, a joint venture of the Fijian "
                       "firm Naviti Marine and the Samoan contractor Leota & Sons.")
    assert {"Moana Coastal Works Ltd", "Naviti Marine", "Leota & Sons"} <= _names(rec.organisations), \
        _names(rec.organisations)


def test_a_portfolio_list_with_commas_a_parliament_of_a_country_and_a_trailing_legal_form(extract_text):
    rec = extract_text("The agreements were signed by the Minister for Communities, Territories and Infrastructure "
                       "Development of Ukraine Taras Kovalchuk. The Verkhovna Rada of Ukraine must ratify them. "
                       "Hai An Feeder Shipping JSC will run the line.")
    assert "Taras Kovalchuk" in _names(rec.people), _names(rec.people)
    orgs = _names(rec.organisations)
    assert {"Verkhovna Rada of Ukraine", "Hai An Feeder Shipping JSC"} <= orgs, orgs
    assert not [o for o in orgs if "Kovalchuk" in o], orgs


def test_a_surname_inside_a_long_name_the_end_of_a_bodys_name_and_a_name_begun_late(extract_text):
    rec = extract_text("LIMA - The deal was signed by the transport minister, Ana Lucía Quispe Mamani, and the "
                       "Chairperson of the Tolo'a Valley Primary School Committee. \"It is a good day,\" said "
                       "Minister Quispe. The School Committee will build two classrooms by March.")
    assert {"Ana Lucía Quispe Mamani"} == _names(rec.people)
    orgs = _names(rec.organisations)
    assert "Tolo'a Valley Primary School Committee" in orgs and "School Committee" not in orgs, orgs
    assert "Quispe" not in orgs


def test_currency_codes_before_amounts_and_portfolio_lists_before_minister_are_not_organisations(extract_text):
    rec = extract_text("The hall costs about SAT 452,000, while the ministry adds KES 4.5 billion, said "
                       "Investment, Trade and Industry Minister Farid Osman. The WHO will also help.")
    orgs = _names(rec.organisations)
    assert "WHO" in orgs and not orgs & {"SAT", "KES", "Investment, Trade and Industry"}, orgs


def test_a_ministrys_comma_listed_portfolios_and_its_country_stay_one_name(extract_text):
    rec = extract_text("Ministry for Energy, Mines and Water Resources of Zambia, posted 3 May 2023 10:15\n\n"
                       "The Ministry of Foreign Affairs and International Cooperation said the talks will resume. "
                       "The Ministry of Health and Nairobi County signed a deal.")
    orgs = _names(rec.organisations)
    assert {"Ministry for Energy, Mines and Water Resources of Zambia", "Ministry of Foreign Affairs and International "
            "Cooperation", "Ministry of Health"} <= orgs, orgs
    assert "Nairobi County" not in orgs and "International Cooperation" not in orgs


def test_where_a_body_sits_and_named_contracts_and_mous_are_not_its_name(extract_text):
    rec = extract_text("Officials met at the Central Bank of Ghana in Accra on Monday. A Finance Contract and a "
                       "Defence Cooperation MoU were signed there.")
    orgs = _names(rec.organisations)
    assert "Central Bank of Ghana" in orgs, orgs
    assert not any("Accra" in o or "Contract" in o or "MoU" in o for o in orgs), orgs


def test_the_names_in_a_list_of_awards_are_organisations_and_its_items_are_not(extract_text):
    rec = extract_text("PORT MORESBY - The department awarded four contracts on Friday for these roads:\n\n"
                       "1. Market Street, Lae – Kila & Boe Civil Works\n"
                       "2. Airport Road, Madang – T. & R. Wangi Investments\n"
                       "3. Mission Street, Wewak – Sepik Haulage Rental\n"
                       "4. High School Street, Goroka – Ambo Earthmoving Ltd.\n\n"
                       "Works will start next month.")
    orgs = _names(rec.organisations)
    assert {"Kila & Boe Civil Works", "T. & R. Wangi Investments", "Sepik Haulage Rental",
            "Ambo Earthmoving Ltd."} <= orgs, orgs
    assert not any("Street" in o or "Road" in o for o in orgs), orgs


def test_a_list_of_places_and_people_is_no_list_of_awards(extract_text):
    rec = extract_text("The squad for the tour:\n\n1. Goalkeepers – Tomasi Vula, Eroni Sau\n"
                       "2. Defenders – Josaia Raikoti, Peni Nawai\n3. Midfield – Samu Tora, Apenisa Koro\n")
    assert not _names(rec.organisations) & {"Tomasi Vula, Eroni Sau", "Josaia Raikoti, Peni Nawai"}


def test_a_long_company_name_after_its_type_noun_keeps_its_legal_form_and_a_hyphenated_surname(extract_text):
    rec = extract_text("The ministry and the company Servicios Portuarios Andinos Salas-Ibarra S.A. (SPASI) signed "
                       "the concession on Tuesday. SPASI will build a new berth by 2027.")
    orgs = _names(rec.organisations)
    assert "Servicios Portuarios Andinos Salas-Ibarra S.A." in orgs, orgs
    spasi = next(o for o in rec.organisations if o.name.startswith("Servicios"))
    assert "SPASI" in spasi.aliases
    assert [c.actors[0].name for c in rec.commitments if c.action == "build"] == [spasi.name]


def test_capitalised_headline_words_and_line_labels_are_not_organisations(extract_text):
    rec = extract_text("KILIMO DAIRIES LIFTS HALF-YEAR PROFIT 31 PCT, IMF PRAISES LISTING\n\n"
                       "Updated: 29 Aug 2024, 17:42\n\n"
                       "NAIROBI, Aug 29 - Kilimo Dairies Plc said its profit for the year rose, and the IMF said "
                       "the listing was welcome.")
    orgs = _names(rec.organisations)
    assert "IMF" in orgs and "Kilimo Dairies Plc" in orgs, orgs
    assert not orgs & {"YEAR", "PCT", "LISTING", "Updated"}, orgs


def test_a_hyphenated_all_caps_headline_is_no_dateline_and_a_legal_form_alone_takes_its_name(extract_text):
    rec = extract_text("MARLOW FOODS LIFTS HALF-YEAR PROFIT, PLANS LISTING\n\n"
                       "NAIROBI, Aug 29 - Marlow Foods Plc said on Thursday it will list its shares in Kampala.")
    assert rec.article.dateline == "NAIROBI", rec.article.dateline
    assert "Marlow Foods Plc" in _names(rec.organisations), _names(rec.organisations)


def test_a_type_noun_keeps_a_firm_whose_name_looks_like_a_thing_or_a_route_and_no_firm_runs_over_and(extract_text):
    rec = extract_text("The previous partner, pay-TV operator Sunrise Vision, ended its deal in June. The club was "
                       "bought by the Chilean conglomerate Grupo Villanueva-Sosa. The contract went to Korean "
                       "shipbuilder Hanbit Heavy Industries and Al Dhaheri-Rashidi Contracting LLC on Tuesday.")
    orgs = _names(rec.organisations)
    assert {"Sunrise Vision", "Grupo Villanueva-Sosa", "Hanbit Heavy Industries",
            "Al Dhaheri-Rashidi Contracting LLC"} <= orgs, orgs
    rec = extract_text("The Vision 2030 plan and the Lagos-Accra highway were discussed.")
    assert not _names(rec.organisations) & {"Vision 2030", "Lagos-Accra"}


def test_a_body_of_a_country_or_one_word_place_and_an_embassy_are_organisations(extract_text):
    rec = extract_text("Officials of the Coffee Research Institute of Kaffa and the State Directorate of Highways of "
                       "Kyrgyzstan met on Monday at the Embassy of Japan office in Apia.")
    orgs = _names(rec.organisations)
    assert {"Coffee Research Institute of Kaffa", "State Directorate of Highways of Kyrgyzstan",
            "Embassy of Japan"} <= orgs, orgs


def test_people_in_a_list_after_an_initial_or_a_portfolio_and_after_a_units_title(extract_text):
    rec = extract_text("Councillors Bruce Lindqvist (Charleswood), Harjit Sandhu-Reimer (Transcona), Colin Dufresne "
                       "(St. Vital) and Amara Osei (Point Douglas) voted against the motion. The firm was founded by "
                       "engineers K. Venkatesh Kaveri and P. Madhavan Nair. Vice Minister of Science and Innovation "
                       "Nurlan Abdikarimov said the fund will open, and Director of the Kazakh unit Dr. Henrike "
                       "Vollmer agreed. The papers were signed by Chairman of the Board – Rector Aigerim Sarsenbayeva.")
    people = _names(rec.people)
    assert {"Colin Dufresne", "Amara Osei", "K. Venkatesh Kaveri", "Nurlan Abdikarimov", "Henrike Vollmer",
            "Aigerim Sarsenbayeva"} <= people, people
    assert not _names(rec.organisations) & {"Colin Dufresne", "Amara Osei", "K. Venkatesh Kaveri"}


def test_company_names_ner_missed_are_found_by_their_legal_form(extract_text):
    rec = extract_text("Highlands Coast Bank Ltd said it would clear the queue.\n\nCoral Merchant Bank (PNG) Ltd, a "
                       "subsidiary of Australia's Coral Merchant Group, said it would not charge conversion fees. "
                       "Payments came from Kumar Brothers Hardware (Fiji) Pte Ltd through a shell firm.\n\n"
                       "- CelestiNet Sdn Bhd and Lim & Arumugam Data Centres Sdn Bhd, on cloud services;\n"
                       "- Rangkaian Digital Negara Bhd (RDN), on backhaul upgrades.\n\nRDN will also lay new fibre.")
    orgs = {o.name: o for o in rec.organisations}
    assert {"Coral Merchant Bank (PNG) Ltd", "Kumar Brothers Hardware (Fiji) Pte Ltd", "CelestiNet Sdn Bhd",
            "Lim & Arumugam Data Centres Sdn Bhd", "Rangkaian Digital Negara Bhd"} <= set(orgs), set(orgs)
    assert "RDN" in orgs["Rangkaian Digital Negara Bhd"].aliases
    charge = next(c for c in rec.commitments if c.action == "charge")
    assert [a.name for a in charge.actors] == ["Coral Merchant Bank (PNG) Ltd"], charge.actors


def test_more_legal_forms_merge_short_names_and_divisions_and_mountains_are_places(extract_text):
    rec = extract_text("LIMA - The project belongs to Minera Yanaqocha S.A.C., a subsidiary. Minera Yanaqocha said it "
                       "will build a dam. The Czech dairy group Moravské Mlékárny a.s. bought the plant; Moravské "
                       "Mlékárny, based in Olomouc, will keep it open. Kapadokya Fuar ve Kongre A.Ş. signed too. "
                       "Councillor Errol Wedderburn (National Unity Party, Caledonia Division) said staff in Lae and "
                       "Mt Hagen will help.")
    orgs = _names(rec.organisations)
    assert {"Minera Yanaqocha S.A.C.", "Kapadokya Fuar ve Kongre A.Ş.", "National Unity Party"} <= orgs, orgs
    assert "Minera Yanaqocha" not in orgs and not orgs & {"Caledonia Division", "Mt Hagen"}, orgs
    assert not any("Mlékárny" in p for p in _names(rec.people)), _names(rec.people)


def test_a_name_ner_missed_before_its_bracketed_acronym_is_an_organisation(extract_text):
    rec = extract_text("PRAGUE, Nov 17 (VPA) - The Movement for Regions (HPR), the Liberal Forum and the Green Union "
                       "signed a coalition agreement on Monday. HPR will hold the finance ministry. Kenya and Peru "
                       "signed a Comprehensive Economic Partnership Agreement (CEPA).")
    orgs = {o.name: o for o in rec.organisations}
    assert "Movement for Regions" in orgs and "HPR" in orgs["Movement for Regions"].aliases, set(orgs)
    assert not any("Agreement" in o or o == "CEPA" for o in orgs), set(orgs)


def test_photo_credits_rates_offerings_currencies_and_plural_possessives_in_names(extract_text):
    rec = extract_text("The central bank kept its Policy Lending Rate at 4 per cent. Picture: JOSEPH KUIAM\n\n"
                       "The board clears KNE Renewables IPO plan on Friday. It bought Coimbatore-based S. & R. Ramaswamy "
                       "Castings for Rs 185 crore. Stalls go free to members of the Potohar Women's Chamber of "
                       "Commerce, the statement said.")
    orgs = _names(rec.organisations)
    assert {"KNE Renewables", "S. & R. Ramaswamy Castings", "Potohar Women's Chamber of Commerce"} <= orgs, orgs
    assert not orgs & {"Policy Lending Rate", "JOSEPH KUIAM", "Chamber of Commerce"}, orgs
    assert "JOSEPH KUIAM" not in _names(rec.people)


def test_club_bank_fund_and_university_words_of_other_languages_and_a_magistrates_title(extract_text):
    rec = extract_text("Under FIFA rules, the striker's first club, Deportivo Salta Norte, gets a share. Norwegian fund "
                       "manager Fjordvest Kapital committed $12 million, and Universiti Teknologi Kinabalu signed too. "
                       "Counsel told Resident Magistrate Mr Pravin Lal that the State objected.")
    orgs, people = _names(rec.organisations), _names(rec.people)
    assert {"Fjordvest Kapital", "Universiti Teknologi Kinabalu"} <= orgs, orgs
    assert any("Deportivo Salta Norte" in o for o in orgs), orgs
    assert "Pravin Lal" in people and not people & {"Resident Magistrate", "Fjordvest Kapital"}, people


def test_an_organisation_span_that_runs_into_a_role_is_cut_where_the_role_begins(extract_text):
    rec = extract_text("World Bank Country Director Ana Molina said the bank would lend more. Senior Vice President "
                       "TCCCI Mian Adeel Khokhar said the chamber would host the fair. Kuresoi North MP Dr Kibet "
                       "Langat said the road would be built, and Minister of International Cooperation Hon. Lisiate "
                       "Taufa signed the deal with UNDP Resident Representative Sara Lind.")
    orgs, people = _names(rec.organisations), _names(rec.people)
    assert {"TCCCI", "UNDP"} <= orgs and not orgs & {"World Bank Country", "Kuresoi North MP", "Taufa",
                                                     "UNDP Resident", "Kuresoi North"}, orgs
    assert {"Ana Molina", "Mian Adeel Khokhar", "Kibet Langat", "Lisiate Taufa", "Sara Lind"} <= people, people


def test_a_name_after_a_role_and_its_complement_is_a_person(extract_text):
    rec = extract_text("The accord was signed by Minister of Energy of the Kyrgyz Republic Almazbek Toktosunov and "
                       "Minister of Water Management of the Republic of Uzbekistan Sardor Ergashkhodjaev in the "
                       "presence of Deputy Chairman of the Cabinet of Ministers Ermek Usenaliev. Director of the "
                       "school Amra Selimović thanked the donors at a ceremony attended by Papua New Guinea's High "
                       "Commissioner to Malaysia Kila Wambi Pokawin. Centre director Moses Kiprotich Lang'at "
                       "welcomed it.")
    people, orgs = _names(rec.people), _names(rec.organisations)
    assert {"Almazbek Toktosunov", "Sardor Ergashkhodjaev", "Ermek Usenaliev", "Amra Selimović",
            "Kila Wambi Pokawin", "Moses Kiprotich Lang'at"} <= people, people
    assert not any("Ermek" in o or "Toktosunov" in o for o in orgs), orgs


def test_clubs_named_after_their_town_are_organisations_not_people(extract_text):
    rec = extract_text("Quetta Markhors beat Gwadar Mariners by six wickets on Thursday. The other franchises are "
                       "Islamabad Kites, Peshawar Eagles and Sialkot Lancers. Norwich Albion face Exeter Wanderers "
                       "on Dec. 30. Victoria Williams and Paris Edwards of the league office were there.")
    orgs, people = _names(rec.organisations), _names(rec.people)
    assert {"Gwadar Mariners", "Peshawar Eagles", "Sialkot Lancers", "Norwich Albion", "Exeter Wanderers"} <= orgs, orgs
    assert not people & {"Gwadar Mariners", "Peshawar Eagles", "Sialkot Lancers", "Norwich Albion"}, people
    assert {"Victoria Williams", "Paris Edwards"} <= people, people


def test_roles_of_state_agency_copy_and_their_names(extract_text):
    rec = extract_text("Minister of Industry and Trade Nguyen Hoang Lam and Lao Minister of Energy and Mines Khamphet "
                       "Vongsouvanh exchanged the MoU, with the Permanent Secretary for Civil Service, Jone Vakaloloma, "
                       "as witness, in the presence of league director Col (Retd) Junaid Akhtar Baloch. Also "
                       "speaking, the Special Adviser to the Governor on Security Matters, Alhaji Suleiman Adeleke, "
                       "said the state would donate vans. Copper producer Minera Huallaga SAA said it would not "
                       "renew the contract. Minera Huallaga will sign in May.")
    people, orgs = _names(rec.people), _names(rec.organisations)
    assert {"Nguyen Hoang Lam", "Khamphet Vongsouvanh", "Jone Vakaloloma", "Junaid Akhtar Baloch"} <= people, people
    assert not any(p.startswith("Mines") or p == "Minera Huallaga" or "Security" in p for p in people), people
    assert "Minera Huallaga SAA" in orgs and "Security Matters" not in orgs, orgs


def test_legal_forms_after_a_comma_with_a_slash_and_of_several_words(extract_text):
    rec = extract_text("- With the company Cementos del Grijalva, S.A. de C.V., which will donate cement.\n"
                       "- With the Fundación Hermanos Zapata Ruiz, A.C., which will finance 30 schools.\n\n"
                       "The contractor is the company G. & H. Begić d.o.o. from Zenica, and the Danish vaccine "
                       "maker Kjærgaard Biopharma A/S will supply the doses.\n\n[Copyright The Kanto Press, Ltd.]")
    orgs = _names(rec.organisations)
    assert {"Cementos del Grijalva, S.A. de C.V.", "Fundación Hermanos Zapata Ruiz, A.C.", "Kjærgaard Biopharma A/S",
            "Kanto Press, Ltd."} <= orgs, orgs
    assert any(o.startswith("G. & H. Begić d.o.o") for o in orgs), orgs
    assert not any(o.startswith(("Copyright", "S.A.")) for o in orgs), orgs


def test_known_bodies_named_like_programmes_and_a_ministrys_portfolio_the_model_calls_a_place(extract_text):
    rec = extract_text("5. United Nations – the World Food Programme committed to provide food packs. Likewise, the "
                       "representative of the World Food Programme in Mexico, Ingrid Solberg-Achebe, spoke.\n"
                       "4. Memorandum of Understanding between the Ministry of Education and Training of Vietnam and "
                       "the Ministry of Education and Sports of Laos;")
    orgs, people = _names(rec.organisations), _names(rec.people)
    assert {"World Food Programme", "Ministry of Education and Training of Vietnam"} <= orgs, orgs
    assert "Food Programme" not in people and "Ingrid Solberg-Achebe" in people, people


def test_bodies_the_model_starts_lower_case_calls_a_place_or_names_by_their_country_alone(extract_text):
    rec = extract_text("If an appeal is filed with the state Office for Tender Appeals, works could be postponed, "
                       "while the Eyre Coast District Council said it would fast-track approvals. The Government "
                       "of Paraguay and the unions signed the deal.")
    orgs = _names(rec.organisations)
    assert {"Office for Tender Appeals", "Eyre Coast District Council", "Government of Paraguay"} <= orgs, orgs
    assert "Eyre Coast District Council" not in _names(rec.places)


def test_names_stop_before_a_compound_adjective_and_a_sentences_first_common_noun(extract_text):
    rec = extract_text("Albion rejected an offer from Belgian club KV Hasselt Sport for Wexford-born centre back Cian "
                       "Dempsey-Murray. Shares of Teratai Aviation Group closed higher on Tuesday. It was signed by "
                       "CEO Pyo Jae-hwan and President Bang Mi-ok.")
    orgs, people = _names(rec.organisations), _names(rec.people)
    assert {"KV Hasselt Sport", "Teratai Aviation Group"} <= orgs, orgs
    assert not any("Wexford" in o or o.startswith("Shares") for o in orgs), orgs
    assert {"Cian Dempsey-Murray", "Pyo Jae-hwan", "Bang Mi-ok"} <= people, people


def test_people_the_model_calls_organisations_by_their_shape_or_rank(extract_text):
    rec = extract_text("Two goals from Kwabena Adeyemi-Clarke lifted the side. It is the fourth signing of the squad "
                       "directed by Gustavo \"Tano\" Iannone, who signed the lateral Ezequiel Toranzo. County "
                       "spokesperson Lydia Chebet Rotich said the county respected the ruling, DFA spokesperson "
                       "Undersecretary Arnel Villacorta-Ramos said so, and the command's spokesperson, DSP Temitope "
                       "Adeyanju-Bello, has said so too. Hewlett-Packard Enterprise and Rolls-Royce Holdings Plc rose.")
    people, orgs = _names(rec.people), _names(rec.organisations)
    assert {"Kwabena Adeyemi-Clarke", "Ezequiel Toranzo", "Lydia Chebet Rotich", "Arnel Villacorta-Ramos",
            "Temitope Adeyanju-Bello"} <= people, people
    assert any("Iannone" in p for p in people), people
    assert not orgs & {"Kwabena Adeyemi-Clarke", "Ezequiel Toranzo", "Rotich", "Villacorta-Ramos"}, orgs
    assert not any("Hewlett" in p or "Rolls" in p for p in people), people


def test_a_club_named_without_the_words_that_type_it_is_the_same_club(extract_text):
    rec = extract_text("BUENOS AIRES, March 3, 2022 (APN) - The Club Atlético Mendoza Unidos made official the "
                       "signing. Mendoza Unidos will pay in two parts.")
    clubs = [o for o in rec.organisations if "Mendoza" in o.name]
    assert len(clubs) == 1 and clubs[0].name == "Club Atlético Mendoza Unidos", rec.organisations


def test_bodies_ner_misses_or_cuts_in_agency_copy(extract_text):
    rec = extract_text("It was signed in the presence of Counsellor (Commercial) of the Embassy of Türkiye Ms. Elif "
                       "Kaya, with Universiti Teknologi Kinabalu. Masaka United coach Samuel Okello said his side "
                       "would win. The chairman of the Committee on Budget and Economic Reforms of the Legislative "
                       "Chamber of the Oliy Majlis Sherzod Rakhimberdiev said the committee agreed. A response seen "
                       "by The Rift Ledger said so, and analysts at Qasr Al Hosn Capital agreed. Japan Grants 1.3 "
                       "Million BAM for a school, and Health Minister Fionnuala Brennan-Quigley said so.")
    orgs, people = _names(rec.organisations), _names(rec.people)
    assert {"Embassy of Türkiye", "Universiti Teknologi Kinabalu", "Masaka United", "Qasr Al Hosn Capital"} <= orgs, orgs
    assert any("Rift Ledger" in o for o in orgs), orgs
    assert "Sherzod Rakhimberdiev" in people and not any("Rakhimberdiev" in o for o in orgs), (people, orgs)
    assert not any(o.startswith(("Japan", "Health")) for o in orgs), orgs


def test_routes_named_by_their_ends_report_abbreviations_and_roles_of_a_seat(extract_text):
    rec = extract_text("Rimba Air launches KL-Port Moresby route. Both countries will study the Paksan - Thanh Thuy "
                       "expressway, and the Adani Group pipeline was delayed. Sethuraman Agrochem reported a 14.2% "
                       "year-on-year (YoY) rise in profit and a vaccine for RSV. Committee chair Deputy Brendan "
                       "Ó Gallchobhair, an Independent TD, said he would invite HSI.")
    orgs = _names(rec.organisations)
    assert {"Rimba Air", "Adani Group", "HSI"} <= orgs, orgs
    assert not orgs & {"Port Moresby", "Thanh Thuy", "Paksan - Thanh Thuy", "YoY", "RSV", "Independent TD"}, orgs
    assert "Port Moresby" in _names(rec.places)


def test_arabic_and_french_names_ages_in_apposition_and_reporting_codes(extract_text):
    rec = extract_text("H.H. Sheikh Saif bin Majid Al Nuaimi witnessed the exchange. The MoU was signed by TCCCI "
                       "President Sheikh Faisal Rehman Qureshi. The president of the Union des Mareyeurs de "
                       "Ziguinchor, Mamadou Lamine Sané, welcomed it. Sethuraman Agrochem Q3 FY26 net profit rises. "
                       "Ravinesh Deo Sharma, 41, of Nadera and Mereani Koroi, 29, of Lami are charged. The meeting "
                       "was presided over by the President at the Council Chamber, Presidential Villa, Abuja.")
    people = _names(rec.people)
    assert {"Sheikh Faisal Rehman Qureshi", "Mamadou Lamine Sané", "Ravinesh Deo Sharma", "Mereani Koroi"} <= people, people
    assert any("Saif bin Majid Al Nuaimi" in p for p in people), people
    assert not people & {"Q3 FY26", "Presidential Villa", "Lami"}, people


def test_an_administrative_unit_named_after_its_place_is_a_place(extract_text):
    rec = extract_text("The suspects were held in Niger State and moved to Kumamoto Prefecture, police said, and "
                       "the Islamic State claimed the attack.")
    orgs = _names(rec.organisations)
    assert not orgs & {"Niger State", "Kumamoto Prefecture"}, orgs
    assert "Kumamoto Prefecture" in _names(rec.places) and "Kumamoto Prefecture" not in _names(rec.people)


def test_a_nationality_and_a_common_noun_describe_a_body_and_do_not_name_it(extract_text):
    rec = extract_text("Ordos Marine said it signed an agreement with a local engineering school and an Irish "
                       "university to develop engines. The Kyrgyz ministry said the balance was settled in December, "
                       "and the Korean institute will train graduate researchers.")
    orgs = {n.lower() for n in _names(rec.organisations)}
    assert not orgs & {"irish university", "kyrgyz ministry", "korean institute"}, orgs


def test_a_headline_runs_a_firms_name_into_its_verbs_and_is_cut_to_the_name_the_body_writes(extract_text):
    rec = extract_text("Tamura Optical Raises Dividend, Plans Buyback\n\n"
                       "Tokyo, Nov. 8 (Kanto Wire)--Tamura Optical Industries Co. said Friday it will buy back up "
                       "to 5 billion yen of its own shares.")
    forms = {f for o in rec.organisations for f in [o.name, *o.aliases]}
    assert "Tamura Optical Industries Co." in forms and "Tamura Optical" in forms
    assert not any("Raises" in f or "Dividend" in f for f in forms), forms
    rec = extract_text("Czech Brodek Group Completes Purchase of Varna Dairy\n\n"
                       "Sofia, May 2 (TNA) - Czech dairy group Brodek Mlekarny a.s. said it had bought Varna Dairy AD.")
    forms = {f for o in rec.organisations for f in [o.name, *o.aliases]}
    assert not any("Completes" in f for f in forms), forms
    rec = extract_text("1. Agreement between the Government of Ghana and the Government of Togo on Border Trade Posts\n\n"
                       "The Government Office in Accra hosted the talks.")
    assert {"Government of Ghana", "Government of Togo"} <= _names(rec.organisations)


def test_a_one_word_organisation_the_story_never_uses_as_one_is_dropped(extract_text):
    rec = extract_text("The agency will grade the 38-kilometre Kiwere road and build two drifts at Chanzuru, the "
                       "district said. The Supreme Court has adjourned a dispute over customary land at Falealupo "
                       "until 22 April.")
    orgs = _names(rec.organisations)
    assert "Supreme Court" in orgs and not orgs & {"Chanzuru", "Falealupo"}, orgs
    # a conjunct of a subject acts, a platform is named as one, a dateline's agency is credited
    rec = extract_text("ODENSE, May 3 (Kestrel) - Lindqvist University, the Technical University of Aarhus (TUA) "
                       "and the start-up Qubitra said on Tuesday they will build a quantum computer. Councillor "
                       "Ana Reyes said on her Twitter account that the county would not pay.")
    assert {"Qubitra", "Twitter", "Kestrel"} <= _names(rec.organisations), _names(rec.organisations)


def test_a_firms_short_name_the_model_calls_a_person_is_the_firm(extract_text):
    rec = extract_text("Tavua Link gets licence, promises 4G in all provinces by 2027\n\n"
                       "PORT MORESBY, Tuesday 9 July 2024 – The regulator awarded the licence to Tavua Link "
                       "Telecommunications Ltd on Monday. Tavua Link will build 300 towers, its chief executive said.")
    assert not _names(rec.people), _names(rec.people)
    firm = next(o for o in rec.organisations if o.name == "Tavua Link Telecommunications Ltd")
    assert "Tavua Link" in firm.aliases
    assert {a.name for c in rec.commitments if c.action == "build" for a in c.actors} == {firm.name}


def test_a_headline_person_the_body_names_only_inside_a_firm_is_no_person(extract_text):
    rec = extract_text("Kora Crest and Helm & Dane Transport to Combine in All-Stock Merger of Equals\n\n"
                       "CALGARY, June 2, 2025 /WireOne/ -- Kora Crest Rail Services Inc. and Helm & Dane Transport "
                       "Corp. said they will combine. Founded by brothers Ewan and Rory Crest, the company runs 17 "
                       "terminals.")
    assert "Kora Crest" not in _names(rec.people), _names(rec.people)


def test_malay_diplomatic_and_chiefly_titles_and_malaysian_name_joiners(extract_text):
    rec = extract_text("I wish to thank Dato' Lim Chee Keong, our Group Managing Director, for his work. My "
                       "appreciation also goes to Puan Kavitha a/p Rajoo, who retires as Independent Non-Executive "
                       "Director. The embassy was represented by Counsellor Hiroshi Tanabe. Chiefs of the area, led "
                       "by Togbui Kofi Adzorgenu IV, appealed to the firm. Trade Minister Yoon Seo-jin was there.")
    people = _names(rec.people)
    assert {"Lim Chee Keong", "Kavitha a/p Rajoo", "Hiroshi Tanabe", "Yoon Seo-jin"} <= people, people
    assert any(p.startswith("Kofi Adzorgenu") for p in people), people
    assert not any(p.endswith("-") or "Counsellor" in p for p in people), people


def test_honorifics_roles_plural_nationalities_and_bracketed_kinds_of_company(extract_text):
    rec = extract_text("Presenting the report, its Chairperson, Hon. Elizabeth Nkansah-Boateng, said the committee "
                       "was satisfied. AFTER the address, Leader of the Opposition Mr Mulenga Chanda-Siame said the "
                       "targets were weak. The firm will hire about 400 Papua New Guineans next year. Farmers signed "
                       "with its subsidiary Kandyan Fresh (Pvt) Ltd on Thursday. Duqm Gateway Terminals SAOG has "
                       "signed a deal. The UN General Assembly and the Mekong Food Justice Network met.")
    orgs = _names(rec.organisations)
    assert {"Kandyan Fresh (Pvt) Ltd", "Duqm Gateway Terminals SAOG", "UN General Assembly",
            "Mekong Food Justice Network"} <= orgs, orgs
    assert not any("Hon" in o or " Mr" in o or "Guineans" in o for o in orgs), orgs
    assert {"Elizabeth Nkansah-Boateng", "Mulenga Chanda-Siame"} <= _names(rec.people)


def test_acronyms_of_common_nouns_section_heads_country_offices_and_a_sentences_first_type_noun(extract_text):
    rec = extract_text("The gain came from higher crude palm oil (CPO) prices. CPO output rose.\n\nDIVIDEND\n\n"
                       "The Board has recommended a final dividend of 4.5 sen.\n\nOperator Minera Altiplano Norte SA, a "
                       "unit of Grupo Larrain, presented the offer on Saturday. An agreement was signed between "
                       "UNICEF Bangladesh and the foundation. UNICEF will fund 900 teachers.")
    orgs = {o.name: o for o in rec.organisations}
    assert not {"CPO", "DIVIDEND", "Operator Minera Altiplano Norte SA"} & set(orgs), set(orgs)
    assert "Minera Altiplano Norte SA" in orgs
    assert len([o for o in orgs.values() if "UNICEF" in [o.name, *o.aliases]]) == 1, set(orgs)


def test_a_name_after_a_role_in_a_country_and_before_another_role(extract_text):
    rec = extract_text("UNICEF Deputy Representative in Bangladesh Ingrid Halvorsen and Shishu Alo Executive Director "
                       "Farzana Rahman Mitu inked the deal on behalf of their organisations.")
    assert {"Ingrid Halvorsen", "Farzana Rahman Mitu"} <= _names(rec.people), _names(rec.people)


def test_a_bodys_country_office_joins_the_body_its_acronym_names(extract_text):
    rec = extract_text("The United Nations Children's Fund (UNICEF) will fund 900 teachers. An agreement was signed "
                       "between UNICEF Bangladesh and the Shishu Alo Foundation on Sunday.")
    unicef = [o for o in rec.organisations if "UNICEF" in [o.name, *o.aliases]]
    assert len(unicef) == 1 and "UNICEF Bangladesh" in [unicef[0].name, *unicef[0].aliases], \
        [(o.name, o.aliases) for o in rec.organisations]


def test_a_plural_possessive_inside_a_bodys_name_joins_its_two_halves(extract_text):
    rec = extract_text("The Ceylon Dairy Workers' Congress, which represents employees, welcomed the deal.")
    assert "Ceylon Dairy Workers' Congress" in _names(rec.organisations), _names(rec.organisations)


def test_a_byline_with_the_reporters_region_and_the_given_names_of_an_appositive_name(extract_text):
    rec = extract_text("Kilosa commissioner vows water points\n\nBy Neema Chacha in Morogoro Region\n\n"
                       "The president of the central bank, Heloísa Tavares Bezerra, did not speak to journalists. "
                       "Sprinter Maya Tan won the final.")
    people = _names(rec.people)
    assert rec.article.byline == "Neema Chacha" and "Neema Chacha" not in people, people
    assert {"Heloísa Tavares Bezerra", "Maya Tan"} <= people, people


def test_a_municipality_and_a_trust_named_after_a_person_are_bodies(extract_text):
    rec = extract_text("Nomvula Mabaso-Khumalo, who became the first executive mayor of the Vaal Rand Metropolitan "
                       "Municipality, has died. The family said the Mabaso-Khumalo Literacy Trust, which she founded "
                       "in 2007, would continue to fund 40 bursaries a year.")
    assert _names(rec.people) == {"Nomvula Mabaso-Khumalo"}, _names(rec.people)
    assert "Mabaso-Khumalo Literacy Trust" in _names(rec.organisations), _names(rec.organisations)


def test_a_releases_quoted_short_name_joins_the_firm_and_headline_only_title_case_bodies_are_dropped(extract_text):
    rec = extract_text("Teluk Marine Lifts Stake In Penang Harbour Venture, Plans Second Berth\n\n"
                       "IPOH, Malaysia, Oct. 14, 2025 /PortWire/ -- Teluk Marine Services Bhd (\"Teluk Marine\") said "
                       "on Tuesday it will build a second container berth. Teluk Marine will raise its stake to 60 "
                       "per cent.")
    orgs = {o.name: o for o in rec.organisations}
    assert "Teluk Marine" in orgs["Teluk Marine Services Bhd"].aliases, [(o.name, o.aliases) for o in orgs.values()]
    assert not {"Teluk Marine", "Penang Harbour Venture", "Second Berth"} & set(orgs), set(orgs)
