"""Storing is two steps. `store_articles` writes a batch of articles with
their sources and marks the blocks (type and month) they touch as pending;
`rebuild_pending_blocks` then clusters pending blocks — each once for
however many articles of a run fell into it, when the run has moved on from
it — and writes only the events that changed. A run killed between the two
leaves its blocks pending for the next run."""
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timezone

from sqlalchemy import bindparam, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, delete, select

from app import tally
from app.ingest.bulk import insert_rows, update_rows
from app.ingest.dates import first_day
from app.ingest.mentions import ActorRef, Mention
from app.ingest.gazetteer import load
from app.ingest.merge import assign_ids, block_of, cluster
from app.ingest.read import RawArticle, parse_timestamp
from app.models import (Actor, ActorName, Article, Event, EventAlias, EventCountry, EventParticipant,
                        EventSource, PendingBlock)


@dataclass
class Extracted:
    """An article read and extracted, ready to store: the reports that go to
    the timeline, and those held out of it (all of an article the extractor
    marked `held_out` — one that states no year — kept on the article)."""
    raw: RawArticle
    mentions: list[Mention]
    held: list[Mention] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what the report warns of: reports left out, and why
    passed_over: bool = False  # the relevance gate found nothing to build an event from: the reader did not run

    @classmethod
    def of(cls, raw: RawArticle, mentions: list[Mention]) -> "Extracted":
        return cls(raw, [], mentions) if raw.held_out else cls(raw, mentions)


def stored_hashes(session: Session, hashes: list[str]) -> set[str]:
    """Which of these contents are stored already."""
    if not hashes:
        return set()
    return set(session.exec(select(Article.sha256).where(Article.sha256.in_(hashes))))


def store_articles(session: Session, batch: list[Extracted]) -> list[str]:
    """Write a batch in the caller's transaction; for each article the
    outcome: "stored", "replaced" (an older version of the file went) or
    "unchanged" (its content is stored already, perhaps by another writer)."""
    _lock_for_writing(session, batch)
    known = set(session.exec(select(Article.sha256).where(Article.sha256.in_([e.raw.sha256 for e in batch]))))
    older = dict(session.exec(select(Article.path, Article.id).where(Article.path.in_([e.raw.path for e in batch]))).all())
    outcomes, articles, sources, blocks = [], [], [], set()
    for item in batch:
        if item.raw.sha256 in known:
            outcomes.append("unchanged")
            continue
        known.add(item.raw.sha256)
        replaced = older.get(item.raw.path)
        if replaced is not None:
            blocks |= _forget_article(session, replaced)
        outcomes.append("replaced" if replaced else "stored")
        articles.append({**_article_row(item.raw), **_held_columns(item)})
        for mention in item.mentions:
            sources.append(_source_row(item.raw.sha256[:16], mention))
            blocks.add(sources[-1]["block"])
    if articles:
        _remember_actors(session, [a for e in batch for m in e.mentions for a in m.actors])
        _insert_many(session, Article, articles)
    if sources:
        _insert_many(session, EventSource, sources)
    _insert_ignoring_conflicts(session, PendingBlock, [{"block": b} for b in sorted(blocks)])
    return outcomes


def stored_articles(session: Session, after: str, limit: int) -> list[RawArticle]:
    """Stored articles as the reader gave them, `limit` at a time in id
    order after `after`. A publication time from metadata or the page's
    markup is kept; one the extractor found (a dateline) is left for it to
    find again."""
    rows = session.exec(select(Article).where(Article.id > after).order_by(Article.id).limit(limit)).all()
    return [RawArticle(name=a.name, path=a.path, sha256=a.sha256, format=a.format, text=a.text, encoding=a.encoding,
                       title=a.title, url=a.url, author=a.author, outlet=a.outlet,
                       published=parse_timestamp(a.published) if _read_with_the_page(a) else None,
                       published_from=a.published_from if _read_with_the_page(a) else "unknown")
            for a in rows]


def _read_with_the_page(article: Article) -> bool:
    """A publication time read from the file's metadata or the page's markup
    cannot be found again in the stored text; one from a dateline can."""
    return article.published_from in ("metadata", "page") and bool(article.published)


def replace_sources(session: Session, batch: list[Extracted]) -> int:
    """The sources of stored articles, extracted again: an article whose
    sources come out different gets the new ones, and the blocks of the old
    and the new are marked pending; an article held out of the timeline, or
    no longer, is marked so. Returns how many articles changed."""
    _lock_for_writing(session, batch)
    ids = [item.raw.sha256[:16] for item in batch]
    _update_held(session, ids, batch)
    old: dict[str, list[dict]] = defaultdict(list)
    for row in session.exec(select(EventSource).where(EventSource.article_id.in_(ids)).order_by(EventSource.position)):
        old[row.article_id].append(row.model_dump(exclude={"id", "moved_from"}))
    changed, sources, blocks = 0, [], set()
    for article_id, item in zip(ids, batch):
        new = [_source_row(article_id, mention) for mention in item.mentions]
        if new == [{**row, "event_id": None} for row in old[article_id]]:
            continue
        changed += 1
        blocks |= {row["block"] for row in old[article_id]} | {row["block"] for row in new}
        _note_where_they_were(new, old[article_id])
        session.exec(delete(EventSource).where(EventSource.article_id == article_id))
        sources += new
    if sources:
        _remember_actors(session, [a for e in batch for m in e.mentions for a in m.actors])
        _insert_many(session, EventSource, sources)
    _insert_ignoring_conflicts(session, PendingBlock, [{"block": b} for b in sorted(blocks)])
    return changed


def _update_held(session: Session, ids: list[str], batch: list[Extracted]) -> None:
    held = {a: (reason, reports) for a, reason, reports in session.exec(
        select(Article.id, Article.held_out, Article.held_reports).where(Article.id.in_(ids)))}
    rows = [{"id": article_id, **_held_columns(item)} for article_id, item in zip(ids, batch)]
    rows = [row for row in rows if held.get(row["id"], (None, [])) != (row["held_out"], row["held_reports"])]
    update_rows(session.connection(), Article.__table__, rows, key=("id",))


def _note_where_they_were(new: list[dict], old: list[dict]) -> None:
    """Each new report remembers the event its older reading (the same
    sentence and type) was in, so the rebuild can send that event's
    permalink to wherever the report goes now."""
    was = defaultdict(list)
    for row in old:
        was[(row["type"], row["evidence"])].append(row["event_id"])
    for row in new:
        earlier = was.get((row["type"], row["evidence"]))
        row["moved_from"] = earlier.pop(0) if earlier else None


def _lock_for_writing(session: Session, batch: list[Extracted]) -> None:
    """Several ingest processes may write to one PostgreSQL database at once.
    Before writing, take transaction-scoped advisory locks — in sorted order,
    so two writers never wait on each other in a cycle — on the articles'
    content and paths, the actors they name and the blocks they touch (the
    rebuild of a block takes the same lock). SQLite serializes writers itself."""
    if session.get_bind().dialect.name != "postgresql":
        return
    keys = set()
    for item in batch:
        keys |= {f"article:{item.raw.sha256}", f"path:{item.raw.path}"}
        keys |= {f"actor:{a.id}" for m in item.mentions for a in m.actors}
        keys |= {f"block:{block_of(m.type, m.date)}" for m in item.mentions}
    old = select(Article.id).where(Article.path.in_([e.raw.path for e in batch]))
    keys |= {f"block:{b}" for b in session.exec(select(EventSource.block).where(EventSource.article_id.in_(old)))}
    _advisory_locks(session, keys)


def _advisory_locks(session: Session, keys: set[str]) -> None:
    for key in sorted(keys):
        session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:key))"), {"key": key})


def _forget_article(session: Session, article_id: str) -> set[str]:
    """Remove an article and its sources; the blocks they were in are returned."""
    blocks = set(session.exec(select(EventSource.block).where(EventSource.article_id == article_id)))
    session.exec(delete(EventSource).where(EventSource.article_id == article_id))
    session.exec(delete(Article).where(Article.id == article_id))
    return blocks


def _article_row(raw: RawArticle) -> dict:
    return {"id": raw.sha256[:16], "name": raw.name, "path": raw.path, "sha256": raw.sha256, "format": raw.format,
            "encoding": raw.encoding, "title": raw.title, "url": raw.url, "author": raw.author, "outlet": raw.outlet,
            "published": _iso(raw.published), "published_from": raw.published_from, "text": raw.text,
            "ingested_at": datetime.now(timezone.utc)}


def _held_columns(item: Extracted) -> dict:
    """Why the article is held out of the timeline, and what the extractor
    read in it — without the dates, whose year nothing states."""
    return {"held_out": item.raw.held_out,
            "held_reports": [{"type": m.type, "status": m.status, "date_text": m.date_text, "evidence": m.evidence,
                              "actors": [a.name for a in m.actors], "countries": m.countries} for m in item.held]}


def _source_row(article_id: str, mention: Mention) -> dict:
    return {"article_id": article_id, "position": mention.position, "block": block_of(mention.type, mention.date),
            "type": mention.type, "status": mention.status, "date": mention.date, "date_end": mention.date_end,
            "date_precision": mention.precision, "location": mention.location, "evidence": mention.evidence,
            "date_text": mention.date_text, "confidence": mention.confidence, "imprecise": mention.imprecise,
            "actors": [_actor_json(a) for a in mention.actors], "countries": mention.countries,
            "trail": mention.trail, "event_id": None}


def _iso(value: datetime | date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _actor_json(actor: ActorRef) -> dict:
    return {"id": actor.id, "name": actor.name, "as_written": actor.as_written, "name_en": actor.name_en,
            "country": actor.country, "title": actor.title, "role": actor.role}


def _remember_actors(session: Session, refs: list[ActorRef]) -> None:
    """New actors with every gazetteer spelling (not yet seen); each spelling
    read in the text is marked seen."""
    first = {}
    for ref in refs:
        first.setdefault(ref.id, ref)
    if not first:
        return
    stored = set(session.exec(select(Actor.id).where(Actor.id.in_(first))))
    names = {(a, n): seen for a, n, seen in session.exec(
        select(ActorName.actor_id, ActorName.name, ActorName.seen).where(ActorName.actor_id.in_(first)))}
    new_actors, wanted = [], {}
    for ref in first.values():
        if ref.id in stored:
            continue
        new_actors.append({"id": ref.id, "name": ref.name, "name_en": ref.name_en, "country": ref.country,
                           "in_gazetteer": ref.known, "event_count": 0})
        person = load().people.get(ref.id) if ref.known else None
        for spelling in (person.all_spellings if person else (ref.name,)):
            wanted.setdefault((ref.id, spelling), False)
    for ref in refs:
        for spelling in (ref.name, ref.as_written):
            wanted[(ref.id, spelling)] = True
    if new_actors:
        _insert_many(session, Actor, new_actors)
    fresh = [{"actor_id": a, "name": n, "seen": seen} for (a, n), seen in wanted.items() if (a, n) not in names]
    if fresh:
        _insert_many(session, ActorName, fresh)
    now_seen = [{"a": a, "n": n} for (a, n), seen in wanted.items() if seen and names.get((a, n)) is False]
    if now_seen:
        names_table = ActorName.__table__
        session.connection().execute(names_table.update().where(names_table.c.actor_id == bindparam("a"),
                                                                names_table.c.name == bindparam("n"))
                                     .values(seen=True), now_seen)


def _insert_many(session: Session, model, rows: list[dict]) -> None:
    insert_rows(session.connection(), model.__table__, rows)


def _insert_ignoring_conflicts(session: Session, table, rows: list[dict]) -> None:
    if not rows:
        return
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    session.execute(dialect.insert(table).on_conflict_do_nothing(), rows)


def pending_blocks(session: Session) -> list[str]:
    return list(session.exec(select(PendingBlock.block).order_by(PendingBlock.block)))


def rebuild_pending_blocks(session: Session, blocks: list[str]) -> None:
    """Rebuild pending blocks in the caller's transaction and clear their
    marks. Blocks share a transaction because a commit writes every page
    it changed: blocks of nearby months change the same pages of the
    indexes and the tally, and one transaction each wrote those pages
    (and synced them to disk) again for every block — more than half of
    the rebuild's time. The blocks' locks are taken first, together and in
    order, and the counts they change are applied last, once and in order,
    so two PostgreSQL writers never wait on each other in a cycle."""
    if session.get_bind().dialect.name == "postgresql":
        _advisory_locks(session, {f"block:{block}" for block in blocks})
    deltas: Counter = Counter()
    for block in blocks:
        deltas.update(rebuild_block(session, block))  # update, not +=: a Counter's + drops what is negative
    _count(session, deltas)
    session.exec(delete(PendingBlock).where(PendingBlock.block.in_(blocks)))


_SOURCE_COLUMNS = (EventSource.id, EventSource.article_id, EventSource.type, EventSource.status, EventSource.date,
                   EventSource.date_end, EventSource.date_precision, EventSource.location, EventSource.evidence,
                   EventSource.confidence, EventSource.imprecise, EventSource.actors, EventSource.countries,
                   EventSource.event_id, EventSource.moved_from, Article.name)


@dataclass(slots=True)
class StoredSource:
    """A stored report as the clustering reads it: a plain object, because
    reading attributes of result rows cost more than the clustering."""
    id: int
    article_id: str
    type: str
    status: str
    date: str
    date_end: str | None
    date_precision: str
    location: str | None
    evidence: str
    confidence: float
    imprecise: bool
    actors: list
    countries: list
    event_id: str | None
    moved_from: str | None
    name: str


def rebuild_block(session: Session, block: str) -> Counter:
    """Cluster the block's sources afresh; an event whose id and sources are
    what they were is left alone, the others are replaced. Returns the
    changes to the event counts, for the caller to apply (`_count`)."""
    sources = [StoredSource(*row) for row in session.execute(
        select(*_SOURCE_COLUMNS).join(Article, Article.id == EventSource.article_id).where(EventSource.block == block))]
    names = {s.article_id: s.name for s in sources}
    drafts = dict(assign_ids(cluster(sources, names)))
    members = {event_id: {s.id for s in draft.sources} for event_id, draft in drafts.items()}
    before: dict[str, set[int]] = defaultdict(set)
    previous: dict[str, set[int]] = defaultdict(set)  # … counting re-extracted reports where they were
    for source in sources:
        if source.event_id:
            before[source.event_id].add(source.id)
        if source.event_id or source.moved_from:
            previous[source.event_id or source.moved_from].add(source.id)
    stored = set(session.exec(select(Event.id).where(Event.block == block)))
    kept = {event_id for event_id in stored & set(members) if members[event_id] == before.get(event_id)}
    deltas = _delete_events(session, stored - kept)
    fresh = {event_id: draft for event_id, draft in drafts.items() if event_id not in kept}
    deltas.update(_write_events(session, block, fresh))
    _remember_old_ids(session, stored - set(drafts), previous, members)
    if fresh:
        session.exec(delete(EventAlias).where(EventAlias.old_id.in_(fresh)))
    return deltas


def redirect_moved(session: Session, page: int = 5000) -> None:
    """After a reextract has rebuilt every block: each event a re-extracted
    report was in that no longer exists — its reports may have moved to
    another month, which the rebuild of one block cannot see — points to
    the event most of them are in now; then the notes are cleared."""
    after = ""
    while True:
        olds = list(session.exec(select(EventSource.moved_from).where(EventSource.moved_from > after)
                                 .group_by(EventSource.moved_from).order_by(EventSource.moved_from).limit(page)))
        if not olds:
            break
        after = olds[-1]
        gone = set(olds) - set(session.exec(select(Event.id).where(Event.id.in_(olds)))) \
            - set(session.exec(select(EventAlias.old_id).where(EventAlias.old_id.in_(olds))))
        votes: dict[str, Counter] = defaultdict(Counter)
        for old, new in session.exec(select(EventSource.moved_from, EventSource.event_id).where(
                EventSource.moved_from.in_(gone), EventSource.event_id.is_not(None))):
            votes[old][new] += 1
        for old, counter in sorted(votes.items()):
            _point(session, old, min(counter, key=lambda event_id: (-counter[event_id], event_id)))
    session.exec(update(EventSource).where(EventSource.moved_from.is_not(None)).values(moved_from=None))


def _delete_events(session: Session, ids: set[str]) -> Counter:
    """Delete events; returns what they no longer count for."""
    if not ids:
        return Counter()
    deltas = Counter({key: -n for key, n in tally.of_stored(session, ids).items()})
    session.exec(update(EventSource).where(EventSource.event_id.in_(ids)).values(event_id=None))
    session.exec(delete(EventParticipant).where(EventParticipant.event_id.in_(ids)))
    session.exec(delete(EventCountry).where(EventCountry.event_id.in_(ids)))
    session.exec(delete(Event).where(Event.id.in_(ids)))
    return deltas


def _write_events(session: Session, block: str, drafts: dict) -> Counter:
    """Write events; returns what they count for."""
    if not drafts:
        return Counter()
    events, participants, countries, links = [], [], [], []
    for event_id, draft in drafts.items():
        start = first_day(draft.date)
        events.append({"id": event_id, "type": draft.type, "status": draft.status, "date": draft.date,
                       "date_start": start,
                       "date_end": date.fromisoformat(draft.date_end) if draft.date_end else None,
                       "date_precision": draft.precision, "location": draft.location,
                       "confidence": draft.confidence, "block": block})
        participants += [{"event_id": event_id, "actor_id": a["id"], "date_start": start, "position": position,
                          "title": a.get("title"), "country": a.get("country"), "role": a.get("role")}
                         for position, a in enumerate(draft.actors)]
        countries += [{"event_id": event_id, "code": code, "date_start": start, "position": position}
                      for position, code in enumerate(draft.countries)]
        links += [{"event_id": event_id, "id": s.id} for s in draft.sources]
    _insert_many(session, Event, events)
    if participants:
        _insert_many(session, EventParticipant, participants)
    if countries:
        _insert_many(session, EventCountry, countries)
    update_rows(session.connection(), EventSource.__table__, links, key=("id",))
    return tally.of_drafts(events, participants, countries)


def _count(session: Session, deltas: Counter) -> None:
    """Apply event-count changes to the tally, and to each actor's own count
    (what suggestions are ordered by) — one set of changes for both."""
    tally.apply(session, deltas)
    per_actor: Counter = Counter()
    for (dimension, key, *_), n in deltas.items():
        if dimension == "actor":
            per_actor[key] += n
    rows = [{"a": actor_id, "d": n} for actor_id, n in sorted(per_actor.items()) if n]
    if rows:
        actors = Actor.__table__
        session.connection().execute(actors.update().where(actors.c.id == bindparam("a"))
                                     .values(event_count=actors.c.event_count + bindparam("d")), rows)


def _remember_old_ids(session: Session, gone: set[str], before: dict[str, set[int]],
                      members: dict[str, set[int]]) -> None:
    """An id that no longer names an event points to the event most of its
    sources went to, so a shared permalink keeps working (301); aliases
    that pointed to it follow."""
    home = {source: event_id for event_id, ids in members.items() for source in ids}
    for old in sorted(gone):
        votes = Counter(home[s] for s in before.get(old, ()) if s in home)
        if not votes:
            continue
        _point(session, old, min(votes, key=lambda event_id: (-votes[event_id], event_id)))


def _point(session: Session, old: str, new: str) -> None:
    """The permalink `old` answers with a 301 to `new`, and so do those
    that pointed to `old`."""
    session.exec(delete(EventAlias).where(EventAlias.old_id == old))
    _insert_many(session, EventAlias, [{"old_id": old, "event_id": new}])
    session.exec(update(EventAlias).where(EventAlias.event_id == old).values(event_id=new))

