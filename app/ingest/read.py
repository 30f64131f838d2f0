"""Read one article file — plain text, Markdown with YAML front matter, an
HTML fragment, or a web clip with an epoch-ms comment header — into its text
as written and its metadata."""
import hashlib
import re
import stat
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import yaml
from charset_normalizer import from_bytes
from markdown_it import MarkdownIt

from selectolax.lexbor import LexborHTMLParser

from app.ingest.page import is_boilerplate_box, is_whole_page, page_date, page_meta, read_page

BEIJING = ZoneInfo("Asia/Shanghai")
MAX_BYTES = 20 * 1024 * 1024
MAX_FRONT_MATTER = 64 * 1024

_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: the same safe rules, ten times faster


class ArticleError(Exception):
    """A file that cannot be read as an article; the message says why."""


@dataclass
class RawArticle:
    name: str
    path: str
    sha256: str
    format: str
    text: str
    encoding: str
    title: str | None = None
    url: str | None = None
    author: str | None = None
    outlet: str | None = None
    published: datetime | date | None = None
    published_from: str = "unknown"
    meta: dict = field(default_factory=dict)
    held_out: str | None = None  # why its events stay off the timeline (set by the extractor): "undated"


def read_article(path: Path, encoding: str | None = None, max_bytes: int = MAX_BYTES) -> RawArticle:
    path = Path(path)
    data = _read_bytes(path, max_bytes)
    text, used = decode(data, encoding)
    return article_from_text(text, name=path.name, path=str(path), sha256=hashlib.sha256(data).hexdigest(),
                             encoding=used)


def storable_path(path: str) -> str:
    """A path as stored and shown. A file name that is not valid UTF-8
    reaches Python with its bytes smuggled in as lone surrogates, which no
    database accepts: they are written as \\xNN instead — the same name
    gives the same text every time, so a re-ingest still finds the file."""
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def article_from_text(text: str, name: str, path: str, sha256: str, encoding: str = "utf-8",
                      meta: dict | None = None) -> RawArticle:
    """One article from its decoded text — a file's, or a record's of a dump
    or archive, whose own fields (`meta`: title, url, published, outlet…)
    come first, before what the text's header or page says."""
    name, path = storable_path(name), storable_path(path)
    if not text.strip():
        raise ArticleError("only whitespace, no text")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\x00", "")
    found, body, fmt = _split_header(text)
    given = dict(meta or {})
    meta = {**found, **given}
    if fmt == "text" and name.lower().endswith(MARKDOWN_SUFFIXES):
        fmt = "markdown"
    whole_page = body if is_whole_page(body) else None
    if whole_page is not None:
        story, page = read_page(body)
        body = html_text(story, boxes=False) if story is not None else html_text(body)
        fmt = "html" if fmt == "text" else fmt
        _fill(meta, page)
    elif fmt == "markdown":
        body = html_text(markdown_html(body))  # its metadata is its front matter
    elif fmt == "clip":
        body, page = html_page(markdown_html(body))
        _fill(meta, page)
        body = _markdown_marks_removed(body)  # a clipper's HTML blocks hold Markdown of their own (<p>**“守望相助”**</p>)
    elif _looks_like_html(body):
        body, page = html_page(body)
        fmt = "html" if fmt == "text" else fmt
        _fill(meta, page)
    body = "\n".join(line.rstrip() for line in body.split("\n")).strip()
    if not body:
        raise ArticleError("no text after reading the file")
    if _han_share(body) == 0:  # the product reads Chinese-language news
        raise ArticleError(f"no Chinese text (read as {encoding}; wrong encoding? try --encoding)")
    article = RawArticle(
        name=name, path=path, sha256=sha256,
        format=fmt, text=body, encoding=encoding, meta=meta,
        title=_str(meta.get("title")) or _first_line(body),
        url=_str(meta.get("url") or meta.get("link")),
        author=_str(meta.get("author")),
    )
    article.outlet = outlet_of(meta, article.url)
    published = publication_time(meta)
    if published is not None:
        article.published, article.published_from = published, "metadata"
    elif whole_page is not None:
        found = page_date(whole_page)
        if found is not None:
            article.published, article.published_from = date.fromisoformat(found), "page"
    return article


MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd")
# Markdown as CommonMark, with raw HTML kept (<figure>, <img>) and each line break
# kept as one: scraped Markdown often writes one paragraph per line.
_MARKDOWN = MarkdownIt("commonmark", {"html": True, "breaks": True})


def markdown_html(text: str) -> str:
    """Markdown rendered, so paragraphs, lists, headings and embedded HTML all
    reach the HTML reader as blocks (link targets and images drop out there)."""
    return _MARKDOWN.render(text)


def _fill(meta: dict, page: dict) -> None:
    for key, value in page.items():
        meta.setdefault(key, value)  # front matter and a record's fields, when there are any, win


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    if path.is_symlink() and not path.exists():
        raise ArticleError("broken or looping symbolic link")
    if not path.is_file():
        raise ArticleError(f"not a regular file ({_kind_of(path)}), nothing to read")
    size = path.stat().st_size
    if size == 0:
        raise ArticleError("empty file")
    if size > max_bytes:
        raise ArticleError(f"file too large ({size} bytes; the limit is {max_bytes})")
    return path.read_bytes()


_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe"), (stat.S_ISSOCK, "a socket"),
          (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"))


def _kind_of(path: Path) -> str:
    """What a path that is no regular file is, without opening it: opening
    a named pipe would wait for a writer for ever."""
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        return exc.strerror or "cannot be looked at"
    return next((name for test, name in _KINDS if test(mode)), "a special file")


def decode(data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """UTF-8 first (with or without BOM), UTF-16 by its BOM, else detection."""
    if encoding:
        try:
            return data.decode(encoding), encoding
        except (LookupError, UnicodeDecodeError) as exc:
            raise ArticleError(f"cannot decode as {encoding}: {exc}") from exc
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _checked(data.decode("utf-16", errors="replace"), "utf-16")
    try:
        return _checked(data.decode("utf-8-sig"), "utf-8")
    except UnicodeDecodeError:
        pass
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return _checked(*utf16)
    if b"\x00" in data[:8192]:
        raise ArticleError("binary file (NUL bytes, no text encoding)")
    mostly_utf8 = data.decode("utf-8", errors="replace")
    if _few_broken_bytes(mostly_utf8) and _han_share(mostly_utf8) > 0.2:
        return _checked(mostly_utf8, "utf-8 (invalid bytes replaced)")  # a few broken bytes in UTF-8 text
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise ArticleError("binary file or unknown text encoding")
    return _checked(*_in_superset(data, str(best), best.encoding))


# A legacy label and what a writer who used it almost always wrote: GB2312
# text is GBK in practice (WHATWG maps the label so too), and Python's
# gb2312 reads GBK's middle dot A1A4 as the katakana ・ — 古尔班古力・别尔德
# … then matches no name. GB18030 and Big5-HKSCS read the same bytes as
# the narrower codecs, and more.
SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "big5": "big5hkscs"}


def _in_superset(data: bytes, text: str, encoding: str) -> tuple[str, str]:
    wider = SUPERSETS.get(encoding.lower())
    if wider:
        try:
            return data.decode(wider), wider
        except UnicodeDecodeError:
            pass
    return text, encoding


def _few_broken_bytes(text: str) -> bool:
    """One stray byte inside a character costs up to four replacement
    marks (the byte, the cut character, its orphaned continuation bytes):
    a short article with one is still UTF-8 text."""
    return text.count("\ufffd") <= max(4, len(text) // 200)


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 saved without its byte-order mark. Chinese text has no NUL
    bytes to give it away in either byte order (习 is 4E 60), but read in
    the wrong order only about a third of it stays Chinese and the rest is
    Yi, Hangul or private use; its line breaks and digits become Gurmukhi."""
    if len(data) % 2 or len(data) < 4 or _mostly_ascii_pairs(data[:8192]):
        return None
    for encoding in ("utf-16-le", "utf-16-be"):  # judged on the first 8 KB: a GBK file pays little
        sample = data[:8192].decode(encoding, errors="replace")
        strange = len(_NOT_CHINESE_TEXT.findall(sample)) / max(1, len(sample))
        if _han_share(sample) > 0.2 and strange < 0.05:
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError:
                return None
    return None


# What a Chinese article is written in: Han, CJK and full-width punctuation,
# ASCII, general punctuation. Bytes that are no UTF-16 read as such land
# elsewhere (U+0100 from 00 01, Hangul, Yi, private use).
_NOT_CHINESE_TEXT = re.compile("[^\u4e00-\u9fff\u3000-\u303f\uff00-\uffef\x09\x0a\x0d\x20-\x7e"
                               "\u00a0-\u00ff\u2000-\u206f\u3400-\u4dbf]")


def _mostly_ascii_pairs(head: bytes) -> bool:
    """Two ASCII letters read as one UTF-16 unit are a Han character (`ga`
    is U+6167): text in an ASCII-based encoding must not pass for UTF-16.
    In Chinese UTF-16 most units have a byte outside printable ASCII."""
    pairs = len(head) // 2
    printable = sum(1 for i in range(0, pairs * 2, 2) if 32 <= head[i] < 127 and 32 <= head[i + 1] < 127)
    return printable > pairs / 2


_HAN = re.compile("[\u4e00-\u9fff]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f]")  # below 32, except \t \n \f \r


def _han_share(text: str) -> float:
    sample = text[:20000]
    return len(_HAN.findall(sample)) / max(1, len(sample))


def _checked(text: str, encoding: str) -> tuple[str, str]:
    """Decoded text must be text: no control characters beyond whitespace."""
    controls = len(_CONTROL.findall(text[:20000]))
    if controls > 10:
        raise ArticleError(f"binary file (control characters after decoding as {encoding})")
    return text, encoding


_FRONT_MATTER = re.compile(r"\A\s*---[ \t]*\n(.*?)\n---[ \t]*\n", re.S)
_EPOCH_COMMENT = re.compile(r"\A\s*<!--\s*(\d{10,13})\s*-->\s*\n")
_MD_LINK_TITLE = re.compile(r"\A\s*\[([^\]]+)\]\((\S+?)\)\s*\n(?:-{3,}|={3,})?\s*\n?")
_ISO_IN_TAG = re.compile(r"\A\s*<div><i>([0-9T:\-+.Z ]+)</i></div>")


def _split_header(text: str) -> tuple[dict, str, str]:
    match = _FRONT_MATTER.match(text)
    if match:
        meta = _front_matter(match.group(1))
        return meta, text[match.end():], "markdown"
    match = _EPOCH_COMMENT.match(text)
    if match:
        return _clip_header(match, text)
    return {}, text, "text"


def _front_matter(source: str) -> dict:
    """YAML with the safe loader, refusing what a scraped page has no use
    for: more than 64 KB, and anchors or aliases (the billion-laughs bomb)."""
    if len(source) > MAX_FRONT_MATTER:
        raise ArticleError(f"YAML front matter too large ({len(source)} characters; the limit is {MAX_FRONT_MATTER})")
    try:
        for event in yaml.parse(source, Loader=_YAML_LOADER):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise ArticleError("YAML front matter uses anchors or aliases, which articles never need")
        meta = yaml.load(source, Loader=_YAML_LOADER) or {}
    except yaml.YAMLError as exc:
        raise ArticleError(f"invalid YAML front matter: {exc.__class__.__name__}") from exc
    except (ValueError, OverflowError) as exc:  # date: 2019-02-30, 2019-13-01 (YAML makes dates of them)
        raise ArticleError(f"invalid YAML front matter: {exc}") from exc
    if not isinstance(meta, dict):
        raise ArticleError("YAML front matter is not a mapping")
    for key, value in meta.items():
        _check_field(str(key), value)
    return meta


# The front-matter fields the reader uses, and what each must be: a date or
# timestamp, or text (a number is taken as text: `title: 1949`); an author
# may be a list of names. Other fields are not read, so not checked.
DATE_KEYS = ("date", "published", "pubdate", "publish_date", "datetime", "time", "created")
TEXT_KEYS = ("title", "url", "link", "author", "outlet", "publisher", "site_name")
_TYPE_NAMES = {dict: "a mapping", list: "a list", bytes: "binary data", bool: "true or false", type(None): "empty"}
_CONTROL_IN_FIELD = re.compile("[\x00-\x08\x0b-\x1f\x7f]")


def _check_field(key: str, value) -> None:
    """A field of the wrong type would be stored as its Python repr (a
    title `{'a': 1}`, `b'…'`) or read by dateparser into a made-up date
    (`[1, 2]` → 2 January): refuse the file and say which field is wrong."""
    if key in DATE_KEYS:
        allowed, wanted, values = (date, str, int), "a date or a timestamp", [value]
    elif key in TEXT_KEYS:
        allowed, wanted = (str, int, float), "text"
        values = value if key == "author" and isinstance(value, list) else [value]
    else:
        return
    for item in values:
        if item is None:
            continue
        if isinstance(item, bool) or not isinstance(item, allowed):
            raise ArticleError(f"front matter `{key}` should be {wanted}, not {_type_name(item)}")
        control = _CONTROL_IN_FIELD.search(item) if isinstance(item, str) else None
        if control:
            raise ArticleError(f"front matter `{key}` holds a control character (\\x{ord(control.group()):02x})")


def _type_name(value) -> str:
    return _TYPE_NAMES.get(type(value), f"a {type(value).__name__}")


def _clip_header(match: re.Match, text: str) -> tuple[dict, str, str]:
    """The web-clip header: <!--epoch ms-->, a Markdown link as title, an
    ISO timestamp in <div><i>…</i></div>."""
    stamp = int(match.group(1))
    meta: dict = {"clipped": datetime.fromtimestamp(stamp / 1000 if stamp > 1e11 else stamp, timezone.utc)}
    rest = text[match.end():]
    link = _MD_LINK_TITLE.match(rest)
    if link:
        meta["title"], meta["url"] = link.group(1).strip(), link.group(2)
        rest = rest[link.end():]
    iso = _ISO_IN_TAG.match(rest)
    if iso:
        meta["date"] = iso.group(1).strip()
        rest = rest[iso.end():]
    return meta, rest, "clip"


# Where front matter, a dump's record (sources.py maps its publisher field to
# `outlet`) or a page's og:site_name names who published it.
_OUTLET_KEYS = ("outlet", "publisher", "site_name")


def outlet_of(meta: dict, url: str | None) -> str | None:
    """Who published the article: what its record, front matter or page
    says, else its address's host."""
    for key in _OUTLET_KEYS:
        value = meta.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()[:200]
    return url_host(url)


def url_host(url: str | None) -> str | None:
    if not url:
        return None
    try:
        host = urlsplit(url.strip()).hostname or ""
    except ValueError:
        return None
    return host.removeprefix("www.") or None


def publication_time(meta: dict) -> datetime | date | None:
    for key in (*DATE_KEYS, "clipped"):
        value = meta.get(key)
        if value:
            parsed = parse_timestamp(value)
            if parsed is not None:
                return parsed
    return None


def parse_timestamp(value) -> datetime | date | None:
    """Machine timestamps in metadata, converted to Beijing time. A bare date
    stays a date; a time without zone is taken as Beijing time."""
    if isinstance(value, datetime):
        return _to_beijing(value)
    if isinstance(value, date):
        return value
    text = str(value).strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            return date.fromisoformat(text)
        except ValueError as exc:  # "2019-02-30", "0000-01-01": written as a day, and none
            raise ArticleError(f"publication date {text} is no day: {exc}") from exc
    try:
        return _to_beijing(datetime.fromisoformat(text.replace("Z", "+00:00")))
    except ValueError:
        pass
    import dateparser  # slow to import; only for the odd formats

    # Only a stated day, month and year: dateparser would complete `March 5`
    # or `yesterday` from the machine's clock, which is no publication date.
    parsed = dateparser.parse(text, languages=["en"], settings={
        "RETURN_AS_TIMEZONE_AWARE": False, "REQUIRE_PARTS": ["day", "month", "year"],
        "PARSERS": ["timestamp", "custom-formats", "absolute-time", "no-spaces-time", "negative-timestamp"]})
    if parsed is None:
        return None
    return _to_beijing(parsed if parsed.tzinfo else parsed.replace(tzinfo=_zone_of(text)))


def _zone_of(text: str):
    return timezone.utc if re.search(r"\b(GMT|UTC|Z)\b|[+-]00:?00$", text) else BEIJING


def _to_beijing(value: datetime) -> datetime:
    """A time without zone is Beijing time as it stands; another zone's is
    converted. A time at the calendar's edge (year 1 east of Greenwich)
    has no Beijing time: the article is refused, naming it."""
    if value.tzinfo is None:
        return value.replace(tzinfo=BEIJING)
    try:
        return value.astimezone(BEIJING)
    except (OverflowError, ValueError) as exc:
        raise ArticleError(f"publication time {value.isoformat()} is out of range") from exc


def _looks_like_html(text: str) -> bool:
    return len(re.findall(r"</?(p|div|span|br|img|a|strong|h[1-6]|li|section|article|figure|small|i|b|em)\b", text[:20000], re.I)) >= 2


class _TextExtractor(HTMLParser):
    """The page's text, one block per line. Navigation, asides and footers
    are no part of the story: a list of related articles would otherwise
    lend this page their events."""
    BLOCK = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
             "section", "article", "blockquote", "figure", "figcaption", "header", "pre",
             "hr", "dd", "dt", "dl", "main", "caption", "td", "th"}
    SKIP = {"script", "style", "noscript", "template", "iframe", "svg", "head", "object", "canvas", "select",
            "nav", "aside", "footer", "form", "button"}
    BOXES = {"div", "section", "ul", "ol", "table", "dl"}

    def __init__(self, boxes: bool = True):
        super().__init__(convert_charrefs=True)
        self.boxes = boxes
        self.parts: list[str] = []
        self.skipping = 0
        self.boxed: list[list] = []  # [tag, open count] of boxes that are no part of the story

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self.boxed and tag == self.boxed[-1][0]:
            self.boxed[-1][1] += 1
        elif self.boxes and tag in self.BOXES and is_boilerplate_box(attrs):
            self.boxed.append([tag, 1])  # <div class="related">: counted open tags of its kind until it closes
            self.skipping += 1
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_startendtag(self, tag, attrs):
        if tag in self.BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if self.boxed and tag == self.boxed[-1][0]:
            self.boxed[-1][1] -= 1
            if not self.boxed[-1][1]:
                self.boxed.pop()
                self.skipping = max(0, self.skipping - 1)
        if tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(re.sub(r"\s+", " ", data))


def html_page(html: str) -> tuple[str, dict[str, str]]:
    """A fragment's or clipping's text, and what its markup says of it
    (title, address, site, author, publication time)."""
    return html_text(html), page_meta(LexborHTMLParser(html))


def html_text(html: str, boxes: bool = True) -> str:
    """Tags stripped: paragraphs, list items and captions on lines of their
    own. With `boxes`, boxes marked as boilerplate by their class are left
    out (not for a story the page reader has already cut out of its page)."""
    parser = _TextExtractor(boxes=boxes)
    parser.feed(html)
    parser.close()
    if parser.boxed:  # a box left open (a broken fragment) would hide the rest of the page: keep the boxes
        parser = _TextExtractor(boxes=False)
        parser.feed(html)
        parser.close()
    lines = (line.strip() for line in "".join(parser.parts).split("\n"))
    return "\n".join(line for line in lines if line)


def _markdown_marks_removed(text: str) -> str:
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", text)
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)
    return re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)


def _first_line(text: str) -> str | None:
    for line in text.split("\n"):
        line = line.strip()
        if line:
            return line[:200]
    return None


def _str(value) -> str | None:
    if isinstance(value, list):  # author: [甲, 乙]
        value = ", ".join(str(item) for item in value if item not in (None, ""))
    return str(value).strip() if value not in (None, "") else None
