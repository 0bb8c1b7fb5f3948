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
