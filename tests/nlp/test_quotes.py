"""Quotations over several sentences and paragraphs (pipeline.nlp.commitments.quotes): where they
are, and who says each sentence of them. Texts written for these tests."""

from hypothesis import given, settings, strategies as st

from pipeline.nlp.commitments.quotes import quoted_regions


def _quoted(text):
    return [text[s:e] for s, e in quoted_regions(text)]


def test_curly_and_straight_quotations_and_their_attribution_outside():
    text = '“We have the doses. We will finish in ten days,” Mavume said. "Speed matters."'
    assert _quoted(text) == ["We have the doses. We will finish in ten days,", "Speed matters."]


def test_a_quotation_over_paragraphs_reopens_each_paragraph_without_closing_the_last():
    text = '"We have teams in Santo.\n\n"We will reach everyone," she said.\n\nThe storm moved south.'
    (region,) = quoted_regions(text)
    assert text[region[0]:region[1]].startswith("We have teams") and text[region[1]] == '"'
    assert "storm" not in text[region[0]:region[1]]


def test_an_unclosed_quotation_ends_at_its_paragraph():
    text = 'He said "we will see.\nThe council met on Monday.'
    assert _quoted(text) == ["we will see."]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet='ab "“”«»\n.,', max_size=200))
def test_regions_are_ordered_disjoint_and_inside_the_text(text):
    regions = quoted_regions(text)
    assert all(0 <= s < e <= len(text) for s, e in regions)
    assert all(a[1] <= b[0] for a, b in zip(regions, regions[1:]))


def _actors(rec, words):
    (c,) = [c for c in rec.commitments if words in c.sentence]
    return {a.name for a in c.actors} | {x for a in c.actors for x in a.aliases}, c.speaker


def test_we_in_a_later_sentence_of_a_quotation_is_the_speakers_organisation(extract_text):
    rec = extract_text(
        "Corvane Mobile will cut the price of its folding phone, its India chief executive said on Monday.\n\n"
        '"Our mission is to make folding phones normal. Prices of panels are falling," Corvane\'s India chief '
        'executive Ravi Menon told the Pune-based Ledger Business Network. "We will keep the price where it is '
        'through the festive season."')
    names, speaker = _actors(rec, "keep the price")
    assert "Corvane Mobile" in names and speaker == "Ravi Menon", (names, speaker)


def test_a_speakers_unnamed_body_stands_for_we(extract_text):
    rec = extract_text(
        "Floods hit 12 towns in Capiz on Sunday, said Rolando Ybañez, spokesperson of the provincial police office.\n\n"
        '"Our teams will go house to house. We will evacuate every family from the danger zones tonight," Ybañez told '
        "Radyo Banwa.")
    names, _ = _actors(rec, "evacuate")
    assert names & {"provincial police office"} and "Radyo Banwa" not in names, names


def test_a_role_before_the_name_is_the_persons_title(extract_text):
    rec = extract_text("Tembo's chief executive, Baraka Mwenda, said the group would open a plant in Tanga.")
    (p,) = [p for p in rec.people if p.name == "Baraka Mwenda"]
    assert "Tembo's chief executive" in p.titles
