"""The search tokenizer: the same tokens for documents and queries on both databases."""

from marketplace.services.discovery.search_text import (
    MAX_QUERY_TERMS,
    Term,
    document_tokens,
    fts5_query,
    query_terms,
    tsquery,
)


def test_latin_words_are_case_folded_and_accents_removed():
    assert document_tokens(["Café SKINCARE, Straße!"]) == "cafe skincare strasse"


def test_chinese_runs_become_unigrams_and_bigrams():
    assert document_tokens(["防晒测评"]).split() == [
        "防", "晒", "测", "评", "防晒", "晒测", "测评",
    ]  # fmt: skip


def test_mixed_text_splits_scripts_and_drops_punctuation():
    assert document_tokens(["小鹿12号：ootd穿搭。"]).split() == [
        "小", "鹿", "小鹿", "12", "号", "ootd", "穿", "搭", "穿搭",
    ]  # fmt: skip


def test_full_width_forms_are_normalised():
    assert document_tokens(["ＯＯＴＤ２０２４"]) == "ootd2024"


def test_query_uses_bigrams_for_chinese_and_prefixes_for_longer_words():
    assert query_terms("防晒测评 skin ab 猫") == [
        Term("防晒"),
        Term("晒测"),
        Term("测评"),
        Term("skin", prefix=True),
        Term("ab"),
        Term("猫"),
    ]


def test_query_terms_are_unique_and_capped():
    assert query_terms("skin SKIN skin") == [Term("skin", prefix=True)]
    assert len(query_terms(" ".join(f"w{i}xx" for i in range(50)))) == MAX_QUERY_TERMS


def test_query_without_words_has_no_terms():
    assert query_terms("!!! … ，。") == []
    assert query_terms(None) == []


def test_database_query_syntax():
    terms = query_terms("防晒 skin")
    assert fts5_query(terms) == '"防晒" AND "skin"*'
    assert tsquery(terms) == "防晒 & skin:*"
