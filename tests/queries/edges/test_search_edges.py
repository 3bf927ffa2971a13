"""search() on small graphs: hostile text is data, kinds and fuzziness, organisations, the cap."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.pipeline import ingest
from ingest.sources import SOURCES
from queries.base import QueryError
from queries.search import MAX_TEXT, lucene_query, search
from tests.conftest import Database
from tests.queries.edges.built import graph_of, run

# A police case file: Thai-script names only, so a Latin query can only meet them through
# the romanised keys that ingest writes.
CASE_FILE = """case_no,person_no,role,name
1/2567,1,suspect,นายสมชาย ใจดี
1/2567,2,victim,นางมานี ใจดี
1/2567,3,victim,นางสาวสมหญิง ใจดี
1/2567,4,broker,นายประยุทธ์ ทองคำ
"""


@pytest.fixture
def people(db: Database, tmp_path: Path) -> Database:
    (tmp_path / "rtp.csv").write_text(CASE_FILE, encoding="utf-8")
    ingest(db.driver, db.name, [(SOURCES["rtp"], tmp_path / "rtp.csv")], tmp_path / "quarantine.jsonl")
    run(db, "CREATE (:Organization {id: 'O1', name: 'Golden Star 99 Fishing Co., Ltd.'})")
    run(db, "CALL db.awaitIndexes(60)")
    return db


def _names(result) -> list[str]:
    return [hit.matched_name for hit in result.hits]


def test_a_romanised_name_finds_the_thai_script_person(people: Database) -> None:
    result = search(graph_of(people), "Somchai Jaidee")
    assert _names(result)[0] == "นายสมชาย ใจดี" and result.hits[0].score == 1.0
    assert "Suspect" in result.hits[0].entity.labels and result.hits[0].entity.agencies == ("RTP",)
    assert set(_names(result)) == {"นายสมชาย ใจดี", "นางมานี ใจดี", "นางสาวสมหญิง ใจดี"}, "the family, lower"
    assert _names(search(graph_of(people), "JAIDEE, Somchai"))[0] == "นายสมชาย ใจดี"


def test_typos_need_fuzzy(people: Database) -> None:
    assert _names(search(graph_of(people), "somchia jaidoe"))[0] == "นายสมชาย ใจดี"
    assert search(graph_of(people), "somchia jaidoe", fuzzy=False).hits == ()
    assert _names(search(graph_of(people), "สมชาย ใจดี", fuzzy=False))[0] == "นายสมชาย ใจดี"


def test_kinds_narrow_the_search(people: Database) -> None:
    assert set(_names(search(graph_of(people), "jaidee", kinds=["Victim"]))) == {"นางมานี ใจดี", "นางสาวสมหญิง ใจดี"}
    assert search(graph_of(people), "jaidee", kinds=["Organization"]).hits == ()
    assert _names(search(graph_of(people), "golden star fishing", kinds=["Organization"])) == \
        ["Golden Star 99 Fishing Co., Ltd."]


def test_excluded_kinds_are_never_hits(people: Database) -> None:
    assert set(_names(search(graph_of(people), "jaidee", exclude=["Victim"]))) == {"นายสมชาย ใจดี"}
    assert search(graph_of(people), "jaidee", kinds=["Victim"], exclude=["Person"]).hits == ()


def test_the_limit_caps_and_says_so(people: Database) -> None:
    result = search(graph_of(people), "ใจดี", limit=2)
    assert len(result.hits) == 2 and result.truncated
    assert not search(graph_of(people), "ใจดี", limit=3).truncated


@pytest.mark.parametrize("text", [
    '"', "'", '") OR 1=1 //', "' OR '1'='1", "AND OR NOT", "&& || !", "*", "?", "~", "\\", "jaidee\\",
    "[a TO z]", "{a TO z}", "name_keys:*", "id:O1", "jaidee^100", "(jaidee", 'jaidee"', "somchai~~~", "/ใจดี/",
    "+ - :", "}{][)(",
])
def test_hostile_text_is_data(people: Database, text: str) -> None:
    result = search(graph_of(people), text)
    assert all(hit.score > 0 for hit in result.hits)
    assert "Golden Star 99 Fishing Co., Ltd." not in _names(result), "no field or wildcard query got through"
    assert people.count("MATCH (n) RETURN count(n)") > 0


def test_lucene_syntax_in_the_text_is_escaped() -> None:
    assert lucene_query('Jaidee"^2 name_keys:* (a OR b)', fuzzy=False) == \
        'jaidee\\"\\^2 name_keys\\:\\* \\(a or b\\)'
    assert lucene_query("&& || ! ~", fuzzy=True) == ""
    assert lucene_query("Somchai Jaidee", fuzzy=True) == "somchai jaidee name_keys:somjai~1 name_keys:jaidi~1"


def test_operator_words_are_words(people: Database) -> None:
    assert _names(search(graph_of(people), "JAIDEE AND NOT somchai"))[0] == "นายสมชาย ใจดี"


@pytest.mark.parametrize(("arguments", "message"), [
    ({"text": ""}, "text must not be empty"),
    ({"text": " \t\n"}, "text must not be empty"),
    ({"text": "ใจดี" * 25_000}, f"text must be at most {MAX_TEXT} characters"),
    ({"text": "x", "limit": 0}, "limit must be between 1 and 200, got 0"),
    ({"text": "x", "kinds": ["SourceRecord"]}, "kinds: cannot search 'SourceRecord'"),
    ({"text": "x", "kinds": "Person"}, "kinds must be a list"),
    ({"text": "x", "kinds": []}, "kinds must name at least one kind"),
    ({"text": "x", "exclude": ["Case"]}, "exclude: cannot search 'Case'"),
])
def test_bad_parameters_are_refused_by_name(db: Database, arguments: dict, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        search(graph_of(db), **arguments)
