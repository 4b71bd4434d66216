"""The reference table of the instruments' articles and paragraphs, and citations checked against it."""
import copy

import pytest

from questionnaire.definitions.validate import check_document
from questionnaire.instruments import (
    CONVENTION, SOM_PROTOCOL, Provision, get_instrument, parse_provision, provisions_of,
)
from questionnaire.builder.question_fields import FieldInvalid, provisions_from_form, split_provisions
from questionnaire.builder.quality import coverage_matrix, document_warnings
from questionnaire.seed import som_definition


def paragraphs(article: int) -> list[str]:
    structure = SOM_PROTOCOL.article(article).structure
    return [number for number in structure if number]


def test_the_protocol_has_25_articles_in_four_chapters():
    assert [article.number for article in SOM_PROTOCOL.articles] == list(range(1, 26))
    assert SOM_PROTOCOL.article(6).title == "Criminalization"
    assert SOM_PROTOCOL.article(19).title == "Saving clause"
    assert len({article.chapter for article in SOM_PROTOCOL.articles}) == 4
    assert get_instrument("Smuggling of Migrants Protocol") is SOM_PROTOCOL


@pytest.mark.parametrize(("article", "count"), [
    (1, 3), (6, 4), (8, 7), (9, 4), (10, 2), (11, 6), (14, 3), (15, 3), (16, 5), (18, 8), (19, 2), (20, 4),
    (21, 4), (22, 2), (23, 5), (24, 2), (25, 2),
])
def test_numbered_paragraphs_as_in_the_treaty(article, count):
    assert paragraphs(article) == [str(n) for n in range(1, count + 1)]


@pytest.mark.parametrize("article", [2, 3, 4, 5, 7, 12, 13, 17])
def test_articles_without_numbered_paragraphs(article):
    assert paragraphs(article) == []


def test_lettered_subparagraphs_and_their_items():
    article6 = SOM_PROTOCOL.article(6).structure
    assert dict(article6["1"]) == {"a": (), "b": ("i", "ii"), "c": ()}
    assert list(article6["2"]) == ["a", "b", "c"] and list(article6["3"]) == ["a", "b"] and not article6["4"]
    assert dict(SOM_PROTOCOL.article(3).structure[""]) == {"a": (), "b": (), "c": ("i", "ii", "iii"), "d": ()}
    assert list(SOM_PROTOCOL.article(8).structure["2"]) == ["a", "b", "c"]
    assert list(SOM_PROTOCOL.article(9).structure["1"]) == ["a", "b", "c", "d"]
    assert list(SOM_PROTOCOL.article(10).structure["1"]) == ["a", "b", "c", "d", "e", "f"]
    assert list(SOM_PROTOCOL.article(12).structure[""]) == ["a", "b"]
    assert list(SOM_PROTOCOL.article(14).structure["2"]) == ["a", "b", "c", "d", "e"]


def test_the_convention_articles_the_questionnaire_cites():
    assert len(CONVENTION.articles) == 41 and CONVENTION.article(15).title == "Jurisdiction"
    jurisdiction = CONVENTION.article(15).structure
    assert list(jurisdiction) == ["1", "2", "3", "4", "5", "6"]
    assert dict(jurisdiction["2"]) == {"a": (), "b": (), "c": ("i", "ii")}
    assert len(CONVENTION.article(16).structure) == 17
    assert CONVENTION.article(5).structure is None  # not recorded: only the whole article can be cited


def test_only_the_reviewable_articles_have_a_default_cluster():
    reviewable = {article.number: article.default_cluster for article in SOM_PROTOCOL.reviewable}
    assert reviewable == {
        1: "I", 3: "I", 4: "I", 5: "I", 6: "I", 7: "IV", 8: "IV", 9: "IV", 10: "IV", 11: "III", 12: "III",
        13: "III", 14: "II", 15: "II", 16: "II", 17: "IV", 18: "IV", 19: "II",
    }
    assert not set(reviewable) & {2, 20, 21, 22, 23, 24, 25}


@pytest.mark.parametrize(("text", "expected"), [
    ("art. 6", Provision(6)),
    ("art. 6 (1) (b) (ii)", Provision(6, 1, "b", "ii")),
    ("art. 3 (c) (i)", Provision(3, None, "c", "i")),
    ("Convention art. 15 (2) (b)", Provision(15, 2, "b", instrument="Convention")),
    (" Convention art. 16 (10) ", Provision(16, 10, instrument="Convention")),
])
def test_parse_and_write_back(text, expected):
    assert parse_provision(text) == expected
    assert str(expected) == text.strip()


@pytest.mark.parametrize("text", ["article 6", "art 6", "art. 6 (1)(a)", "Treaty art. 6", "art. 6 (1) (ii)", "convention art. 15"])
def test_malformed_references(text):
    assert parse_provision(text) is None


@pytest.mark.parametrize(("text", "message"), [
    ("art. 27", "has no article 27"),
    ("art. 6 (5)", "has no art. 6 (5)"),
    ("art. 6 (1) (d)", "has no art. 6 (1) (d)"),
    ("art. 6 (1) (b) (iii)", "has no art. 6 (1) (b) (iii)"),
    ("art. 3 (1)", "has no art. 3 (1)"),
    ("art. 8 (8)", "has no art. 8 (8)"),
    ("art. 16 (6)", "has no art. 16 (6)"),
    ("art. 5 (a)", "has no art. 5 (a)"),
    ("Convention art. 42", "has no article 42"),
    ("Convention art. 15 (7)", "has no art. 15 (7)"),
    ("Convention art. 5 (1)", "does not record the paragraphs"),
])
def test_provisions_that_do_not_exist_are_named(text, message):
    assert message in str(SOM_PROTOCOL.problem(parse_provision(text)))


@pytest.mark.parametrize("text", ["art. 6 (4)", "art. 8 (6)", "art. 11 (6)", "art. 18 (8)", "art. 3 (d)", "art. 12 (b)",
                                  "art. 6 (1) (b) (i)", "Convention art. 15 (3)", "Convention art. 16 (10)", "Convention art. 5"])
def test_provisions_that_exist(text):
    assert SOM_PROTOCOL.problem(parse_provision(text)) is None


def test_every_provision_of_the_table_is_citable():
    for article in SOM_PROTOCOL.articles:
        for provision in provisions_of(article):
            assert SOM_PROTOCOL.problem(provision) is None, provision
            assert parse_provision(str(provision)) == provision


def test_the_convention_is_not_cited_from_itself():
    assert "does not supplement" in str(CONVENTION.problem(parse_provision("Convention art. 15")))


def minimal(*provisions):
    return {"format": "saq-definition", "format_version": 1, "slug": "x", "title": "X",
            "instrument": SOM_PROTOCOL.name, "version": 1, "languages": ["en"],
            "clusters": [{"code": "I", "title": "I", "questions": [
                {"key": "q", "text": "Q?", "kind": "yes_no", "provisions": list(provisions)}]}]}


def test_a_definition_citing_what_the_protocol_does_not_have_is_refused_with_its_place():
    problems = check_document(minimal("art. 6 (1) (a)", "art. 27", "art. 6 (5)", "Convention art. 15 (2) (b)"))
    assert [(p.place, str(p.message)) for p in problems] == [
        ("clusters[0].questions[0].provisions[1]", "Smuggling of Migrants Protocol has no article 27"),
        ("clusters[0].questions[0].provisions[2]", "Smuggling of Migrants Protocol has no art. 6 (5)"),
    ]


def test_the_builder_refuses_a_paragraph_that_does_not_exist_and_keeps_convention_citations_apart():
    with pytest.raises(FieldInvalid):
        provisions_from_form(SOM_PROTOCOL, [], "art. 6 (5)")
    cited = provisions_from_form(SOM_PROTOCOL, ["15"], "Convention art. 15 (1) (a); art. 1 (2)")
    assert cited == ["art. 1 (2)", "art. 15", "Convention art. 15 (1) (a)"]
    assert split_provisions(cited) == (["15"], "art. 1 (2); Convention art. 15 (1) (a)")


def test_convention_citations_do_not_count_as_protocol_articles():
    document = minimal("Convention art. 15 (1)")
    document["instrument"] = SOM_PROTOCOL.name
    matrix = coverage_matrix(document)
    assert not any(row.cited for row in matrix.rows)  # not article 15 of the Protocol
    assert not [w for w in document_warnings(document) if w.place.endswith("provisions")]


def test_every_citation_of_the_shipped_questionnaire_exists():
    document = som_definition()
    cited = 0
    for cluster in document["clusters"]:
        for question in cluster["questions"]:
            for text in question["provisions"]:
                provision = parse_provision(text)
                assert provision is not None, (question["key"], text)
                assert SOM_PROTOCOL.problem(provision) is None, (question["key"], text)
                cited += 1
    assert cited > 100


def test_a_broken_citation_in_the_shipped_questionnaire_would_be_caught():
    document = copy.deepcopy(som_definition())
    document["clusters"][0]["questions"][1]["provisions"].append("art. 6 (5)")
    assert [p.place for p in check_document(document)] == ["clusters[0].questions[1].provisions[3]"]


@pytest.mark.parametrize(("language", "own", "convention"), [
    ("en", "art. 6 (1) (b) (i)", "Convention art. 15 (2) (b)"),
    ("fr", "art. 6 (1) (b) (i)", "Convention, art. 15 (2) (b)"),
    ("es", "art. 6 (1) (b) (i)", "Convención, art. 15 (2) (b)"),
    ("ru", "ст. 6 (1) (b) (i)", "Конвенция, ст. 15 (2) (b)"),
    ("ar", "المادة 6 (1) (ب) (i)", "الاتفاقية، المادة 15 (2) (ب)"),
    ("zh", "第6条 (1) (b) (i)", "《公约》第15条 (2) (b)"),
])
def test_a_reference_is_cited_as_a_reader_of_each_language_writes_it(app, language, own, convention):
    from questionnaire.instruments import cited_in

    with app.test_request_context("/"):
        assert cited_in("art. 6 (1) (b) (i)", language) == own
        assert cited_in("Convention art. 15 (2) (b)", language) == convention
        assert cited_in("art. 19", language) == own.split(" (")[0].replace("6", "19")
        assert cited_in("Statute art. 3", language) == "Statute art. 3"  # an unknown instrument: as written
        assert cited_in("see the preamble", language) == "see the preamble"


@pytest.mark.parametrize(("language", "joined"), [
    ("en", "art. 6 (1) (a); art. 2 (j); art. 2 (k); Convention art. 15 (2) (b) (i)"),
    ("fr", "art. 6 (1) (a); art. 2 (j); art. 2 (k); Convention, art. 15 (2) (b) (i)"),
    ("es", "art. 6 (1) (a); art. 2 (j); art. 2 (k); Convención, art. 15 (2) (b) (i)"),
    ("ru", "ст. 6 (1) (a); ст. 2 (j); ст. 2 (k); Конвенция, ст. 15 (2) (b) (i)"),
    ("ar", "المادة 6 (1) (أ)؛ المادة 2 (ي)؛ المادة 2 (ك)؛ الاتفاقية، المادة 15 (2) (ب) (i)"),
    ("zh", "第6条 (1) (a)；第2条 (j)；第2条 (k)；《公约》第15条 (2) (b) (i)"),
])
def test_a_questions_provisions_are_joined_as_the_texts_of_each_language_join_references(app, language, joined):
    from questionnaire.instruments import cite_all

    with app.test_request_context("/"):
        assert cite_all(["art. 6 (1) (a)", "art. 2 (j)", "art. 2 (k)", "Convention art. 15 (2) (b) (i)"],
                        language) == joined
        assert cite_all(["art. 6 (1) (a)"], language) == joined.split({"ar": "؛", "zh": "；"}.get(language, ";"))[0]
        assert cite_all([], language) == ""
        assert cite_all(["see the preamble", "art. 7"], language).startswith("see the preamble")


def test_arabic_subparagraphs_are_lettered_in_the_abjad_order_of_the_un_texts():
    from questionnaire.instruments import subparagraph_letter

    latin = "abcdefghijklmnopqrstuvwxyz"
    arabic = [subparagraph_letter(letter, "ar") for letter in latin]
    assert arabic[:10] == ["أ", "ب", "ج", "د", "هـ", "و", "ز", "ح", "ط", "ي"]  # the Convention's article 2, (a) to (j)
    assert arabic[10:14] == ["ك", "ل", "م", "ن"] and arabic[-1] == "ض" and len(set(arabic)) == 26
    for language in ("en", "fr", "es", "ru", "zh"):
        assert [subparagraph_letter(letter, language) for letter in latin] == list(latin)


def test_the_cluster_page_joins_several_provisions_in_the_readers_language(db, states, make_user, login, client):
    from tests.factories import cluster_url, make_multilingual, q_of

    multi = make_multilingual(db)
    q_of(multi, "crim").provisions = ["art. 6 (1) (a)", "art. 3 (k)", "Convention art. 5 (1) (b) (ii)"]
    db.commit()
    pages = {}
    for locale in ("ar", "zh", "fr", "en", "es"):
        login(make_user("focal_point", state="MEX", locale=locale))
        pages[locale] = client.get(cluster_url(multi, code="A")).get_data(as_text=True)
    assert '<span dir="rtl">المادة 6 (1) (أ)؛ المادة 3 (ك)؛ الاتفاقية، المادة 5 (1) (ب) (ii)</span>' in pages["ar"]
    assert "第6条 (1) (a)；第3条 (k)；《公约》第5条 (1) (b) (ii)" in pages["zh"]
    assert "art. 6 (1) (a); art. 3 (k); Convention, art. 5 (1) (b) (ii)" in pages["fr"]
    assert "art. 6 (1) (a); art. 3 (k); Convention art. 5 (1) (b) (ii)" in pages["en"]
    assert "art. 6 (1) (a); art. 3 (k); Convención, art. 5 (1) (b) (ii)" in pages["es"]
    assert "; " not in pages["ar"].split('<p class="provisions">')[1].split("</p>")[0]


def test_the_cluster_page_cites_provisions_in_the_language_the_questionnaire_is_read_in(db, states, make_user,
                                                                                      login, client):
    from tests.factories import cluster_url, make_multilingual

    multi = make_multilingual(db)
    login(make_user("focal_point", state="MEX", locale="ar"))
    page = client.get(cluster_url(multi, code="A")).get_data(as_text=True)
    assert "المادة 6 (1) (أ)" in page and "art. 6 (1) (a)" not in page
    login(make_user("focal_point", state="MEX", locale="fr"))
    page = client.get(cluster_url(multi, code="A") + "?lang=ru").get_data(as_text=True)
    assert "art. 6 (1) (a)" in page and "ст. 6" not in page  # not offered in Russian: cited as it is read
