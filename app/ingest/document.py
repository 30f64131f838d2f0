"""The document stage: the article's text made fit to read before anything
is looked for in it — the day it is read from (its anchor), its clauses,
its captions and list items.

Pages converted from simplified to traditional script by some portals keep
a pinyin gloss after each character the converter was unsure of —
習(xí)近平, 總統(tǒng), 會(huì)談. The gloss cuts names and words in two, so it goes
before sentences are split; a parenthesis that holds anything but one
toned pinyin syllable (an English name, a date, 12日) stays.

A photo caption (王毅（右）11日与…会谈。（新华社记者摄）) tells the event of
its picture: its own dates count, but it lends no date to the story around
it and takes none from it."""
import re
from datetime import date, datetime
from functools import cache
from pathlib import Path

import yaml

from app.ingest.dates import dateline, infer_year, latest_past_month, leading_date, publication_line, url_date, url_timestamp
from app.ingest.normalize import normalize, split_paragraphs
from app.ingest.read import RawArticle

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
# One syllable, lower case, with a tone mark (or ü), right after a Han character.
_PINYIN_GLOSS = re.compile(rf"(?<=[\u3400-\u9fff])[(（](?=[a-zü{_TONED}]*[ü{_TONED}])[a-zü{_TONED}]{{1,6}}[)）]")


def repaired(text: str) -> str:
    """The text without conversion debris."""
    if "(" not in text and "（" not in text:
        return text
    return _PINYIN_GLOSS.sub("", text)


@cache
def _caption_words() -> tuple[re.Pattern, tuple[str, ...], re.Pattern]:
    words = yaml.safe_load((Path(__file__).parent.parent / "data" / "document.yaml").read_text(encoding="utf-8"))
    caption = words["caption"]
    return re.compile(caption["position_pattern"]), tuple(caption["openers"]), re.compile(caption["credit_pattern"])


def is_caption(paragraph: str) -> bool:
    """A photo's caption: it places people in the picture (（左）, （右起第二位）),
    opens as one (图为, ▲) or ends with the photographer's or agency's credit,
    and is short."""
    body = paragraph.strip()
    if not body or len(body) > 160:
        return False
    position, openers, credit = _caption_words()
    return body.startswith(openers) or position.search(body) is not None or credit.search(body) is not None


# ——王毅对意大利进行正式访问; ■ 9月24日，…; 一是…; (1)…: an item of a list the story opened.
LIST_ITEM = re.compile(r"\s*(?:——|—|■|●|◆|◇|□|○|•|·|\*|-\s|[一二三四五六七八九十]是|[（(][一二三四五六七八九十0-9]+[)）]|[0-9]+[.、．])")


# An article that states no year anywhere is read from this day — any fixed
# day, never the machine's clock — and its reports are held out of the
# timeline (`article.held_out`): the same page must give the same events
# whenever it is ingested.
UNDATED_ANCHOR = date(2000, 12, 31)
UNDATED = "undated"
HELD_OUT_REASONS = {UNDATED: "the page states no year (not in its metadata, a dateline, a publication line "
                             "or its text), so its events cannot be dated"}


def held_out_reason(code: str, reports: int | None = None) -> str:
    """Why an article's events are kept off the timeline, in a sentence."""
    reason = HELD_OUT_REASONS.get(code, code)
    if reports is None:
        return reason
    return f"{reason}; {reports} report{'' if reports == 1 else 's'} held out"


def article_anchor(article: RawArticle) -> tuple[date, bool]:
    """The day the article was written from, and whether its year is a guess.
    Sets the article's publication date when metadata did not give one; when
    no year is stated anywhere (metadata, dateline, publication line, text)
    marks the article held out as undated and reads it from UNDATED_ANCHOR."""
    article.held_out = None
    if isinstance(article.published, datetime):
        return article.published.date(), False
    if isinstance(article.published, date):
        return article.published, False
    paragraphs = [normalize(p) for p in split_paragraphs(article.text)[:12]]
    text = normalize(article.text)
    filed = url_date(article.url)
    year, past = filed[0].year if filed else infer_year(text), latest_past_month(text)
    for paragraph in paragraphs:
        found = dateline(paragraph, year, None, not_before=None if filed else past)
        if found is not None:
            article.published, article.published_from = found[0], "dateline"
            return found[0], False
    for paragraph in paragraphs[:6]:
        published = publication_line(paragraph)
        if published is not None:
            article.published, article.published_from = published, "dateline"
            return published, False
    if filed is not None:  # the day (or the month's end) its address files it under
        day = filed[0] if filed[1] == "day" else _month_end(filed[0])
        article.published, article.published_from = day, "url"
        return day, False
    lead = leading_date(paragraphs[:6])
    if lead is not None:  # 2019年12月30日，外交部发言人…; 周一（2022年7月25日）
        article.published, article.published_from = lead, "lead"
        return lead, False
    stamped = url_timestamp(article.url)
    if stamped is not None:  # /a/7-1711442400123456.html
        article.published, article.published_from = stamped, "url"
        return stamped, False
    if year is not None:
        return date(year, 12, 31), True
    article.held_out = UNDATED
    return UNDATED_ANCHOR, True


def _month_end(first: date) -> date:
    following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return date.fromordinal(following.toordinal() - 1)


_CLAUSE_MARK = re.compile(r"[。！？!?；;]")
_COMMA_MARK = re.compile(r"[，,。！？!?；;：:]")
_UP_TO_LAST_COMMA = re.compile(r".*[，,。！？!?；;：:]", re.S)


def list_end(text: str, stretch_end: int, people) -> int:
    """分别会见A的副总理兼财长黄循财，B的主席王瑞杰，外长维文，就…交流: a list
    whose items carry titles with 、 in them is cut by commas; it goes on
    while each comma's stretch ends with a person."""
    ends = {p.span[1] for p in people}
    end = stretch_end
    while end < len(text) and text[end] in "，," and end in ends:
        following = comma_end(text, end + 1)
        if following not in ends:
            break
        end = following
    return end


def clause_end(text: str, position: int) -> int:
    match = _CLAUSE_MARK.search(text, position)
    return match.start() if match else len(text)


def comma_end(text: str, position: int) -> int:
    match = _COMMA_MARK.search(text, position)
    return match.start() if match else len(text)


def comma_start(text: str, position: int) -> int:
    match = _UP_TO_LAST_COMMA.match(text, 0, position)
    return match.end() if match else 0
