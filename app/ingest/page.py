"""Whole web pages: the article's body out of a saved page, and what the page
says about it. A news page is mostly not its story — navigation, related
articles, share widgets, comments, scripts — and a list of related
headlines would lend the page their events. The body is found as
readability finds it (paragraphs score their containers by text and commas,
link-heavy boxes count against them), on selectolax's lexbor parser, which
reads a page in about a millisecond where readability-lxml takes ninety.
Fragments, clippings and Markdown keep the fragment reader of read.py."""
import re
from pathlib import Path

import yaml
from selectolax.lexbor import LexborHTMLParser, LexborNode

# A whole page by its structure, wherever its long head puts it.
_WHOLE_PAGE = re.compile(r"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<meta\s[^>]*charset", re.I)
# Never part of a story.
_DROPPED = ["script", "style", "noscript", "template", "iframe", "svg", "object", "canvas", "select", "form",
            "button", "nav", "aside", "footer", "input", "textarea"]
# Class and id words of a story's container, and of what surrounds it (app/data/page.yaml): a
# factor, never a verdict — a story inside `<div class="share-wrap">` is still the story.
CLASS_WORDS = yaml.safe_load((Path(__file__).parent.parent / "data" / "page.yaml").read_text(encoding="utf-8"))
# A box whose class or id has a boilerplate word as a word (`news-share bar`, not `sharewrap`).
_BOILERPLATE_BOX = re.compile(rf"(?:^|[\s_-])(?:{'|'.join(map(re.escape, CLASS_WORDS['boilerplate']))})(?:$|[\s_-])", re.I)
_LIKELY = re.compile("|".join(map(re.escape, CLASS_WORDS["story"])), re.I)
_UNLIKELY = re.compile("|".join(map(re.escape, CLASS_WORDS["boilerplate"] + CLASS_WORDS["boilerplate_in_pages"])), re.I)
_HAN = re.compile("[\u4e00-\u9fff]")
_PARAGRAPHS = "p, pre, td, blockquote"  # not li: lists of links (friend links, menus) are no story
_TEXT_BOXES = "div, section, td, span, font"
_BOXES = "div, section, ul, ol, table, dl"
MIN_PARAGRAPH = 10  # Han characters a paragraph needs to count (an address or a menu has few)
MIN_STORY = 40  # Han characters the chosen body needs; fewer, and the whole page is read


def is_whole_page(text: str) -> bool:
    return _WHOLE_PAGE.search(text) is not None


def read_page(html: str) -> tuple[str | None, dict[str, str]]:
    """The HTML of the page's story (its best-scored container, with the
    siblings that continue it and without the link lists inside it) — None
    when no container holds a story, and the whole page is read — and what
    the page says about it (title, address, site, author, time)."""
    tree = LexborHTMLParser(html)
    meta = page_meta(tree)
    body = tree.body
    if body is None:
        return None, meta
    for node in body.css(", ".join(_DROPPED)):
        node.decompose()
    scores = _scores(body)
    if not scores:
        return None, meta
    best = max(scores, key=lambda node: scores[node])
    parts = _with_siblings(best, scores)
    for part in parts:
        _drop_link_lists(part)
    text = "".join(part.text(deep=True) for part in parts)
    if len(_HAN.findall(text)) < MIN_STORY:
        return None, meta
    return "".join(part.html or "" for part in parts), meta


# Where a web page states its title, address, site, author and publication time.
META_KEYS = {
    "og:title": "title", "twitter:title": "title", "og:site_name": "site_name", "application-name": "site_name",
    "og:url": "url",
    "author": "author", "article:author": "author",
    "article:published_time": "published", "og:published_time": "published", "datepublished": "published",
    "pubdate": "published", "publishdate": "published", "publish-date": "published", "date": "published",
    "dc.date": "published", "dc.date.issued": "published", "sailthru.date": "published",
}


def page_meta(tree: LexborHTMLParser) -> dict[str, str]:
    """The first of each: <meta> names, the canonical link, a <time> outside
    the boxes around the story (asides, related articles: not this page's
    time); the headline is the first <h1>, else og:title, else <title>."""
    meta: dict[str, str] = {}
    for node in tree.css("meta"):
        attrs = node.attributes
        key = META_KEYS.get((attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "").lower())
        if key and (attrs.get("content") or "").strip():
            meta.setdefault(key, attrs["content"].strip())
    canonical = tree.css_first('link[rel="canonical"]')
    if canonical is not None and (canonical.attributes.get("href") or "").strip():
        meta.setdefault("url", canonical.attributes["href"].strip())
    for node in tree.css("time[datetime]"):
        if not any(ancestor.tag in _DROPPED or is_boilerplate_box(ancestor.attributes) for ancestor in _ancestors(node)):
            meta.setdefault("time", (node.attributes.get("datetime") or "").strip())
            break
    for selector in ("h1", "title"):
        node = tree.css_first(selector)
        text = " ".join(node.text(deep=True).split()) if node is not None else ""
        if text and (selector == "h1" or "title" not in meta):
            meta["title"] = text
            break
    return {key: value for key, value in meta.items() if value}


def page_date(html: str) -> str | None:
    """The publication day htmldate reads in a page's markup (its <meta> and
    <time> conventions, JSON-LD, the address, the idiosyncratic date lines of
    portals), for pages whose head names none of ours. Its search of the
    free text is left off: the article's dateline is read by the extractor,
    and a date in a related headline is no publication date."""
    from htmldate import find_date  # slow to import; only for pages that need it

    try:
        return find_date(html, extensive_search=False, original_date=True, outputformat="%Y-%m-%d",
                         min_date="1949-10-01")
    except (ValueError, TypeError):
        return None


def is_boilerplate_box(attrs: dict) -> bool:
    """A box the fragment reader leaves out: related articles, share and
    comment widgets, navigation — by a word of its class or id."""
    return _BOILERPLATE_BOX.search(f"{attrs.get('class') or ''} {attrs.get('id') or ''}") is not None


def _ancestors(node: LexborNode):
    node = node.parent
    while node is not None:
        yield node
        node = node.parent


def _scores(body: LexborNode) -> dict:
    """Each paragraph gives its container its weight (1, one per comma, one
    per hundred characters up to three) and half of it to the container's
    parent; a container's score is then cut by how much of its text is links
    and moved by its class and id words."""
    scores: dict = {}
    for paragraph, container in _paragraphs(body):
        text = paragraph.text(deep=True, strip=True)
        weight = 1 + len(re.findall("[，,、；]", text)) + min(len(_HAN.findall(text)) // 100, 3)
        for node, share in ((container, 1.0), (container.parent if container else None, 0.5)):
            if node is not None and node.tag not in ("body", "html"):
                scores[node] = scores.get(node, 0.0) + weight * share
    return {node: score * (1 - _link_density(node)) * _class_weight(node) for node, score in scores.items()}


def _paragraphs(body: LexborNode):
    """(paragraph, its container): <p> and its kin in their parent, and
    containers that hold text of their own between <br>s rather than in
    paragraphs (many Chinese pages write a story so)."""
    for node in body.css(_PARAGRAPHS):
        if len(_HAN.findall(node.text(deep=True))) >= MIN_PARAGRAPH:
            yield node, node.parent
    for node in body.css(_TEXT_BOXES):
        own = "".join(child.text_content or "" for child in node.iter(include_text=True) if child.tag == "-text")
        if len(_HAN.findall(own)) >= 2 * MIN_PARAGRAPH:
            yield node, node


def _link_density(node: LexborNode) -> float:
    text = len(node.text(deep=True, strip=True))
    if not text:
        return 1.0
    links = sum(len(a.text(deep=True, strip=True)) for a in node.css("a"))
    return min(1.0, links / text)


def _class_weight(node: LexborNode) -> float:
    """A factor, not a verdict: a story in `<div class="share-wrap">` is
    still the page's best-scored text when nothing else comes near it."""
    words = f"{node.attributes.get('class') or ''} {node.attributes.get('id') or ''}"
    if not words.strip():
        return 1.0
    return (1.5 if _LIKELY.search(words) else 1.0) * (0.5 if _UNLIKELY.search(words) else 1.0)


def _with_siblings(best: LexborNode, scores: dict) -> list:
    """The chosen container and its siblings that go on with the story: a
    score of a fifth of its own, or a long paragraph with few links."""
    parent = best.parent
    if parent is None:
        return [best]
    bar = max(10.0, scores[best] * 0.2)
    parts = []
    for sibling in parent.iter():
        if sibling == best:
            parts.append(sibling)
        elif scores.get(sibling, 0) >= bar and sibling.tag == best.tag:
            parts.append(sibling)
        elif sibling.tag == "p" and len(sibling.text(deep=True, strip=True)) > 80 and _link_density(sibling) < 0.25:
            parts.append(sibling)
    return parts


def _drop_link_lists(story: LexborNode) -> None:
    """Inside the story, boxes that are mostly links (related articles, tag
    clouds, 上一篇/下一篇) or short and marked as boilerplate go; a box that
    holds a good part of the story stays whatever its class says."""
    total = len(story.text(deep=True, strip=True)) or 1
    for box in story.css(_BOXES):
        if box.parent is None:
            continue  # already gone with a box around it
        text = len(box.text(deep=True, strip=True))
        words = f"{box.attributes.get('class') or ''} {box.attributes.get('id') or ''}"
        if text and _link_density(box) > 0.5 and box.css_first("a") is not None:
            box.decompose()
        elif text < total * 0.25 and words.strip() and _UNLIKELY.search(words) and not _LIKELY.search(words):
            box.decompose()
