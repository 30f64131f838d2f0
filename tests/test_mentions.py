"""The mentions stage alone: reports of events, as the frames gave them."""
from app.ingest.mentions import ActorRef, Mention, without_retellings


def mention(kind: str, day: str, *names: str, story_dated: bool = False) -> Mention:
    actors = [ActorRef(id=name, name=name, as_written=name, country=None) for name in names]
    return Mention(type=kind, status="held", date=day, date_end=None, precision="day", location=None,
                   actors=actors, countries=[], evidence="…", date_text=None, confidence=0.5,
                   story_dated=story_dated)


def test_a_retelling_dated_by_its_story_is_the_event_the_article_dates():
    dated = mention("talks", "2023-06-10", "王毅", "布林肯")
    retold = mention("talks", "2023-06-11", "王毅", "布林肯", story_dated=True)
    assert without_retellings([dated, retold]) == [dated]


def test_an_undated_event_of_other_parties_or_type_stays():
    dated = mention("talks", "2023-06-10", "王毅", "布林肯")
    other = mention("talks", "2023-06-11", "王毅", "拉夫罗夫", story_dated=True)
    call = mention("call", "2023-06-11", "王毅", "布林肯", story_dated=True)
    kept = without_retellings([dated, other, call])
    assert kept == [dated, other, call] and [m.position for m in kept] == [0, 1, 2]


def test_an_event_of_the_storys_days_is_no_retelling_of_one_recalled_from_months_before():
    recalled = mention("talks", "2024-10", "莫迪", "普京", "习近平")
    today = mention("talks", "2025-09-01", "莫迪", "普京", story_dated=True)
    assert without_retellings([recalled, today]) == [recalled, today]
