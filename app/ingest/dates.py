"""Chinese date expressions resolved against the right anchor.

dateparser reads `10日` as "ten days ago" and `12月22日` as 2012-12-22, so
in-text expressions get this resolver. Two anchors matter:

* `now`: the day the text is written from — the publication date, or the
  dateline of the story the sentence belongs to. Month-day expressions take
  their year from it; a held event cannot lie after it.
* `narrative`: the last date the story itself spoke of. A bare `8日` after
  `5月7日` continues May; `此前一天`, `当天`, `本月` are relative to it.
"""
import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta, timezone

import yaml

from app.ingest.gazetteer import DATA
from app.ingest.patterns import skipping, words_pattern

_WORDS = yaml.safe_load((DATA / "dates.yaml").read_text(encoding="utf-8"))

_CN_DIGITS = {"〇": 0, "零": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
              "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}

Y = r"(?:[12][0-9]{3}|[一二][〇零○一二三四五六七八九]{3})"
M = r"(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"
D = r"(?:3[01]|[12][0-9]|0?[1-9]|[一二]?十[一二三四五六七八九]?|三十一?|廿[一二三四五六七八九]?|卅一?|[一二三四五六七八九])"
RANGE = r"(?:至|到|—|-|－|~|～|、)"  # 、: 18、19日两天
WEEKDAY = r"(?:周|星期|礼拜)(?P<wd>[一二三四五六日天])"
# Taiwan counts years from the Republic's first (1912): 民國113年 is 2024.
ROC_Y = r"(?:[1-9][0-9]{1,2}|[一二三四五六七八九十百〇零○]{2,5})"
# Days listed between the first and the last (7、8、9日, 7日、8日、9日): the
# span runs from the first to the last.
LISTED = rf"(?:、{D}[日号]?)*"
FULL_TAIL = rf"(?:{LISTED}{RANGE}(?:(?P<m2>{M})月)?(?P<d2>{D})[日号])?"
# A part of a month: its ten-day thirds (旬), its start and end; 中 only
# before no other character (3月中，… but not 3月中美会谈).
PART = r"(?:上旬|中旬|下旬|初|中(?![\u4e00-\u9fff])|底|末)"
# Months named from `now` (本月, 下月) or from the story's month (同月, 次月).
REL_MONTH = r"(?:本月|上个?月|下个?月|同月|当月|次月|翌月)"
# 15号 for the 15th (Hong Kong and Taiwan usage), but not 15号文件, 3号线, 第2334号决议, 空军一号
# (nor an address: 唐宁街10号, see the day rule).
HAO = r"(?<![军舰船星娥宫][0-9一二三四五六七八九十])(?<![军舰船星娥宫][0-9一二三四五六七八九十]{2})号(?!文件|文|线|楼|院|决议|令|公告|机|舰|门|台|车|馆|码|房|桥|通知|航站楼|选手|种子|病人|人物|码头|公路|国道|坑|井|店)"


def _lone_day(words: dict) -> str:
    """昨, 今, 明 alone for a day (see dates.yaml): what may follow each and
    what may not come before it."""
    today = words["time_words"] + words["verbs"]
    not_a_start = words_pattern(words["not_a_start"])
    return (rf"昨(?!{words_pattern(words['yesterday_not_before'])})"
            rf"|(?<![{words['today_not_after']}])今(?={words_pattern(today)})(?!{not_a_start})"
            rf"|(?<![{words['tomorrow_not_after']}])明(?={words_pattern(words['tomorrow_time_words'])})(?!{not_a_start})")


_PATTERNS: list[tuple[str, str]] = [
    ("full", rf"(?P<y>{Y})年(?P<m>{M})月(?P<d>{D})[日号]{FULL_TAIL}"),
    ("full_span", rf"(?P<y>{Y})年(?P<m>{M})月(?P<d>{D}){LISTED}{RANGE}(?P<d2>{D})[日号]"),
    ("roc", rf"(?P<era>(?:中华)?民国)(?P<y>{ROC_Y})年(?:(?P<m>{M})月(?:(?P<d>{D})[日号]{FULL_TAIL})?)?"),
    ("roc_bare", rf"(?<![0-9])(?P<y>[1-9][0-9]{{1,2}})年(?P<m>{M})月(?:(?P<d>{D})[日号]{FULL_TAIL})?"),
    ("numeric", r"(?<![0-9])(?P<y>[12][0-9]{3})[-/.](?P<m>1[0-2]|0?[1-9])[-/.](?P<d>3[01]|[12][0-9]|0?[1-9])(?![0-9])"),
    ("rel_year_part", r"(?P<ry>今年|去年|前年|明年|当年)年?(?P<yp>初|底|末)"),
    ("half_year", rf"(?:(?P<ry>今年|去年|前年|明年|当年)|(?P<y>{Y})年)?(?P<half>上|下)半年"),
    ("year_part", rf"(?P<y>{Y})年年?(?P<yp>初|底|末)"),
    ("rel_year_md", rf"(?P<ry>今年|去年|前年|明年|当年)(?P<m>{M})月(?P<d>{D})[日号]"),
    ("rel_year_m", rf"(?P<ry>今年|去年|前年|明年|当年)(?P<m>{M})月份?(?P<part>{PART})?"),
    ("rel_month_d", rf"(?P<rm>{REL_MONTH})(?P<d>{D})(?:[日号]?{LISTED}{RANGE}(?P<d2>{D}))?[日号]"),
    ("ym", rf"(?P<y>{Y})年(?P<m>{M})月份?(?P<part>{PART})?"),
    ("md", rf"(?<![0-9年])(?P<m>{M})月(?P<d>{D})[日号]{FULL_TAIL}"),
    ("md_span", rf"(?<![0-9年])(?P<m>{M})月(?P<d>{D}){LISTED}{RANGE}(?P<d2>{D})[日号]"),
    ("paren_day", rf"(?P<rel>今|昨|明|前)[(（](?P<d>{D})(?:[)）]日|日[)）])"),
    ("weekday_gloss", rf"(?P<wk>上上|上|本|这|下)?个?{WEEKDAY}[(（](?:(?P<y>{Y})年)?(?:(?P<m>{M})月)?(?P<d>{D})[日号]?[)）]"),
    ("weekday_aside", rf"(?<=[日号])[(（]{WEEKDAY}[)）]"),
    ("weekday", rf"(?P<wk>上上|上|本|这|下)?个?{WEEKDAY}"),
    ("week_start", r"(?P<wk>本|这|上|下)(?:周|星期)(?:伊始|初|之初)"),
    ("rel_day", r"(?<![等相如共协])(?P<rd>此前一天|前一天|前一日|同一天|同一日|同日|当天|当日|当晚|当天晚上|次日|第二天|翌日|隔天|今天|今日|"
                r"今晨|今早|今晚|昨天|昨日|昨晚|昨夜|昨晨|大前天|前天|明天|明日|明晚|大后天|后天)"),
    ("lone_day", rf"(?P<rel>{_lone_day(_WORDS['lone_day'])})"),
    ("day", rf"(?<![0-9月年周期拜第〇零一二三四五六七八九十廿卅街路巷弄])(?P<d>{D})(?:日|{HAO})(?:{LISTED}{RANGE}(?P<d2>{D})(?:日|{HAO}))?(?![本元方韩])"),
    ("day_span", rf"(?<![0-9月年〇零一二三四五六七八九十])(?P<d>{D}){LISTED}{RANGE}(?P<d2>{D})日"),
    ("month", rf"(?<![0-9年])(?P<m>{M})月份?(?P<part>{PART})?(?![0-9一二三四五六七八九十廿卅]|日)"),
    ("rel_month_part", rf"(?P<rm>{REL_MONTH})(?P<part>{PART})"),
    ("rel_month", rf"(?P<rm>本月|上月|上个月|下月|下个月)(?![0-9一二三四五六七八九十廿卅])"),
    ("days_offset", r"(?P<n>[0-9]{1,2}|[一二两三四五六七八九十]{1,2})天(?:以|之)?(?P<dir>前|后)"),
    ("year", rf"(?P<ry>今年|去年|前年)(?![0-9一二三四五六七八九十]|底|初)"),
]
_VAGUE = (r"(?P<vague>近日|日前|前不久|不久前|近期|日内(?!瓦)|早些时候|(?:本|这个?)(?:周|星期|礼拜)内?|"
           r"[上下]个?(?:周|星期|礼拜)|本月初|本月底|月初|月底|上旬|中旬|下旬)")
_GRAMMAR = "|".join(f"(?P<{name}>{rx.replace('(?P<', f'(?P<{name}_')})" for name, rx in _PATTERNS) + "|" + _VAGUE
_MASTER = skipping(_GRAMMAR)
# Each rule's own groups in the master pattern, by their names in the rule (md_d → d).
_GROUPS = {rule: [(name, name[len(rule) + 1:]) for name in _MASTER.groupindex if name.startswith(rule + "_")]
           for rule, _ in _PATTERNS}


@dataclass(frozen=True)
class DateValue:
    """A resolved expression, with the trail of how it was resolved."""
    start: date
    precision: str  # day / month / year
    text: str
    span: tuple[int, int]
    rule: str
    anchor: date
    anchor_kind: str  # now / narrative
    end: date | None = None
    imprecise: bool = False

    @property
    def iso(self) -> str:
        if self.precision == "year":
            return f"{self.start.year:04d}"
        if self.precision == "month":
            return f"{self.start.year:04d}-{self.start.month:02d}"
        return self.start.isoformat()

    def trail(self) -> str:
        how = "vague, month only" if self.imprecise else self.rule.replace("_", " ")
        days = f", {self.start.isoformat()}…{self.end.isoformat()}" if self.end and self.precision != "day" else ""
        return f"「{self.text}」 → {self.iso}{days} ({how}; anchor {self.anchor_kind} {self.anchor.isoformat()})"


@dataclass
class Anchor:
    """Where a sentence's dates are resolved from; moves with the story."""
    now: date
    roc: bool = False  # a Taiwanese text: 113年3月5日 counts from 1912
    narrative: date | None = None
    narrative_precision: str = "day"
    narrative_paragraph: int = -1
    paragraph: int = 0
    history: list = field(default_factory=list)

    def advance(self, value: DateValue) -> None:
        if value.imprecise or value.precision == "year":
            return
        self.narrative = value.start
        self.narrative_precision = value.precision
        self.narrative_paragraph = self.paragraph


def first_day(value: str) -> date:
    """The first day of a date at its precision: 2019-12 → 2019-12-01, 2019 → 2019-01-01."""
    return date.fromisoformat(value if len(value) == 10 else (value + "-01" if len(value) == 7 else value + "-01-01"))


def cn_number(text: str) -> int:
    """Arabic or Chinese numerals: 12, 十二, 廿八, 卅一, 二〇一九."""
    if text.isdigit():
        return int(text)
    if text[0] == "廿":
        return 20 + (cn_number(text[1:]) if len(text) > 1 else 0)
    if text[0] == "卅":
        return 30 + (cn_number(text[1:]) if len(text) > 1 else 0)
    if "百" in text:  # 一百一十三 (a year of the Republic)
        hundreds, _, rest = text.partition("百")
        rest = rest.lstrip("零〇○")
        return _CN_DIGITS[hundreds or "一"] * 100 + (cn_number(rest) if rest else 0)
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)
    if len(text) > 1:  # digit by digit: 二〇一九
        return int("".join(str(_CN_DIGITS[c]) for c in text))
    return _CN_DIGITS[text]


def find_dates(sentence: str, anchor: Anchor, future: bool = False,
               future_clauses: list[tuple[int, int]] | None = None) -> list[DateValue]:
    """Every date expression of a normalized sentence, resolved in reading
    order; each one moves the narrative anchor for the next. With
    `future_clauses`, only a date inside one of them is announced for the
    future (7日抵达华盛顿，将与特朗普会面: the 7th is past). A date inside
    a recalling clause (继去年11月…之后) moves no anchor."""
    found = []
    asides = [m.span() for m in _ASIDE.finditer(sentence)]
    glosses = list(_CLOCK_GLOSS.finditer(sentence))
    text, where = _squeezed(sentence)
    for match in _MASTER.finditer(text):
        start, end = where[match.start()], where[match.end() - 1] + 1
        gloss = next((g for g in glosses if g.start() < start < g.end()), None)
        if gloss is not None and not _local_clock(gloss, found):
            continue  # 美东时间28日晚（北京时间29日上午）: the local day is the event's
        ahead = future if future_clauses is None else any(a <= start < b for a, b in future_clauses)
        value = _resolve(match, anchor, ahead)
        if value is None or value.start > anchor.now + HORIZON:
            continue  # 2035年远景目标: a goal, not the date of a meeting
        if text is not sentence:
            value = replace(value, span=(start, end), text=sentence[start:end])
        value = _after_its_start(value, found[-1] if found else None, sentence)
        value = _as_told_before(value, found)
        found.append(value)
        if not any(a <= start < b for a, b in asides):
            anchor.advance(value)
    return found


def _as_told_before(value: DateValue, found: list[DateValue]) -> DateValue:
    """马克龙说他将于4月访问日本，4月访日之后…: the same words for a date,
    announced ahead earlier in the sentence (将于), are that date again when
    nothing marks them (马克龙4月曾访问越南，他将于4月访日: two Aprils)."""
    same = next((f for f in found if f.text == value.text and f.rule == value.rule), None)
    if same is None or same.start <= value.start:
        return value
    return replace(value, start=same.start, end=same.end)


def _after_its_start(value: DateValue, before: DateValue | None, sentence: str) -> DateValue:
    """从本月18日至12月上旬: the end of a stretch lies after its start, in the
    next year when the two alone would put it before."""
    if before is None or value.start >= before.start or \
            sentence[before.span[1]:value.span[0]].strip() not in _STRETCH_MARKS:
        return value
    later = _next_year(value.start)
    if later is None or later < before.start:
        return value
    return replace(value, start=later, end=_next_year(value.end) if value.end else None)


def _next_year(day: date) -> date | None:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return None


_STRETCH_MARKS = ("至", "到", "－", "—", "-", "~", "～", "—至")


# A parenthesis that gives the time of the event on another clock: 美东时间
# 28日晚（北京时间29日上午）, 当地时间15日（台北时间16日凌晨）. The text dates
# an event by the clock where it happens, so the converted day is no date
# of it — unless the parenthesis is the local clock's (北京时间30日凌晨
# （当地时间29日下午）): then it replaces the date just before it.
_CLOCK_GLOSS = re.compile(r"[(（](?P<clock>(?!第一|同一)[\u4e00-\u9fff]{2,8}?)时间"
                          r"(?=[0-9一二三四五六七八九十廿卅上下凌清早中晚傍午周星])[^()（）]*(?:[)）]|$)")
_GLOSSED_WITHIN = 16  # characters between a date and the parenthesis that converts it, at most


def _local_clock(gloss: re.Match, found: list) -> bool:
    """Whether a clock's parenthesis is the local time; if so, the date it
    converts (just before it) is dropped from `found`."""
    if gloss["clock"] != "当地":
        return False
    if found and 0 <= gloss.start() - found[-1].span[1] <= _GLOSSED_WITHIN:
        found.pop()
    return True


# 8 月 6 日, 2025 年 3 月 5 日, 周三（ 13 日 ）: some outlets (Hong Kong's,
# overseas ones, pages typeset for the web) set digits apart with spaces.
# Normalizing keeps the text's length, so they stay there; the resolver reads
# the sentence without the spaces that lie inside a date.
_NUMERAL = "0-9〇零○一二三四五六七八九十廿卅"
_SPACE = "[ \u00a0\u2009\u202f]+"
_SPACE_IN_DATE = skipping(
    rf"(?<=[{_NUMERAL}]){_SPACE}(?=[年月日号])"        # 8 月, 6 日
    rf"|(?<=[年月(（至到]){_SPACE}(?=[{_NUMERAL}]{{1,4}}{_SPACE}?[月日号])"  # 年 3 月, 月 6 日, （ 13 日, 至 9 日
    rf"|(?<=[日号]){_SPACE}(?=[()（）至到])"            # 13 日 ）, 6 日 至, 1 日 （周一）
    rf"|(?<=[周期拜][一二三四五六日天]){_SPACE}(?=[(（])")  # 周三 （13日）


def _squeezed(sentence: str) -> tuple[str, list[int]]:
    """The sentence without the spaces inside its dates, and for each of its
    characters (and its end) the offset in `sentence` — so a date's span and
    text are those of the sentence as given."""
    if _SPACE_IN_DATE.search(sentence) is None:
        return sentence, range(len(sentence) + 1)
    where = [i for i in range(len(sentence))]
    for gap in reversed(list(_SPACE_IN_DATE.finditer(sentence))):
        del where[gap.start():gap.end()]
    return "".join(sentence[i] for i in where), [*where, len(sentence)]


# 继去年11月在旧金山会晤之后，…16日…: a clause that recalls an earlier event
# leaves the story where it was (the 16th is not November's).
# So does one that tells when the last such event was (上一次访华是在2019年12月,
# 两人上次会晤是在去年9月): the story's own time stays where it was.
_ASIDE = skipping(r"(?<!相)继(?!续|承|任)[^，,。；;]{1,40}?(?:之后|以后|后)"
                  r"|(?:上一次|上次|前一次|上一回)[^，,。；;]{0,12}?(?:是|在|于)[^，,。；;]{0,30}")


HORIZON = timedelta(days=366)


def _resolve(match: re.Match, anchor: Anchor, future: bool) -> DateValue | None:
    rule = match.lastgroup
    if rule == "vague":
        return _vague(match, anchor)
    g = {short: match.group(full) for full, short in _GROUPS[rule] if match.group(full) is not None}
    try:
        return _RESOLVERS[rule](match, g, anchor, future)
    except (ValueError, KeyError):
        return None  # 2月30日 and the like: not a real date


def _value(match, rule, start, precision, anchor, kind, end=None, imprecise=False) -> DateValue:
    return DateValue(start=start, precision=precision, text=match.group(0), span=match.span(),
                     rule=rule, anchor=anchor, anchor_kind=kind, end=end, imprecise=imprecise)


def _end_of(start: date, g: dict) -> date | None:
    if "d2" not in g:
        return None
    month = cn_number(g["m2"]) if "m2" in g else start.month
    year = start.year + (1 if month < start.month else 0)
    end = date(year, month, cn_number(g["d2"]))
    return end if end > start else None


def _full(match, g, anchor, future):
    start = date(cn_number(g["y"]), cn_number(g["m"]), cn_number(g["d"]))
    return _value(match, "full date", start, "day", anchor.now, "now", end=_end_of(start, g))


# Without 民國 a Republic year is a recent one (a decision, a visit, a
# report); 建交50年3月 is no date even in a Taiwanese text.
_ROC_BARE_YEARS = 20


def _roc(match, g, anchor, future):
    """民國113年3月5日, 中華民國一一三年; in a Taiwanese text 113年3月5日
    too (elsewhere a number of years before a month is no date): the year
    is the Republic's, 1911 after the common era's."""
    year = cn_number(g["y"]) + 1911
    if "era" not in g and not (anchor.roc and anchor.now.year - year <= _ROC_BARE_YEARS):
        return None
    if "d" in g:
        start = date(year, cn_number(g["m"]), cn_number(g["d"]))
        return _value(match, "Republic year", start, "day", anchor.now, "now", end=_end_of(start, g))
    precision = "month" if "m" in g else "year"
    start = date(year, cn_number(g["m"]) if "m" in g else 1, 1)
    return _value(match, "Republic year", start, precision, anchor.now, "now")


def _relative_year(word: str, now: date) -> int:
    return now.year + {"今年": 0, "当年": 0, "去年": -1, "前年": -2, "明年": 1}[word]


def _rel_year_md(match, g, anchor, future):
    start = date(_relative_year(g["ry"], anchor.now), cn_number(g["m"]), cn_number(g["d"]))
    return _value(match, "relative year", start, "day", anchor.now, "now")


def _rel_year_m(match, g, anchor, future):
    start, end = _in_part(date(_relative_year(g["ry"], anchor.now), cn_number(g["m"]), 1), g)
    return _value(match, "relative year, month only", start, "month", anchor.now, "now", end=end)


_PARTS = {"上旬": (1, 10), "初": (1, 10), "中旬": (11, 20), "中": (11, 20), "下旬": (21, 31), "底": (21, 31),
          "末": (21, 31)}


def _in_part(first: date, g: dict) -> tuple[date, date | None]:
    """3月上旬 is the 1st to the 10th, 下旬 (底, 末) the 21st to the month's
    end: the part's first and last day, the date still of month precision —
    the month is said, so it is no vaguer than 3月 alone, and a 下月上旬 or a
    本月下旬 still to come is to come."""
    if "part" not in g:
        return first, None
    low, high = _PARTS[g["part"]]
    last = (_in_month(first, 1, 1) - timedelta(days=1)).day
    return first.replace(day=low), first.replace(day=min(high, last))


def _rel_month_d(match, g, anchor, future):
    first, base, kind = _relative_month(g["rm"], anchor)
    start = first.replace(day=cn_number(g["d"]))
    return _value(match, "relative month", start, "day", base, kind, end=_end_of(start, g))


_WRITTEN_BEFORE = 14  # days between writing and publishing a story, at most
_MONTH_SHIFT = {"本月": 0, "同月": 0, "当月": 0, "上月": -1, "上个月": -1, "下月": 1, "下个月": 1, "次月": 1, "翌月": 1}
_STORY_MONTHS = ("同月", "当月", "次月", "翌月")


def _relative_month(word: str, anchor: Anchor) -> tuple[date, date, str]:
    """The first day of the month 同月/当月/次月 (the story's month or the
    one after it, else `now`'s) or 本月, 上月, 下月 (from `now`: the month the text is
    written in, whatever month the story spoke of last) names, and its anchor.
    A story whose last date lies in the days just before `now`, across a
    month's end (29日 read in a text of 8 January), was written in that
    month and published days later: its 本月 is that month."""
    shift = _MONTH_SHIFT[word]
    story = anchor.narrative
    narrative = story is not None and (word in _STORY_MONTHS or (
        shift == 0 and story.month != anchor.now.month and 0 < (anchor.now - story).days <= _WRITTEN_BEFORE))
    base, kind = (story, "narrative") if narrative else (anchor.now, "now")
    return _in_month(base, shift, 1), base, kind


def _ym(match, g, anchor, future):
    start, end = _in_part(date(cn_number(g["y"]), cn_number(g["m"]), 1), g)
    return _value(match, "year and month", start, "month", anchor.now, "now", end=end)


def _md(match, g, anchor, future):
    """Month and day: the year of `now`; a held event cannot lie long after
    `now`, a planned one not long before it."""
    month, day = cn_number(g["m"]), cn_number(g["d"])
    start = _nearest_year(anchor.now, month, day, future)
    return _value(match, "month and day", start, "day", anchor.now, "now", end=_end_of(start, g))


# A date written without its year (or month) that lies this little ahead of
# `now` is an upcoming event, even with no future marker (应邀于11月17日至20日
# 出席…, 11日起对荷兰进行国事访问): a report of last year's (or month's) would
# have said 去年 (上月).
AHEAD_WITHOUT_YEAR = 60
AHEAD_WITHOUT_MONTH = 7


def _nearest_year(now: date, month: int, day: int, future: bool) -> date:
    candidate = date(now.year, month, day)
    if not future and (candidate - now).days > AHEAD_WITHOUT_YEAR:
        return date(now.year - 1, month, day)
    if future and (now - candidate).days > 180:
        return date(now.year + 1, month, day)
    return candidate


def _day(match, g, anchor, future):
    """A bare day continues the month the paragraph speaks of; with no such
    month it belongs to the month of `now`. Either way it moves to the month
    before when it would lie more than a week ahead (of `now` and of the
    paragraph's date) and the event is not announced for the future."""
    day = cn_number(g["d"])
    if anchor.narrative is not None and anchor.narrative_paragraph == anchor.paragraph:
        base, kind = anchor.narrative, "narrative"
        start = base.replace(day=day)
        if not future and (start - max(anchor.now, base)).days > AHEAD_WITHOUT_MONTH:
            start = _in_month(base, -1, day)
    else:
        base, kind = anchor.now, "now"
        shift = -1 if (not future and day > base.day + AHEAD_WITHOUT_MONTH) else (
            1 if future and day < base.day else 0)
        start = _in_month(base, shift, day)
    return _value(match, "day of month", start, "day", base, kind, end=_end_of(start, g))


def _in_month(base: date, shift: int, day: int) -> date:
    """Day `day` of the month `shift` months away from `base`'s month."""
    index = base.year * 12 + base.month - 1 + shift
    return date(index // 12, index % 12 + 1, day)


_WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}


def _weekday(match, g, anchor, future):
    target = _WEEKDAYS[g["wd"]]
    monday = anchor.now - timedelta(days=anchor.now.weekday())
    week = g.get("wk")
    if week in ("上",):
        start = monday - timedelta(days=7) + timedelta(days=target)
    elif week == "上上":
        start = monday - timedelta(days=14) + timedelta(days=target)
    elif week == "下":
        start = monday + timedelta(days=7 + target)
    elif week in ("本", "这"):
        start = monday + timedelta(days=target)
    else:  # bare 周三: the nearest one in the direction of the event
        start = monday + timedelta(days=target)
        if not future and start > anchor.now:
            start -= timedelta(days=7)
        elif future and start < anchor.now:
            start += timedelta(days=7)
    return _value(match, "weekday", start, "day", anchor.now, "now")


def _weekday_gloss(match, g, anchor, future):
    """周一（9月1日）, 星期三（13日）: the date in the parenthesis is the
    day, read as it would be alone; when it does not fall on the weekday,
    the year (for a bare day, the month) before it — after it, for an
    event announced — is taken if that one does."""
    if "y" in g:
        return _full(match, g, anchor, future)
    value = (_md if "m" in g else _day)(match, g, anchor, future)
    if value.start.weekday() == _WEEKDAYS[g["wd"]]:
        return value
    try:
        moved = _in_month(value.start, (12 if "m" in g else 1) * (1 if future else -1), value.start.day)
    except ValueError:
        return value  # no 31st in that month
    if moved.weekday() != _WEEKDAYS[g["wd"]]:
        return value
    return replace(value, start=moved, end=value.end and moved + (value.end - value.start))


def _week_start(match, g, anchor, future):
    monday = anchor.now - timedelta(days=anchor.now.weekday())
    shift = {"本": 0, "这": 0, "上": -7, "下": 7}[g["wk"]]
    return _value(match, "start of week", monday + timedelta(days=shift), "day", anchor.now, "now")


_REL_DAYS_NARRATIVE = {"此前一天": -1, "前一天": -1, "前一日": -1, "同一天": 0, "同一日": 0, "同日": 0,
                       "当天": 0, "当日": 0, "当晚": 0, "当天晚上": 0, "次日": 1, "第二天": 1,
                       "翌日": 1, "隔天": 1}
_REL_DAYS_NOW = {"今天": 0, "今日": 0, "今晨": 0, "今早": 0, "今晚": 0, "昨天": -1, "昨日": -1, "昨晚": -1,
                 "昨夜": -1, "昨晨": -1, "前天": -2, "大前天": -3, "明天": 1, "明日": 1, "明晚": 1,
                 "后天": 2, "大后天": 3}


def _rel_day(match, g, anchor, future):
    word = g["rd"]
    if word in _REL_DAYS_NARRATIVE:
        base, kind = _story_day(anchor)
        return _value(match, "relative day", base + timedelta(days=_REL_DAYS_NARRATIVE[word]), "day", base, kind)
    return _value(match, "relative day", anchor.now + timedelta(days=_REL_DAYS_NOW[word]), "day",
                  anchor.now, "now")


def _days_offset(match, g, anchor, future):
    """三天后, 2天前: days from the story's date (from `now` before it has one)."""
    days = cn_number(g["n"]) * (1 if g["dir"] == "后" else -1)
    base, kind = _story_day(anchor)
    return _value(match, "days from", base + timedelta(days=days), "day", base, kind)


def _story_day(anchor: Anchor) -> tuple[date, str]:
    if anchor.narrative is not None and anchor.narrative_precision == "day":
        return anchor.narrative, "narrative"
    return anchor.now, "now"


def _part_of_year(match, g, anchor, future):
    """去年底, 2024年初: the year's first or last month, vague."""
    year = _relative_year(g["ry"], anchor.now) if "ry" in g else cn_number(g["y"])
    month = 1 if g["yp"] == "初" else 12
    return _value(match, "part of a year", date(year, month, 1), "month", anchor.now, "now", imprecise=True)


def _half_year(match, g, anchor, future):
    """上半年, 今年下半年, 2025年下半年: six months, at month precision and
    flagged vague (the text names no month of them)."""
    year = (_relative_year(g["ry"], anchor.now) if "ry" in g else
            cn_number(g["y"]) if "y" in g else anchor.now.year)
    first, last = (date(year, 1, 1), date(year, 6, 30)) if g["half"] == "上" else (date(year, 7, 1), date(year, 12, 31))
    return _value(match, "half of a year", first, "month", anchor.now, "now", end=last, imprecise=True)


def _month(match, g, anchor, future):
    month = cn_number(g["m"])
    year = anchor.now.year
    if not future and month > anchor.now.month:
        year -= 1
    start, end = _in_part(date(year, month, 1), g)
    return _value(match, "month only", start, "month", anchor.now, "now", end=end)


def _year(match, g, anchor, future):
    return _value(match, "year only", date(_relative_year(g["ry"], anchor.now), 1, 1), "year",
                  anchor.now, "now")


def _paren_day(match, g, anchor, future):
    """Taiwan's 今(15)日, 昨(14)日: the day is written out beside the word."""
    shift = {"今": 0, "昨": -1, "明": 1, "前": -2}[g["rel"]]
    day = cn_number(g["d"])
    expected = anchor.now + timedelta(days=shift)
    start = expected if expected.day == day else _in_month(anchor.now, -1 if day > anchor.now.day else 0, day)
    return _value(match, "relative day", start, "day", anchor.now, "now")


def _lone_day_value(match, g, anchor, future):
    """外长昨在北京会见, 今上午表示, 明起实施: the day before, of or after `now`."""
    shift = {"昨": -1, "今": 0, "明": 1}[g["rel"][0]]
    return _value(match, "relative day", anchor.now + timedelta(days=shift), "day", anchor.now, "now")


def _rel_month(match, g, anchor, future):
    """本月, 上个月; with 上旬/下旬/初/底 (上月下旬) the part's days of it."""
    first, base, kind = _relative_month(g["rm"], anchor)
    start, end = _in_part(first, g)
    return _value(match, "relative month", start, "month", base, kind, end=end)


def _vague(match, anchor) -> DateValue:
    word = match.group("vague")
    base = anchor.now
    if word[0] == "上":  # 上周, 上个星期
        base = anchor.now - timedelta(days=7)
    elif word[0] == "下" or word == "日内":
        base = anchor.now + timedelta(days=7)
    return DateValue(start=base.replace(day=1), precision="month", text=word, span=match.span(),
                     rule="vague", anchor=anchor.now, anchor_kind="now", imprecise=True)


_RESOLVERS = {
    "full": _full, "full_span": _full, "rel_year_md": _rel_year_md, "rel_year_m": _rel_year_m,
    "rel_month_d": _rel_month_d, "ym": _ym, "md": _md, "md_span": _md, "weekday": _weekday,
    "week_start": _week_start, "rel_day": _rel_day, "day": _day, "day_span": _day,
    "month": _month, "year": _year, "paren_day": _paren_day, "rel_month": _rel_month,
    "numeric": _full, "rel_year_part": _part_of_year, "year_part": _part_of_year,
    "rel_month_part": _rel_month, "days_offset": _days_offset, "lone_day": _lone_day_value,
    "roc": _roc, "roc_bare": _roc, "weekday_gloss": _weekday_gloss, "half_year": _half_year,
    "weekday_aside": lambda *_: None,  # 9月1日（周一）: the weekday glosses the date before it
}

_SPAN_DAYS = re.compile(r"为期(?P<n>[0-9]+|[一二两三四五六七八九十]+)天")


def with_duration(value: DateValue, sentence: str) -> DateValue:
    """为期3天 after a day-precision date gives the event its last day."""
    match = _SPAN_DAYS.search(sentence, value.span[1])
    if match is None or value.precision != "day" or value.end is not None:
        return value
    days = cn_number(match.group("n"))
    return replace(value, end=value.start + timedelta(days=days - 1)) if days > 1 else value


def joined_days(values: list[DateValue], sentence: str) -> list[DateValue]:
    """周一和周二, 12日、13日: two days joined in one expression are one span
    (ANNOTATION: several days without saying which is which), not the later
    day alone — unless 分别 pairs each day with its own event. A weekday after
    another counts on from it (周一和周二 is the next day, whatever the tense)."""
    joined: list[DateValue] = []
    for value in values:
        last = joined[-1] if joined else None
        if last is not None and last.precision == value.precision == "day" and last.end is None and \
                sentence[last.span[1]:value.span[0]] in DAY_JOINERS and \
                not _EACH_OWN_DAY.search(sentence, value.span[1], value.span[1] + 12):
            end = value.start
            if _WEEKDAY_TEXT.search(value.text) and _WEEKDAY_TEXT.search(last.text) and end < last.start:
                end = last.start + timedelta(days=(end.weekday() - last.start.weekday()) % 7)
            if timedelta(0) < end - last.start <= timedelta(days=7):
                joined[-1] = replace(last, end=end, span=(last.span[0], value.span[1]),
                                     text=sentence[last.span[0]:value.span[1]])
                continue
        joined.append(value)
    return joined


DAY_JOINERS = ("和", "与", "及", "、", "以及")
_EACH_OWN_DAY = re.compile("分别")
_WEEKDAY_TEXT = re.compile("(?:周|星期|礼拜)[一二三四五六日天]")


# --- the article's own anchor ------------------------------------------------

_DATELINE = re.compile(
    r"^[【\[(（]?(?:据)?(?P<who>[\u4e00-\u9fffA-Za-z·]{0,14}?)(?:(?P<m>1[0-2]|0?[1-9])月)?(?P<d>3[01]|[12][0-9]|0?[1-9])日"
    r"(?:[0-9]{1,2}时)?(?:综合)?(?:外电)?(?:电|讯|专电|专讯|消息|报道|报导|\s*[-–—])")
_DATE_LINE = re.compile(r"^\s*(?P<y>[12][0-9]{3})[-/.年](?P<m>[01]?[0-9])[-/.月](?P<d>[0-3]?[0-9])日?(?:\s|$|[^0-9:])")


def dateline(paragraph: str, year: int | None, now: date | None,
             not_before: tuple[int, int] | None = None) -> tuple[date, int] | None:
    """新华社北京1月10日电, 据新华社5月26日报道, 路透北京3月23日 -,
    or a line that starts with 2021-01-08: the day this story was filed, and
    where the story's own text begins after it. A dateline without a year
    lies in `year`, or the year after when its month comes before
    `not_before` (the latest month the story speaks of as past)."""
    head = paragraph[:60]
    full = _DATE_LINE.match(head)
    rest = paragraph[full.end():] if full else ""
    if full and len(rest) <= 20 and not re.search(r"[，。,！？!?；;]", rest):
        try:
            return date(int(full["y"]), int(full["m"]), int(full["d"])), len(paragraph)
        except ValueError:
            return None
    match = _DATELINE.match(head.lstrip())
    if match is None or year is None or (match["m"] is None and now is None):
        return None  # 台北15日电 needs a month from somewhere
    try:
        if match["m"] is None:  # 中央社 style: the day only, in the month of publication
            filed = _in_month(now, -1 if int(match["d"]) > now.day else 0, int(match["d"]))
        else:
            filed = date(year, int(match["m"]), int(match["d"]))
    except ValueError:
        return None
    if not_before is not None and (filed.year, filed.month) < not_before:
        filed = _in_month(filed, 12, min(filed.day, 28) if (filed.month, filed.day) == (2, 29) else filed.day)
    if now is not None and filed > now + timedelta(days=2):
        filed = filed.replace(year=filed.year - 1)
    offset = len(paragraph) - len(paragraph.lstrip()) + match.end()
    byline = _BYLINE.match(paragraph, offset)
    return filed, (byline.end() if byline else offset)


def publication_line(paragraph: str) -> date | None:
    """美國之音 2025年3月19日, 发布时间：2025-03-19 10:30 来源：人民网: a short
    line with a full date and no sentence in it says when the page was
    published."""
    if len(paragraph) > 60 or re.search(r"[，,。！？!?；;]", paragraph):
        return None
    found = _FULL_DATE_IN_LINE.search(paragraph)
    if found is None:
        return None
    try:
        return date(int(found["y"]), int(found["m"]), int(found["d"]))
    except ValueError:
        return None


_FULL_DATE_IN_LINE = re.compile(r"(?<![0-9])(?P<y>(?:19|20)[0-9]{2})(?:年|[-/.])(?P<m>1[0-2]|0?[1-9])(?:月|[-/.])"
                                r"(?P<d>3[01]|[12][0-9]|0?[1-9])(?![0-9])")


_BYLINE = re.compile(r"[）)]?\s*(?:[（(][^）)]{0,40}[）)])?[\s,，:：]*")


_YEAR_IN_DATE = re.compile(rf"(?P<y>[12][0-9]{{3}})年(?:[0-9]{{1,2}}|{M})月")
_JUST_PASSED = re.compile(r"(?:刚刚过去的|刚过去的|过去的一年|去年即)(?P<y>[12][0-9]{3})年")
_THIS_YEAR = re.compile(r"今年(?:即|是)?(?P<y>[12][0-9]{3})年")
_BARE_YEAR = re.compile(r"(?<![0-9])(?P<y>(?:19|20)[0-9]{2})年")


def latest_past_month(text: str) -> tuple[int, int] | None:
    """The latest year and month the text states outside a clause about the
    future (两国元首上次会晤是在2023年10月): the story was written after it."""
    months = []
    for m in _YEAR_MONTH.finditer(text):
        clause = text[max(text.rfind(mark, 0, m.start()) for mark in "，,。；;！？!?") + 1:m.start()]
        if not _FUTURE_IN_CLAUSE.search(clause):
            months.append((int(m["y"]), cn_number(m["m2"] or m["m"])))
    return max(months) if months else None


_MONTH_NUMBER = r"(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"
_YEAR_MONTH = re.compile(rf"(?P<y>[12][0-9]{{3}})年(?P<m>{_MONTH_NUMBER})月(?:{RANGE}(?P<m2>{_MONTH_NUMBER})月)?")
_FUTURE_IN_CLAUSE = re.compile(r"将|计划|拟|预计|定于|有望|届时")


def infer_year(text: str) -> int | None:
    """The year an undated article was written in, from what it says:
    刚刚过去的2021年 means 2022; otherwise the latest year of a dated
    statement (2021年1月至4月). Bare years are used only when nothing else is."""
    candidates = [int(m["y"]) + 1 for m in _JUST_PASSED.finditer(text)]
    candidates += [int(m["y"]) for m in _THIS_YEAR.finditer(text)]
    candidates += [int(m["y"]) for m in _YEAR_IN_DATE.finditer(text)]
    if candidates:
        return max(candidates)
    bare = [int(m["y"]) for m in _BARE_YEAR.finditer(text)]
    return max(bare) if bare else None


# /2024-03/27/, /20240327/, t20221031_, /2020/11/26/, /2017/0310/, /2016-04/17/, /202403/:
# the day (or the month) a news site files a story under, in its address.
_Y, _M, _D = r"(?P<y>(?:19|20)[0-9]{2})", r"(?P<m>1[0-2]|0[1-9])", r"(?P<d>3[01]|[12][0-9]|0[1-9])"
_URL_DAYS = [re.compile(p) for p in (
    rf"/{_Y}[-/]?{_M}/{_D}/", rf"/{_Y}/{_M}-?{_D}/",
    rf"(?<![0-9]){_Y}(?P<s>[-_]?){_M}(?P=s){_D}(?:[/_.\-]|$|[0-9]{{2,12}}(?:[/_.\-]|$))")]
_URL_MONTH = re.compile(rf"/{_Y}-?{_M}/")


def url_date(url: str | None) -> tuple[date, str] | None:
    """The day, else the month ("day"/"month"), that a news address files
    its story under: most Chinese news sites put it in the path."""
    if not url:
        return None
    path = re.sub(r"^[a-z]+://[^/]+", "", url)
    for pattern in _URL_DAYS:
        for found in pattern.finditer(path):
            try:
                return date(int(found["y"]), int(found["m"]), int(found["d"])), "day"
            except ValueError:
                continue
    month = _URL_MONTH.search(path)
    return (date(int(month["y"]), int(month["m"]), 1), "month") if month else None


def url_timestamp(url: str | None) -> date | None:
    """The day (Beijing time) a Unix timestamp in the address stands for —
    seconds, milliseconds or microseconds (`/a/7-1711442400123456.html`), as
    aggregators and apps number their pages; only for a page that states no
    date of its own, and only between 2005 and 2033 (an article number of
    other lengths is no time)."""
    if not url:
        return None
    for found in _URL_EPOCH.finditer(re.sub(r"^[a-z]+://[^/]+", "", url)):
        seconds = int(found.group(1))
        if _EPOCH_FIRST <= seconds < _EPOCH_LAST:
            return (datetime.fromtimestamp(seconds, timezone.utc) + timedelta(hours=8)).date()
    return None


_URL_EPOCH = re.compile(r"(?<![0-9])(1[0-9]{9})(?:[0-9]{3}|[0-9]{6})?(?![0-9])")
_EPOCH_FIRST, _EPOCH_LAST = 1104537600, 2000000000  # 2005-01-01 … 2033-05-18


# 2019年12月30日，外交部发言人…: a lead that opens with its full date; 周一（2022年7月25日）: a
# weekday glossed with its full date, as a story dates its own day.
_LEADING_DATE = re.compile(r"^[\s（(【\[]*(?:当地时间|北京时间)?(?P<y>(?:19|20)[0-9]{2})年(?P<m>1[0-2]|0?[1-9])月"
                           r"(?P<d>3[01]|[12][0-9]|0?[1-9])日")
_GLOSSED_FULL_DATE = re.compile(rf"{WEEKDAY}\s*[（(](?P<y>(?:19|20)[0-9]{{2}})年(?P<m>1[0-2]|0?[1-9])月"
                                r"(?P<d>3[01]|[12][0-9]|0?[1-9])日[)）]")


def leading_date(paragraphs: list[str]) -> date | None:
    """The day an undated page's story states for itself: a paragraph that
    opens with a full date, else a weekday glossed with one."""
    for pattern in (_LEADING_DATE, _GLOSSED_FULL_DATE):
        for paragraph in paragraphs:
            found = pattern.search(paragraph) if pattern is _GLOSSED_FULL_DATE else pattern.match(paragraph)
            if found:
                try:
                    return date(int(found["y"]), int(found["m"]), int(found["d"]))
                except ValueError:
                    continue
    return None
