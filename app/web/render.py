"""One helper decides page or fragment. htmx asks for the fragment it swaps
(`HX-Request`); a history restore (`HX-History-Restore-Request`) and every
plain browser request get the whole page. Responses vary on the header so a
cache never serves one for the other."""
from datetime import date, datetime
from zoneinfo import ZoneInfo

from fastapi import Request
from markupsafe import Markup
from fastapi.templating import Jinja2Templates

from app.config import get_settings, resource
from app.ingest.gazetteer import load
from app.queries import publication_days, web_address
from app.web.icons import icon
from app.web.urls import absolute, narrowed, year_range

templates = Jinja2Templates(directory=str(resource("templates")))

# Where an article's publication time came from, in words (article page).
PUBLISHED_FROM = {
    "metadata": ("网页或文件的元数据", "the page's or file's metadata"),
    "page": ("网页标记中的日期（htmldate）", "a date in the page's markup (htmldate)"),
    "dateline": ("电头或发布行", "the dateline or publication line"),
    "url": ("网址中的日期", "the date in its address"),
    "lead": ("首个写明日期的句子", "its first dated sentence"),
    "unknown": ("未找到", "not found"),
}
TYPE_LABELS = {"call": ("通话", "Call"), "talks": ("会谈", "Talks"), "visit": ("访问", "Visit")}


def wants_fragment(request: Request) -> bool:
    headers = request.headers
    return headers.get("HX-Request") == "true" and headers.get("HX-History-Restore-Request") != "true" \
        and headers.get("HX-Request-Type") != "full"


LANGUAGES = ("zh", "en")


def language(request: Request) -> str:
    """`?lang=en` on any address (a shared link opens, and previews, in the
    sender's language), else the reader's choice remembered in a cookie;
    Chinese by default."""
    for chosen in (request.query_params.get("lang"), request.cookies.get("lang")):
        if chosen in LANGUAGES:
            return chosen
    return "zh"


def render(request: Request, page: str, fragment: str | None, context: dict, status_code: int = 200):
    template = fragment if fragment and wants_fragment(request) else page
    lang = language(request)
    context = context | {"lang": lang, "T": lambda zh, en: zh if lang == "zh" else en, "as_fragment": template == fragment,
                         "narrowed": lambda *a, **k: narrowed(request, *a, **k)}
    response = templates.TemplateResponse(request, template, context, status_code=status_code)
    response.headers["Vary"] = "HX-Request, Cookie"
    return response


def cn_date(value: str | None) -> str:
    """2022-01-10 → 2022年1月10日; 2019-12 → 2019年12月; 2019 → 2019年."""
    if not value:
        return ""
    parts = value.split("-")
    out = f"{int(parts[0])}年"
    if len(parts) > 1:
        out += f"{int(parts[1])}月"
    if len(parts) > 2:
        out += f"{int(parts[2])}日"
    return out


def month_heading(value: date) -> str:
    return f"{value.year}年{value.month}月"


def flag(code: str | None) -> Markup:
    """A country's code as a small tag beside its name (RU). Emoji flags
    were empty boxes without an emoji font; organisations get none."""
    if not code or len(code) != 2 or not code.isalpha():
        return Markup("")
    return Markup('<span class="cc" aria-hidden="true">{}</span>').format(code.upper())


def country_label(code: str | None) -> str:
    if not code:
        return ""
    gz = load()
    return gz.country_name(code) if code in gz.countries else code


templates.env.filters.update(cn_date=cn_date, flag=flag, country_label=country_label, month_heading=month_heading)
def country_en(code: str | None) -> str:
    return load().country_en(code) if code else ""


def reported_before(event: dict, today: date | None = None) -> str | None:
    """For a planned event whose day has passed: the day it was first
    reported as planned — it was news then, not now. None otherwise."""
    if event["status"] != "planned":
        return None
    last = event["date_end"] or event["date"]
    today_iso = (today or datetime.now(ZoneInfo(get_settings().timezone)).date()).isoformat()
    if last >= today_iso[:len(last)]:
        return None
    days = publication_days(event)
    return days[0] if days else ""


def place_en(place: str | None) -> str:
    """A place's English name when the gazetteer has one, else as written."""
    return (load().place_en(place) or place) if place else ""


def title_en(title: str | None) -> str:
    """A title in English (外长 → Foreign Minister), else as written."""
    return load().titles_en.get(title, title) if title else ""


PRECISIONS = {"day": ("日", "day"), "month": ("月", "month"), "year": ("年", "year")}


def shade(count: int, busiest: int) -> str:
    """A table cell's class by its count against the busiest row's total:
    s0 (none) to s4, so a partner × year table reads as a heat map."""
    if not count or not busiest:
        return "s0"
    return f"s{min(4, 1 + int(4 * count / busiest))}"


def sum_counts(counts) -> int:
    return sum(counts.values())


def thousands(value: int) -> str:
    """1045647 → 1,045,647."""
    return f"{value:,}"


templates.env.filters.update(country_en=country_en, thousands=thousands, shade=shade, sum_counts=sum_counts, place_en=place_en, title_en=title_en)
templates.env.globals.update(PRECISIONS=PRECISIONS, absolute_url=absolute, TYPE_LABELS=TYPE_LABELS, PUBLISHED_FROM=PUBLISHED_FROM, web_address=web_address, reported_before=reported_before, icon=icon, year_range=year_range)
