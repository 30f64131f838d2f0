"""What a path given to ingest holds: one article, or many — the records of
a scraper's JSON Lines or CSV dump, the entries of an RSS or Atom feed, the
HTML responses of a WARC file, the files of a zip or tar archive, or any of
these gzipped (bzip2, xz too). Formats are told by their first bytes (and a
dump by its extension and first line), never by the extension alone.

`read_source(path)` yields (label, RawArticle | the reason it was rejected)
one record at a time, so a dump of any size is read in bounded memory. A
label names where the record is: the path as given for a plain article,
`dump.jsonl:1834` (line), `feed.xml:#3` (entry), `crawl.warc.gz:#17`
(record), `news.zip:2024/a.html` (member). A record's RawArticle has that
label as its name and path (the file's resolved path, then the places), and
the sha256 of its own content, so re-reading a dump finds its records
unchanged and a changed record replaces its older version.

Archives are read with limits, so a zip bomb is refused with a reason and
never fills the memory or the disk: at most MAX_NESTING layers of archives
and compression, MAX_MEMBERS members, and a total unpacked size of
max(MIN_UNPACKED, UNPACK_RATIO × the file's size)."""
import bz2
import codecs
import csv
import gzip
import hashlib
import io
import json
import lzma
import re
import tarfile
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import BinaryIO

from app.ingest.read import (MAX_BYTES, SUPERSETS, ArticleError, RawArticle, article_from_text, decode, parse_timestamp, read_article,
                             storable_path)

Record = tuple[str, RawArticle | str]  # (label, the article or why it was rejected)

SNIFF = 64 * 1024  # first bytes read to tell a format (and a dump's first line)
MAX_RECORD = MAX_BYTES  # one record, line or member read as an article
MAX_DOCUMENT = 64 * 1024 * 1024  # a JSON document or a feed, parsed whole
MAX_NESTING = 5  # layers of archives and compression: a .tar.gz in a .zip is three
MAX_MEMBERS = 100_000  # archive members in one file given, all layers together
MIN_UNPACKED = 1024 ** 3  # bytes any file may unpack to …
UNPACK_RATIO = 100  # … or this many times its size, when that is more
SPOOL_IN_MEMORY = 16 * 1024 * 1024  # a zip inside another archive beyond this is spooled to a temporary file

# A record's fields, by the names the common scrapers give them (news-please,
# trafilatura, plain dumps), compared in lower case; the first found wins.
TEXT_FIELDS = ("maintext", "text", "raw_text", "content", "body", "html")
TITLE_FIELDS = ("title", "title_page", "title_rss", "headline")
URL_FIELDS = ("url", "link", "canonical_url", "source_url")
DATE_FIELDS = ("date_publish", "date_published", "datepublished", "published", "published_at", "publish_date",
               "pubdate", "pub_date", "date")
AUTHOR_FIELDS = ("author", "authors", "byline")
OUTLET_FIELDS = ("outlet", "source_domain", "sitename", "site_name", "publisher", "hostname")

JSON_EXTENSIONS = (".jsonl", ".ndjson", ".jl", ".json")
CSV_EXTENSIONS = (".csv", ".tsv")
CONTAINERS = {"zip", "tar", "gzip", "bzip2", "xz"}
KIND_NAMES = {"zip": "zip archive", "tar": "tar archive", "gzip": "gzip file", "bzip2": "bzip2 file", "xz": "xz file",
              "warc": "WARC file", "feed": "feed", "jsonl": "JSON Lines dump", "json": "JSON document",
              "csv": "CSV dump"}


class LimitExceeded(ArticleError):
    """An archive over a limit: the rest of the file given is refused, not
    just the member where it showed (the next members would only exceed it
    again); the records it gave before are kept."""

    def __init__(self, message: str, where: str | None = None):
        super().__init__(message)
        self.where = where  # the label it showed at, else set by the innermost reader


def read_source(path: Path, encoding: str | None = None) -> Iterator[Record]:
    """Every article of a path given to ingest, one at a time; at least one
    item per path (a dump without articles is reported as such)."""
    path = Path(path)
    head = _head_of_file(path)
    kind = sniff(head, path.name) if head else "article"
    if kind == "article":
        yield _plain_file(path, encoding)
        return
    where = _Where(str(path), path.name, str(path.resolve()))
    try:
        budget = _Budget(path.stat().st_size)
        with open(path, "rb") as stream:
            yield from _records_of(_Source(stream, head, path.name, where, 0, path), budget, encoding)
    except LimitExceeded as exc:
        yield exc.where or where.shown, str(exc)
    except OSError as exc:
        yield where.shown, f"cannot read: {exc.strerror or exc}"


def _head_of_file(path: Path) -> bytes | None:
    """The first bytes of a regular file; None when there are none to read
    (read_article then says why: empty, missing, a broken link…)."""
    try:
        if not path.is_file():
            return None
        with open(path, "rb") as stream:
            return stream.read(SNIFF) or None
    except OSError:
        return None


def _plain_file(path: Path, encoding: str | None) -> Record:
    try:
        raw = read_article(path, encoding)
    except ArticleError as exc:
        return str(path), str(exc)
    except OSError as exc:
        return str(path), f"cannot read: {exc.strerror or exc}"
    except Exception as exc:  # noqa: BLE001 — one file's failure must not end the batch
        return str(path), f"cannot read: {exc.__class__.__name__}: {exc}"
    raw.path = storable_path(str(path.resolve()))
    return str(path), raw


# ---------------------------------------------------------------- telling formats

_FEED_START = re.compile(r"\A(?:\s|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>)*<(?:rss|feed|rdf:RDF)[\s>/]", re.S | re.I)


def sniff(head: bytes, name: str) -> str:
    """The format of a file from its first bytes and, for dumps, its name:
    zip, gzip, bzip2, xz, tar, warc, feed, jsonl, json, csv — or article."""
    lower = name.lower()
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "zip"
    if head.startswith(b"\x1f\x8b"):
        return "gzip"
    if head.startswith(b"BZh") and head[4:10] == b"1AY&SY":
        return "bzip2"
    if head.startswith(b"\xfd7zXZ\x00"):
        return "xz"
    if head[257:262] == b"ustar":
        return "tar"
    if head.startswith(b"WARC/1."):
        return "warc"
    text = _head_text(head)
    if _FEED_START.match(text[:4096]):
        return "feed"
    if lower.endswith(JSON_EXTENSIONS):
        return "json" if lower.endswith(".json") and _is_json_document(text, whole=len(head) < SNIFF) else "jsonl"
    if lower.endswith(CSV_EXTENSIONS):
        return "csv"
    if _first_line_is_object(text, needs_text_field=True):
        return "jsonl"  # JSON Lines under another name: told by its first record
    return "article"


def _head_text(head: bytes) -> str:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head.decode("utf-16", errors="replace")
    return codecs.getincrementaldecoder("utf-8-sig")(errors="replace").decode(head)


def _is_json_document(text: str, whole: bool) -> bool:
    """A .json file is one JSON document (a list, or an object written on
    several lines) unless its first line is a whole object: JSON Lines. A
    first line longer than the bytes sniffed is taken as a long record."""
    start = text.lstrip()
    if start.startswith("["):
        return True
    line_is_complete = whole or "\n" in start
    return line_is_complete and not _first_line_is_object(text)


def _first_line_is_object(text: str, needs_text_field: bool = False) -> bool:
    line = text.lstrip().split("\n", 1)[0]
    if not line.startswith("{"):
        return False
    try:
        value = json.loads(line)
    except ValueError:
        return False
    return isinstance(value, dict) and (not needs_text_field or bool(_lowered(value).keys() & set(TEXT_FIELDS)))


# ---------------------------------------------------------------- where a record is, and the budget of a file


@dataclass(frozen=True)
class _Where:
    shown: str  # as reported: the path as given, then each place inside it
    name: str  # the file's name, then the places
    path: str  # the file's resolved path, then the places: the record's identity for replacement

    def at(self, place: str) -> "_Where":
        return _Where(f"{self.shown}:{place}", f"{self.name}:{place}", f"{self.path}:{place}")


class _Budget:
    """What one file given to ingest may unpack to, all layers together."""

    def __init__(self, size_on_disk: int):
        self.limit = max(MIN_UNPACKED, UNPACK_RATIO * size_on_disk)
        self.unpacked = 0
        self.members = 0

    def charge(self, size: int) -> None:
        self.unpacked += size
        if self.unpacked > self.limit:
            raise LimitExceeded(f"refused: unpacks to more than {_size(self.limit)} "
                                f"(the limit for a file of this size; a zip bomb?)")

    def expect(self, declared: int, where: _Where) -> None:
        """An archive member that says it is larger than what is left is
        refused before any of it is unpacked."""
        if self.unpacked + declared > self.limit:
            raise LimitExceeded(f"refused: a member would unpack to {_size(declared)}, more than the "
                                f"{_size(self.limit)} this file may unpack to (a zip bomb?)", where.shown)

    def member(self, count: int = 1) -> None:
        self.members += count
        if self.members > MAX_MEMBERS:
            raise LimitExceeded(f"refused: more than {MAX_MEMBERS} archive members")


def _size(count: int) -> str:
    for unit in ("bytes", "KiB", "MiB", "GiB"):
        if count < 1024 or unit == "GiB":
            return f"{count} {unit}" if unit == "bytes" else f"{count:.1f} {unit}"
        count /= 1024
    return str(count)


class _Replayed(io.RawIOBase):
    """A stream whose first bytes were read to tell its format, read from its
    start again: those bytes, then the rest."""

    def __init__(self, head: bytes, rest: BinaryIO):
        self.head, self.rest = head, rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self.head:
            count = min(len(buffer), len(self.head))
            buffer[:count], self.head = self.head[:count], self.head[count:]
            return count
        data = self.rest.read(len(buffer))
        buffer[:len(data)] = data
        return len(data)


class _Charged(io.RawIOBase):
    """What comes out of a decompressor or an archive member, charged to the
    file's budget as it is read."""

    def __init__(self, stream: BinaryIO, budget: _Budget):
        self.stream, self.budget = stream, budget

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.stream.read(len(buffer))
        self.budget.charge(len(data))
        buffer[:len(data)] = data
        return len(data)


@dataclass
class _Source:
    """A stream to read records from, positioned at its start."""
    stream: io.BufferedReader
    head: bytes
    name: str  # its own file or member name: its extension tells a dump
    where: _Where
    depth: int  # layers of archives and compression around it
    file: Path | None = None  # the file on disk, when it is one (a zip is read by seeking)


def _source(stream: BinaryIO, name: str, where: _Where, depth: int) -> _Source:
    """The stream with its first bytes read to tell its format. A stream that
    breaks within them (a cut archive) is still told by what came before the
    break; the break is met again when it is read that far."""
    parts = []
    try:
        while sum(map(len, parts)) < SNIFF and (part := stream.read(1024)):
            parts.append(part)
    except LimitExceeded:
        raise
    except Exception:  # noqa: BLE001 — raised again by the next read, past these bytes
        pass
    head = b"".join(parts)
    return _Source(io.BufferedReader(_Replayed(head, stream)), head, name, where, depth)


def _read_up_to(stream: BinaryIO, count: int) -> bytes:
    parts, size = [], 0
    while size < count:
        part = stream.read(count - size)
        if not part:
            break
        parts.append(part)
        size += len(part)
    return b"".join(parts)


# ---------------------------------------------------------------- records of any format


def _records_of(source: _Source, budget: _Budget, encoding: str | None) -> Iterator[Record]:
    """The records of a stream of any format. A container that fails part
    way is reported at its own label after the records it gave; one over a
    limit stops the whole file given."""
    kind = sniff(source.head, source.name)
    if kind == "article":
        yield _attempt(source.where, lambda: _member_article(source, encoding))
        return
    if kind in CONTAINERS and source.depth >= MAX_NESTING:
        yield source.where.shown, f"archives nested more than {MAX_NESTING} deep (counting each compression)"
        return
    try:
        yield from _READERS[kind](source, budget, encoding)
    except LimitExceeded as exc:
        exc.where = exc.where or source.where.shown
        raise
    except ArticleError as exc:
        yield source.where.shown, str(exc)
    except Exception as exc:  # noqa: BLE001 — a broken container is reported; the batch goes on
        yield source.where.shown, f"cannot read the {KIND_NAMES[kind]}: {exc.__class__.__name__}: {exc}"


def _attempt(where: _Where, read: Callable[[], RawArticle]) -> Record:
    """One record read, or why not: a bad record never stops its file."""
    try:
        return where.shown, read()
    except LimitExceeded:
        raise
    except ArticleError as exc:
        return where.shown, str(exc)
    except Exception as exc:  # noqa: BLE001
        return where.shown, f"cannot read: {exc.__class__.__name__}: {exc}"


def _member_article(source: _Source, encoding: str | None) -> RawArticle:
    """A single article inside an archive or compressed file, read as a file is."""
    data = _read_up_to(source.stream, MAX_RECORD + 1)
    if not data:
        raise ArticleError("empty file")
    if len(data) > MAX_RECORD:
        raise ArticleError(f"file too large (more than {MAX_RECORD} bytes, the limit)")
    text, used = decode(data, encoding)
    return article_from_text(text, source.where.name, source.where.path, _sha256(data), used)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# ---------------------------------------------------------------- dumps: JSON Lines, JSON, CSV


def _jsonl_records(source: _Source, budget: _Budget, encoding: str | None) -> Iterator[Record]:
    lines, used = _text_stream(source, encoding)
    found = False
    for number, line in _numbered_lines(lines):
        if line is not None and not line.strip():
            continue
        found = True
        where = source.where.at(str(number))
        yield _attempt(where, lambda: _jsonl_record(line, where, used))
    if not found:
        raise ArticleError("no records in the JSON Lines dump")


def _jsonl_record(line: str | None, where: _Where, encoding: str) -> RawArticle:
    if line is None:
        raise ArticleError(f"record too long (more than {MAX_RECORD} characters on the line)")
    line = line.strip()
    try:
        fields = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ArticleError(f"invalid JSON: {exc.msg} (column {exc.colno})") from exc
    if not isinstance(fields, dict):
        raise ArticleError("not a JSON object")
    return _record_article(fields, where, _sha256(line.encode("utf-8")), encoding)


def _numbered_lines(lines: io.TextIOBase) -> Iterator[tuple[int, str | None]]:
    """(1-based line number, line) — None for a line too long to be a record,
    whose rest is skipped without being held."""
    number = 0
    while True:
        line = lines.readline(MAX_RECORD + 1)
        if not line:
            return
        number += 1
        if len(line) > MAX_RECORD and not line.endswith("\n"):
            while line and not line.endswith("\n"):
                line = lines.readline(MAX_RECORD)
            yield number, None
        else:
            yield number, line


def _text_stream(source: _Source, encoding: str | None) -> tuple[io.TextIOWrapper, str]:
    """A dump read as text in its encoding — given, else UTF-8 when its first
    bytes are, else detected from them; bytes that do not decode become U+FFFD
    in their record rather than stop the dump."""
    used = encoding or _dump_encoding(source.head)
    try:
        codecs.lookup(used)
    except LookupError as exc:
        raise ArticleError(f"unknown encoding {used}") from exc
    lines = io.TextIOWrapper(source.stream, encoding=used, errors="replace", newline="")
    return lines, "utf-8" if used == "utf-8-sig" else used


def _dump_encoding(head: bytes) -> str:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head)
        return "utf-8-sig"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(head).best()
    return best.encoding if best is not None and best.encoding else "utf-8"


def _json_records(source: _Source, budget: _Budget, encoding: str | None) -> Iterator[Record]:
    """A JSON document: one object (an article), or a list of them."""
    data = _read_whole(source.stream, MAX_DOCUMENT, "JSON document", "write it as JSON Lines, one object a line")
    text, used = decode(data, encoding)
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ArticleError(f"invalid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})") from exc
    if isinstance(value, dict):
        yield _attempt(source.where, lambda: _record_article(value, source.where, _sha256(data), used))
        return
    if not isinstance(value, list) or not value:
        raise ArticleError("neither a JSON object nor a list of them")
    for index, fields in enumerate(value, 1):
        where = source.where.at(f"#{index}")
        yield _attempt(where, lambda: _json_item(fields, where, used))


def _json_item(fields, where: _Where, encoding: str) -> RawArticle:
    if not isinstance(fields, dict):
        raise ArticleError("not a JSON object")
    content = json.dumps(fields, ensure_ascii=False, sort_keys=True).encode("utf-8")
    return _record_article(fields, where, _sha256(content), encoding)


def _read_whole(stream: BinaryIO, limit: int, what: str, advice: str = "") -> bytes:
    data = _read_up_to(stream, limit + 1)
    if len(data) > limit:
        raise ArticleError(f"{what} too large to read whole (more than {_size(limit)})" + (f": {advice}" if advice else ""))
    return data


def _csv_records(source: _Source, budget: _Budget, encoding: str | None) -> Iterator[Record]:
    """A CSV or TSV dump with a header row naming its fields; each row an
    article, labelled with the line it starts on."""
    lines, used = _text_stream(source, encoding)
    first = lines.readline(MAX_RECORD)
    dialect = _csv_dialect(first, source.name)
    header = [name.strip().lower() for name in next(csv.reader([first], dialect), [])]
    if not set(header) & set(TEXT_FIELDS):
        raise ArticleError(f"the header row names no text field (one of: {', '.join(TEXT_FIELDS)})")
    if csv.field_size_limit() < MAX_RECORD:
        csv.field_size_limit(MAX_RECORD)
    rows = csv.reader(lines, dialect)
    found = False
    while True:
        start = rows.line_num + 2  # the header was line 1
        try:
            row = next(rows)
        except StopIteration:
            break
        except csv.Error as exc:
            found = True
            yield source.where.at(str(start)).shown, f"invalid CSV: {exc}"
            continue
        if not any(cell.strip() for cell in row):
            continue
        found = True
        where = source.where.at(str(start))
        yield _attempt(where, lambda: _csv_record(header, row, where, used))
    if not found:
        raise ArticleError("no rows under the header")


def _csv_dialect(header: str, name: str):
    if name.lower().endswith(".tsv"):
        return csv.excel_tab
    try:
        return csv.Sniffer().sniff(header, delimiters=",;\t|")
    except csv.Error:
        return csv.excel


def _csv_record(header: list[str], row: list[str], where: _Where, encoding: str) -> RawArticle:
    content = json.dumps(row, ensure_ascii=False).encode("utf-8")
    return _record_article(dict(zip(header, row)), where, _sha256(content), encoding)


def _record_article(fields: dict, where: _Where, sha256: str, encoding: str) -> RawArticle:
    """An article from a dump's record: its text field (HTML goes through
    the reader of web pages), and its own title, address, publication time,
    author and outlet, which win over what the text says."""
    fields = _lowered(fields)
    return article_from_text(_text_of(fields), where.name, where.path, sha256, encoding, _record_meta(fields))


def _lowered(fields: dict) -> dict:
    return {str(key).strip().lower(): value for key, value in fields.items()}


def _text_of(fields: dict) -> str:
    present = [key for key in TEXT_FIELDS if key in fields]
    for key in present:
        text = _as_text(fields[key])
        if text and text.strip():
            return text
    if present:
        raise ArticleError(f"no text: {' and '.join(present)} {'is' if len(present) == 1 else 'are'} empty")
    raise ArticleError(f"no text field (one of: {', '.join(TEXT_FIELDS)})")


def _as_text(value) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return "\n".join(value)  # paragraphs
    return None


def _record_meta(fields: dict) -> dict:
    """Only the fields a record has: an empty one must not hide what the
    text's own header or page says."""
    meta = {}
    for key, names in (("title", TITLE_FIELDS), ("url", URL_FIELDS), ("published", DATE_FIELDS),
                       ("author", AUTHOR_FIELDS), ("outlet", OUTLET_FIELDS)):
        value = next((fields[name] for name in names if _given(fields.get(name))), None)
        if isinstance(value, list):
            value = ", ".join(str(item) for item in value if _given(item))
        if _given(value) and not isinstance(value, dict):
            meta[key] = value if key == "published" and not isinstance(value, str) else str(value).strip()
    return meta


def _given(value) -> bool:
    return value is not None and value != "" and value != [] and not (isinstance(value, str) and not value.strip())


# ---------------------------------------------------------------- feeds and web archives


def _feed_records(source: _Source, budget: _Budget, encoding: str | None) -> Iterator[Record]:
    """Each entry of an RSS or Atom feed: its content, or its summary when
    that is all it has; the feed's title is the outlet. Parsed from bytes,
    so nothing is ever fetched."""
    import feedparser

    data = _read_whole(source.stream, MAX_DOCUMENT, "feed")
    feed = feedparser.parse(data)
    if not feed.entries:
        problem = f" ({feed.bozo_exception})" if feed.get("bozo") else ""
        raise ArticleError(f"no entries in the feed{problem}")
    outlet = feed.feed.get("title")
    used = feed.get("encoding") or "utf-8"
    for index, entry in enumerate(feed.entries, 1):
        where = source.where.at(f"#{index}")
        yield _attempt(where, lambda: _entry_article(entry, outlet, where, used))


def _entry_article(entry, outlet: str | None, where: _Where, encoding: str) -> RawArticle:
    contents = [part.get("value") or "" for part in entry.get("content") or []]
    text = max(contents, key=len, default="") or entry.get("summary") or ""
    if not text.strip():
        raise ArticleError("no content or summary in the entry")
    stamp = entry.get("published") or entry.get("updated")
    meta = {"title": entry.get("title"), "url": entry.get("link"), "author": entry.get("author"),
            "outlet": outlet, "published": _entry_time(entry, stamp)}
    meta = {key: value for key, value in meta.items() if _given(value)}
    content = json.dumps([entry.get("link"), entry.get("title"), stamp, text, outlet], ensure_ascii=False)
    return article_from_text(text, where.name, where.path, _sha256(content.encode("utf-8")), encoding, meta)


def _entry_time(entry, stamp: str | None):
    """The entry's time as written; feedparser's reading of it (in UTC) when
    the stamp is in a form the reader does not know."""
    if stamp and parse_timestamp(stamp) is not None:
        return stamp
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    return datetime(*parsed[:6], tzinfo=timezone.utc) if parsed else None


_HTML_TYPES = ("text/html", "application/xhtml+xml")


def _warc_records(source: _Source, budget: _Budget, encoding: str | None) -> Iterator[Record]:
    """Each successful HTML response (or HTML resource) of a WARC file; the
    other records — requests, metadata, images, redirects — are skipped."""
    from warcio.archiveiterator import ArchiveIterator

    count = found = 0
    for count, record in enumerate(ArchiveIterator(source.stream), 1):
        if not _is_html_page(record):
            continue
        found += 1
        where = source.where.at(f"#{count}")
        yield _attempt(where, lambda: _warc_article(record, where, encoding))
    if not found:
        raise ArticleError(f"no HTML responses among its {count} WARC records")


def _is_html_page(record) -> bool:
    if record.rec_type == "response" and record.http_headers is not None:
        status = record.http_headers.get_statuscode() or ""
        content_type = record.http_headers.get_header("Content-Type") or ""
        return status.startswith("2") and content_type.lower().startswith(_HTML_TYPES)
    if record.rec_type == "resource":
        return (record.rec_headers.get_header("Content-Type") or "").lower().startswith(_HTML_TYPES)
    return False


def _warc_article(record, where: _Where, encoding: str | None) -> RawArticle:
    """The page of a WARC record. Its target URI is its address; the capture
    time (WARC-Date) stands for the publication time only when the page
    states none (`clipped` is the reader's last resort)."""
    data = _read_up_to(record.content_stream(), MAX_RECORD + 1)
    if not data:
        raise ArticleError("empty response")
    if len(data) > MAX_RECORD:
        raise ArticleError(f"response too large (more than {MAX_RECORD} bytes, the limit)")
    content_type = (record.http_headers.get_header("Content-Type") if record.http_headers else None) \
        or record.rec_headers.get_header("Content-Type") or ""
    text, used = _decode_page(data, content_type, encoding)
    url = record.rec_headers.get_header("WARC-Target-URI")
    meta = {"url": url, "clipped": record.rec_headers.get_header("WARC-Date")}
    meta = {key: value for key, value in meta.items() if _given(value)}
    return article_from_text(text, where.name, where.path, _sha256(f"{url}\n".encode() + data), used, meta)


_CHARSET = re.compile(r"charset=[\"']?([\w.:-]+)", re.I)
_DEFAULT_CHARSETS = {"iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii", "windows-1252"}  # often a server's default, not the page's


def _decode_page(data: bytes, content_type: str, encoding: str | None) -> tuple[str, str]:
    """The charset the server declared, when the page decodes in it;
    otherwise as a file is decoded (UTF-8, else detected)."""
    declared = _CHARSET.search(content_type)
    charset = declared.group(1).lower() if declared else None
    if not encoding and charset and charset not in _DEFAULT_CHARSETS:
        charset = SUPERSETS.get(charset, charset)
        try:
            return data.decode(charset), charset
        except (LookupError, UnicodeDecodeError):
            pass
    return decode(data, encoding)


# ---------------------------------------------------------------- archives and compressed files


def _zip_records(source: _Source, budget: _Budget, encoding: str | None) -> Iterator[Record]:
    with _seekable(source) as file:
        budget.member(_declared_entries(file))
        with zipfile.ZipFile(file) as archive:
            members = [info for info in archive.infolist() if not info.is_dir() and _listed(info.filename)]
            if not members:
                raise ArticleError("no files in the zip archive")
            for info in members:
                where = source.where.at(_zip_name(info))
                if info.flag_bits & 0x1:
                    yield where.shown, "encrypted member; cannot read it"
                    continue
                budget.expect(info.file_size, where)
                with archive.open(info) as member:
                    inner = _source(_Charged(member, budget), info.filename, where, source.depth + 1)
                    yield from _records_of(inner, budget, encoding)


def _seekable(source: _Source):
    """A zip is read from its end: the file itself, or a zip inside another
    archive copied out first (to memory, or to a temporary file beyond
    SPOOL_IN_MEMORY), its unpacked bytes charged as they are copied."""
    if source.file is not None:
        return open(source.file, "rb")
    copy = tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY)
    while chunk := source.stream.read(1024 * 1024):
        copy.write(chunk)
    copy.seek(0)
    return copy


def _declared_entries(file: BinaryIO) -> int:
    """How many entries the zip's end record declares — read before zipfile
    loads its whole directory, so a zip of millions is refused cheaply."""
    end = getattr(zipfile, "_EndRecData", None)
    try:
        record = end(file) if end else None
    except (OSError, ValueError):
        record = None
    file.seek(0)
    return record[zipfile._ECD_ENTRIES_TOTAL] if record else 0


def _zip_name(info: zipfile.ZipInfo) -> str:
    """A member's name as its archiver wrote it: zips made on Chinese
    Windows store GBK names without the UTF-8 flag, which zipfile reads as
    cp437."""
    if info.flag_bits & 0x800:
        return info.filename
    raw = info.filename.encode("cp437", errors="replace")
    for codec in ("utf-8", "gb18030"):
        try:
            return raw.decode(codec)
        except UnicodeDecodeError:
            continue
    return info.filename


def _listed(name: str) -> bool:
    """Hidden files and folders (and macOS's __MACOSX forks) are skipped, as
    in a folder."""
    parts = [part for part in name.replace("\\", "/").split("/") if part not in ("", ".")]
    return bool(parts) and not any(part.startswith(".") or part == "__MACOSX" for part in parts)


def _tar_records(source: _Source, budget: _Budget, encoding: str | None) -> Iterator[Record]:
    """A tar archive read as a stream, member after member (its compression,
    if any, was taken off by the layer around it)."""
    found = False
    with tarfile.open(fileobj=source.stream, mode="r|") as archive:
        for member in archive:
            budget.member()
            if not member.isfile() or not _listed(member.name):
                continue
            found = True
            name = re.sub(r"\A(?:\./)+", "", member.name)
            inner = _source(archive.extractfile(member), name, source.where.at(name), source.depth + 1)
            yield from _records_of(inner, budget, encoding)
    if not found:
        raise ArticleError("no files in the tar archive")


_UNPACKED_NAMES = ((".tgz", ".tar"), (".tbz2", ".tar"), (".tbz", ".tar"), (".txz", ".tar"),
                   (".gz", ""), (".gzip", ""), (".bz2", ""), (".xz", ""))


def _unpacked_records(source: _Source, budget: _Budget, encoding: str | None) -> Iterator[Record]:
    """A compressed file is what it holds: an article, a dump, a tar, a WARC…
    under the same label."""
    opener = {"gzip": lambda stream: gzip.GzipFile(fileobj=stream), "bzip2": bz2.BZ2File,
              "xz": lzma.LZMAFile}[sniff(source.head, source.name)]
    name = source.name
    for suffix, replacement in _UNPACKED_NAMES:
        if name.lower().endswith(suffix):
            name = name[:-len(suffix)] + replacement
            break
    with opener(source.stream) as unpacked:
        yield from _records_of(_source(_Charged(unpacked, budget), name, source.where, source.depth + 1),
                               budget, encoding)


_READERS: dict[str, Callable[[_Source, _Budget, str | None], Iterator[Record]]] = {
    "jsonl": _jsonl_records, "json": _json_records, "csv": _csv_records, "feed": _feed_records,
    "warc": _warc_records, "zip": _zip_records, "tar": _tar_records,
    "gzip": _unpacked_records, "bzip2": _unpacked_records, "xz": _unpacked_records,
}
