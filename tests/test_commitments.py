"""Commitment behaviour on sentences written for these tests (not taken from the dev set)."""


def _commit(rec):
    return [(sorted(a.name for a in c.actors), c.action, c.category, c.modality, c.negated) for c in rec.commitments]


def test_coordinated_subject_partners_and_speaker(extract_text):
    rec = extract_text("Kenya and Ghana will build three solar farms with private investors, "
                       "Energy Minister Ruth Mensah said on Monday.")
    (c,) = rec.commitments
    assert sorted(a.name for a in c.actors) == ["Ghana", "Kenya"]
    assert (c.action, c.category, c.modality, c.negated) == ("build", "pledge", "firm", False)
    assert c.object == "three solar farms"
    assert c.partners == ["private investors"]
    assert c.speaker == "Ruth Mensah"
    assert rec.article.text[c.start:c.end] == c.sentence


def test_passive_agent_and_relative_clause(extract_text):
    rec = extract_text("Officials described the observatory, which will be jointly funded by Chile and Norway.")
    assert _commit(rec) == [(["Chile", "Norway"], "fund", "pledge", "firm", False)]


def test_coordinated_actions_are_separate_and_two_sides_resolve(extract_text):
    rec = extract_text("Peru and Bolivia signed a water-sharing accord in La Paz. "
                       "The two sides will publish a timetable and review the quotas every year.")
    got = _commit(rec)
    assert (["Bolivia", "Peru"], "sign", "agreement", "firm", False) in got
    assert (["Bolivia", "Peru"], "publish", "pledge", "firm", False) in got
    assert (["Bolivia", "Peru"], "review", "pledge", "firm", False) in got


def test_control_verbs_give_the_embedded_action_and_modality(extract_text):
    rec = extract_text("The Nordic Investment Bank plans to open an office in Riga by 2026. "
                       "Estonia pledged to double its grant.")
    got = _commit(rec)
    assert (["Nordic Investment Bank"], "open", "plan", "intent", False) in got
    assert (["Estonia"], "double", "pledge", "firm", False) in got
    plan = rec.commitments[0]
    assert plan.when is not None and plan.when.value == "/2026"


def test_negated_commitments(extract_text):
    rec = extract_text("Brazil will not join the fund. Argentina refused to sign the declaration.")
    got = _commit(rec)
    assert (["Brazil"], "join", "pledge", "firm", True) in got
    assert any(a == ["Argentina"] and neg for a, _, _, _, neg in got)


def test_exclusions_forecasts_appeals_descriptions_hypotheticals_questions(extract_text):
    rec = extract_text(
        "Revenues will rise by ten percent next year. "
        "The hurricane will reach the coast on Friday. "
        "France called on all countries to cut emissions. "
        "The new centre will provide training for engineers. "
        "Germany could join the programme later. "
        "Will Italy sign the accord?")
    assert rec.commitments == []


def test_offer_made_about_an_actors_own_project(extract_text):
    rec = extract_text("Japan and India said the lunar lab will be open to all interested countries.")
    (c,) = rec.commitments
    assert c.category == "offer"
    assert sorted(a.name for a in c.actors) == ["India", "Japan"]


def test_we_the_bank_groups_and_his_government_resolve(extract_text):
    rec = extract_text(
        "Chile, Peru and Colombia signed a fisheries pact in Lima on Monday. The three countries will share "
        "catch data every month. \"We will open two new plants next year,\" said Priya Nair, chief executive "
        "of Solent Motors. The Asian Development Bank approved the plan, and the bank will lend $2 billion. "
        "Slovenia's deputy minister Ana Kos said her government will contribute $5 million.")
    by_action = {c.action: sorted(a.name for a in c.actors) for c in rec.commitments}
    assert by_action["share"] == ["Chile", "Colombia", "Peru"]
    assert by_action["open"] == ["Solent Motors"]
    assert by_action["lend"] == ["Asian Development Bank"]
    assert by_action["contribute"] == ["Slovenia"]


def test_ready_willing_adopted_and_awarded(extract_text):
    rec = extract_text("Norsk Hydro is ready to invest in a second smelter. Mexico is willing to share "
                       "satellite data with its neighbours. The ministers of Chad and Niger adopted an accord "
                       "to link their grids. Quantix has awarded a contract to Helio Labs.")
    got = {c.action: sorted(a.name for a in c.actors) for c in rec.commitments}
    assert got["invest"] == ["Norsk Hydro"] and got["share"] == ["Mexico"]
    assert got["adopt"] == ["Chad", "Niger"]
    assert got["award"] == ["Quantix"]


def test_states_and_reactions_are_not_commitments(extract_text):
    rec = extract_text("The merged airline will have 300 aircraft. The region will feel the effect of the "
                       "tariffs. The union welcomed the decision. Shipping between the ports is expected to "
                       "double, and shipping firms can refuse to sail.")
    assert rec.commitments == []


def test_intentions_owned_by_an_actor_and_missed_lemmas(extract_text):
    rec = extract_text("\"Our aim is to protect two million people from floods by 2030,\" said Ines Duarte, head "
                       "of the Lisbon Flood Agency. Tesla's plan to build a battery plant near Gdansk won approval. "
                       "Spain hopes to import solar power from Morocco.")
    got = {c.action: (sorted(a.name for a in c.actors), c.category, c.modality) for c in rec.commitments}
    assert got["protect"] == (["Lisbon Flood Agency"], "plan", "intent")
    assert got["build"][0] == ["Tesla"]
    assert got["import"] == (["Spain"], "plan", "intent")


def test_coordinated_infinitives_acronym_subjects_and_the_company(extract_text):
    rec = extract_text("Peru and Ghana signed a trade pact. Under the deal, both governments commit to guarantee "
                       "fair treatment for investors and to refrain from expropriation. Orbital Dynamics won a NASA "
                       "contract on Monday. The company also plans to raise a further $40 million. WHO will "
                       "provide test kits and train the trainers.")
    got = {c.action: sorted(a.name for a in c.actors) for c in rec.commitments}
    assert got["guarantee"] == got["refrain"] == ["Ghana", "Peru"]
    assert got["raise"] == ["Orbital Dynamics"]
    assert got["provide"] == got["train"] == ["WHO"]
