"""The stored world: articles, the events reported in them, the people who
took part. An event is derived from its sources (one per article that
reports it), so re-ingesting a corpus rebuilds the same events."""
from datetime import date, datetime, timezone

from sqlalchemy import JSON, Column, Index, Text, text
from sqlmodel import Field, SQLModel


class Article(SQLModel, table=True):
    id: str = Field(primary_key=True)  # first 16 hex digits of sha256: stable across re-ingests
    name: str = Field(index=True)
    path: str = Field(index=True)  # a batch's paths are looked up, to replace a file stored before
    sha256: str = Field(unique=True)
    format: str
    encoding: str
    title: str | None = None
    url: str | None = None
    author: str | None = None
    outlet: str | None = None  # who published it: og:site_name, the dump's publisher, else the address's host
    published: str | None = None  # ISO date or date-time in Beijing time
    published_from: str = "unknown"  # metadata / dateline / text / unknown
    held_out: str | None = None  # why its reports are kept off the timeline: "undated" (no year stated anywhere)
    held_reports: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False, server_default="[]"))
    text: str = Field(sa_column=Column(Text, nullable=False))
    ingested_at: datetime = Field(default_factory=lambda: datetime.now(timezone.utc))


class Actor(SQLModel, table=True):
    id: str = Field(primary_key=True)  # slug: sergey-lavrov
    name: str  # canonical simplified Chinese
    name_en: str | None = None
    country: str | None = Field(default=None, index=True)
    in_gazetteer: bool = False
    event_count: int = 0  # kept by the rebuild; orders suggestions without counting


class ActorName(SQLModel, table=True):
    """Every spelling of an actor: the gazetteer's and every one seen in text."""
    __tablename__ = "actor_name"
    actor_id: str = Field(foreign_key="actor.id", primary_key=True)
    name: str = Field(primary_key=True, index=True)
    seen: bool = False


class Event(SQLModel, table=True):
    """Pages read events newest first, a page at a time from a cursor (keyset
    pagination): the timeline indexes hold (date_start DESC, id) after the
    column a filter fixes — none, the type, the actor or the country."""
    __table_args__ = (Index("ix_event_timeline", text("date_start DESC"), "id"),
                      Index("ix_event_type_timeline", "type", text("date_start DESC"), "id"))
    id: str = Field(primary_key=True)  # 2022-01-10-call-wang-yi-sergey-lavrov
    type: str
    status: str = Field(index=True)
    date: str  # YYYY-MM-DD, YYYY-MM or YYYY
    date_start: date
    date_end: date | None = None
    date_precision: str
    location: str | None = None
    confidence: float = 0.0
    block: str = Field(index=True)  # type:YYYY-MM, the unit events are rebuilt in


class EventParticipant(SQLModel, table=True):
    __tablename__ = "event_participant"
    event_id: str = Field(foreign_key="event.id", primary_key=True)
    __table_args__ = (Index("ix_event_participant_timeline", "actor_id", text("date_start DESC"), "event_id"),)
    actor_id: str = Field(foreign_key="actor.id", primary_key=True)
    date_start: date | None = None  # the event's, so an actor's events come in date order from one index
    position: int = 0
    title: str | None = None
    country: str | None = None
    role: str | None = None


class EventCountry(SQLModel, table=True):
    __tablename__ = "event_country"
    event_id: str = Field(foreign_key="event.id", primary_key=True)
    __table_args__ = (Index("ix_event_country_timeline", "code", text("date_start DESC"), "event_id"),)
    code: str = Field(primary_key=True)
    date_start: date | None = None  # the event's, as in event_participant
    position: int = 0  # the order the reports name the sides in


class EventSource(SQLModel, table=True):
    """One article's report of one event: the evidence and everything the
    extractor read from it. Events are rebuilt from these rows."""
    __tablename__ = "event_source"
    __table_args__ = (Index("ix_event_source_block", "block"),)
    id: int | None = Field(default=None, primary_key=True)
    article_id: str = Field(foreign_key="article.id", index=True)
    event_id: str | None = Field(default=None, foreign_key="event.id", index=True)
    moved_from: str | None = None  # reextract: the event this report's older reading was in (for a 301)
    position: int = 0
    block: str
    type: str
    status: str
    date: str
    date_end: str | None = None
    date_precision: str
    location: str | None = None
    evidence: str = Field(sa_column=Column(Text, nullable=False))
    date_text: str | None = None
    confidence: float = 0.0
    imprecise: bool = False  # dated by a vague word (近日, 本周内)
    actors: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    countries: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    trail: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))


class EventAlias(SQLModel, table=True):
    """An id an event once had. When better extraction re-identifies an
    event (a participant added, a date made precise), the old permalink
    answers with a permanent redirect to the new one."""
    __tablename__ = "event_alias"
    old_id: str = Field(primary_key=True)
    event_id: str = Field(index=True)


class PendingBlock(SQLModel, table=True):
    """A block (type and month) whose sources changed since its events were
    last built. Written in the transaction that stores the sources, cleared
    by the rebuild, so an ingest killed in between is finished by the next."""
    __tablename__ = "pending_block"
    block: str = Field(primary_key=True)


class EventTally(SQLModel, table=True):
    """Events per month, type and status — over all events, per actor and
    per country — kept by the rebuild (app/tally.py)."""
    __tablename__ = "event_tally"
    dimension: str = Field(primary_key=True)  # all / actor / country
    key: str = Field(primary_key=True)  # "" / actor id / country code
    month: str = Field(primary_key=True)  # YYYY-MM
    type: str = Field(primary_key=True)
    status: str = Field(primary_key=True)
    n: int = 0
