"""Language identification (py3langid, offline) and what a non-English article's record says."""

import pytest

from pipeline.ingest import article_from_text, identify_language

TEXTS = {
    "en": "The port authority will spend 240 million euros on a new container terminal, its board decided on "
          "Tuesday after two years of talks with shipping lines.",
    "fr": "Le gouvernement français construira deux nouveaux ponts sur la Loire l'année prochaine avec l'aide "
          "de l'Union européenne, a déclaré mardi le ministre des Transports.",
    "de": "Die Bundesregierung wird im nächsten Jahr zwei neue Brücken über den Rhein bauen, sagte der "
          "Verkehrsminister am Dienstag in Berlin vor Journalisten.",
    "es": "El Gobierno de Chile construirá el próximo año dos nuevos puentes en el sur del país con fondos "
          "del Banco Mundial, anunció el martes el ministro de Obras Públicas.",
    "pl": "Władze Łodzi zbudują w przyszłym roku nowy most nad rzeką, powiedział we wtorek prezydent miasta "
          "podczas konferencji prasowej w ratuszu.",
    "ru": "Правительство России построит в следующем году два новых моста через Волгу, заявил во вторник "
          "министр транспорта на пресс-конференции в Москве.",
    "zh": "中国国家航天局周五表示，中国将与俄罗斯共同建设国际月球科研站，并欢迎其他国家参与该项目。",
    "ja": "日本政府は来年、新しい橋を二つ建設すると発表した。国土交通省によると、工事は四月に始まる予定だ。",
}


@pytest.mark.parametrize("code", sorted(TEXTS))
def test_identifies_the_language_of_an_article(code):
    lang = identify_language(TEXTS[code])
    assert lang.code == code and lang.confidence >= 0.8


@pytest.mark.parametrize("text", ["Mali will too.", "12 345 678", "OK"])
def test_too_short_or_no_letters_is_undetermined(text):
    assert identify_language(text).code == "und"


def _art(text: str, name: str = "a.txt"):
    return article_from_text(text, rel_path=name, format="text", file_sha256="0" * 64, sha256="0" * 64,
                             published="2024-05-10")


def test_non_english_article_gets_its_language_a_warning_and_nothing_invented(nlp):
    from pipeline.record import extract_records

    fr = ("PARIS, 14 mars - La France et l'Allemagne construiront ensemble une nouvelle ligne ferroviaire entre "
          "Strasbourg et Francfort d'ici 2030, a annoncé jeudi le ministre Jean Dupont. Les deux pays "
          "signeront un accord en mai et investiront trois milliards d'euros.")
    en = ("PARIS, March 14 - France and Germany will jointly build a new rail line between Strasbourg and "
          "Frankfurt by 2030, minister Jean Dupont said on Thursday.")
    rec_fr, rec_en = extract_records([_art(fr), _art(en)], nlp)
    assert rec_fr.article.language == "fr" and rec_fr.article.text == fr
    assert any("not the model's 'en'" in w for w in rec_fr.warnings)
    assert not (rec_fr.people or rec_fr.organisations or rec_fr.places or rec_fr.dates or rec_fr.commitments)
    assert rec_en.article.language == "en" and rec_en.commitments and rec_en.places


def test_undetermined_language_is_read_by_the_model_with_a_warning(nlp):
    from pipeline.record import extract_records

    (rec,) = extract_records([_art("Chad will build.")], nlp)
    assert rec.article.language == "und"
    assert any("language not identified" in w for w in rec.warnings)
