"""The commitment finder's units, each on its own: cue detection, exclusions, actor finding,
field filling. Sentences written for these tests, parsed by the real model; every check reads
one unit's output on the Doc, so a break in cues and a break in actors fail different tests."""

import pytest

from pipeline.nlp.commitments import Patterns, classify
from pipeline.nlp.commitments import exclusions as ex
from pipeline.nlp.commitments.actors import Context, actors_from_np, passive_agent, subject
from pipeline.nlp.commitments.fields import confidence, object_of, partners
from pipeline.nlp.commitments.finder import find_commitments
from pipeline.nlp.commitments.parse import EntityIndex


@pytest.fixture(scope="module")
def p():
    return Patterns.load()


def _verb(doc, text):
    return next(t for t in doc if t.text == text)


@pytest.mark.parametrize("sentence, verb, want", [
    ("Kestrel Bank will build four branches in Lusaka next year.", "build", ("will", "pledge", "firm", False)),
    ("The ministry pledged to rebuild the bridge by March.", "rebuild", ("pledge", "pledge", "firm", False)),
    ("Halvard Motors plans to hire 300 engineers.", "hire", ("plan", "plan", "intent", False)),
    ("The two ports signed a memorandum of understanding on Tuesday.", "signed", ("agreement", "agreement", "firm", False)),
    ("Drava Airlines pulled out of the codeshare agreement in May.", "pulled", ("withdraw", "agreement", "firm", True)),
    ("The foundation pledged $40 million to the vaccine fund.", "pledged", ("pledge", "pledge", "firm", False)),
    ("The union refused to sign the wage deal.", "sign", ("refuse", "pledge", "firm", True)),
    ("Norland Water will not raise tariffs this year.", "raise", ("will", "pledge", "firm", True)),
    ("The council is ready to fund two new clinics.", "fund", ("ready", "pledge", "firm", False)),
    ("Tallis Energy said it would build a second plant in Ghana.", "build", ("will", "pledge", "firm", False)),
])
def test_cue_of_a_committed_verb(nlp, p, sentence, verb, want):
    cue = classify(p, _verb(nlp(sentence), verb))
    assert cue is not None and (cue.cue, cue.category, cue.modality, cue.negated) == want


@pytest.mark.parametrize("sentence, verb", [
    ("Analysts expect revenues to rise by a fifth.", "rise"),             # a forecast about others
    ("The region could host the games in 2032.", "host"),                 # hypothetical
    ("The spokesman declined to comment on the talks.", "comment"),       # refusing to speak
    ("The mayor welcomed the agreement on Friday.", "welcomed"),          # a reaction
    ("The network will have nine million customers.", "have"),           # a state
    ("The new terminal will be a large project.", "be"),                  # a description
])
def test_no_cue_for_what_binds_no_one(nlp, p, sentence, verb):
    assert classify(p, _verb(nlp(sentence), verb)) is None


def test_exclusions_questions_and_conditions(nlp):
    assert ex.is_question("Will the ministry pay for the repairs?")
    assert ex.is_question('"Will we sign it?" she asked.') is False  # the sentence ends in a report
    assert not ex.is_question("The ministry will pay for the repairs.")
    doc = nlp("If the budget passes, the city will add six buses.")
    assert ex.is_conditional(_verb(doc, "passes")) and not ex.is_conditional(_verb(doc, "add"))


def test_conditional_clause_yields_no_commitment_but_its_main_clause_does(nlp, p):
    doc = nlp("The agency will launch the probe in May if the ministry pays for it.")
    found = find_commitments(doc, p, doc._.date_spans)
    assert [f.action for f in found] == ["launch"]


def test_actors_of_a_coordinated_subject(nlp, p):
    doc = nlp("Kenya and Tanzania will build a joint border post.")
    cx = Context(p, EntityIndex(doc))
    refs, indirect = actors_from_np(cx, subject(cx, _verb(doc, "build")).token)
    assert [r["text"] for r in refs] == ["Kenya", "Tanzania"] and not indirect
    assert all(doc.text[r["start"]:r["end"]] == r["text"] for r in refs)


@pytest.mark.parametrize("sentence, verb, kind, extra", [
    ("We will publish the rules next week, she said.", "publish", "pron", {}),
    ("The two sides will meet again in June.", "meet", "group", {"n": 2, "head": "side"}),
    ("The company will cut 200 jobs.", "cut", "def", {"head": "company", "det": "the"}),
])
def test_indirect_actors_are_references_to_resolve(nlp, p, sentence, verb, kind, extra):
    doc = nlp(sentence)
    cx = Context(p, EntityIndex(doc))
    (ref,), indirect = actors_from_np(cx, subject(cx, _verb(doc, verb)).token)
    assert indirect and ref["kind"] == kind and all(ref[k] == v for k, v in extra.items())


def test_passive_agent_is_the_actor(nlp, p):
    doc = nlp("The satellite will be launched by Peru and Chile in 2027.")
    found = find_commitments(doc, p, doc._.date_spans)
    assert passive_agent(_verb(doc, "launched")).text == "Peru"
    assert [[a["text"] for a in f.actors] for f in found] == [["Peru", "Chile"]]


def test_object_and_partners_of_the_action(nlp, p):
    doc = nlp("Orvel Foods signed a supply contract with Maize Growers Union on Monday.")
    cx = Context(p, EntityIndex(doc))
    action = _verb(doc, "signed")
    assert object_of(action) == "a supply contract"
    assert [q["text"] for q in partners(cx, action)] == ["Maize Growers Union"]


def test_when_is_the_date_of_the_committed_clause(nlp, p):
    doc = nlp("The minister said on Tuesday that the ministry will reopen the port by June 2026.")
    (f,) = find_commitments(doc, p, doc._.date_spans)
    assert doc.text[f.when[0]:f.when[1]] == "by June 2026"


def test_confidence_rises_with_explicit_cues_and_named_actors():
    assert confidence("pledge", False, False, True) > confidence("will", False, False, True)
    assert confidence("will", False, False, False) > confidence("will", True, False, False)
    assert confidence("will", False, True, False) < confidence("will", False, False, False)
    assert 0.05 <= confidence("will", True, True, False) <= confidence("pledge", False, False, True) <= 0.99


@pytest.mark.parametrize("sentence, verb, want", [
    ("Halden Foods won't reopen the plant in Tema.", "reopen", ("will", "pledge", "firm", True)),
    ("The ministries signed nine memoranda of understanding on Monday.", "signed", ("agreement", "agreement", "firm", False)),
    ("The two states signed a cultural exchange programme for 2025-2027.", "signed", ("agreement", "agreement", "firm", False)),
])
def test_cues_real_news_writes(nlp, p, sentence, verb, want):
    cue = classify(p, _verb(nlp(sentence), verb))
    assert cue is not None and (cue.cue, cue.category, cue.modality, cue.negated) == want


def test_is_set_to_with_an_actor_is_a_commitment_but_prices_set_to_rise_is_not(nlp, p):
    doc = nlp("Private carrier Orla Air is set to launch three weekly flights to Dhaka. Fuel prices are set to rise.")
    found = find_commitments(doc, p, doc._.date_spans)
    assert [([a["text"] for a in f.actors], f.action) for f in found] == [(["Orla Air"], "launch")]


def test_expected_to_is_someone_elses_forecast_not_the_subjects_commitment(nlp, p):
    doc = nlp("The striker is expected to join the squad next week.")
    assert find_commitments(doc, p, doc._.date_spans) == []


def test_no_sentence_starts_inside_a_run_of_words(nlp):
    """The parser alone split 'Photo: PID' + 'Bangladesh' | 'and Indonesia signed ...' and 'Staff' |
    'Correspondent': a sentence starts only after a stop, a colon, a quote or a line break."""
    doc = nlp("Staff Correspondent | Dhaka\n\nPhoto: PID\n\nBangladesh and Indonesia on Tuesday signed nine "
              "memoranda of understanding. The ministers left.")
    starts = [s.text.split()[0] for s in doc.sents if s.text.strip()]
    assert "Correspondent" not in starts and "and" not in starts and "Bangladesh" in starts and "The" in starts


@pytest.mark.parametrize("sentence", [
    "Shipping operators have welcomed the announcement.",                       # a reaction
    "If the board agrees, contractors will be able to work through the summer.",  # an ability
    "We will believe it when we see the trucks leaving.",                         # a state of mind
    "We were told we would ship to Malaysia in weeks.",                           # someone else's report
    "We are a bank, and we expect to be repaid.",                                 # someone else acts
    "The government is in talks with creditors to restructure its loans.",        # a purpose
    "We are not going to the IMF to borrow our way out.",                         # 'going to' a place
    "Our mission is to make launches routine.",                                   # a mission statement
    "The storm is expected to weaken by Tuesday.",                                # a forecast
    "If the count holds, the ruling bloc will win 40 of the 61 seats.",           # a result
    "No explanation was offered for the delay.",                                  # nobody offers
    "The carrier, which offered the lowest fare in the tender, left the market.",  # background
])
def test_what_binds_no_one_yields_no_commitment(nlp, p, sentence):
    doc = nlp(sentence)
    assert find_commitments(doc, p, doc._.date_spans) == [], [f.action for f in find_commitments(doc, p, doc._.date_spans)]


@pytest.mark.parametrize("sentence, want", [
    ("The two sides agreed to set up a joint committee.", "set up"),
    ("The minister said he will follow up personally every month.", "follow up"),
    ("We will make sure that local firms get a fair share.", "make sure"),
    ("The ports authority inked a memorandum with Kenya on Monday.", "sign"),
])
def test_action_names_the_act_as_news_does(nlp, p, sentence, want):
    doc = nlp(sentence)
    assert [f.action for f in find_commitments(doc, p, doc._.date_spans)][:1] == [want]
