"""Properties that hold for any input: no exception escapes the date
resolver, the reader or the extractor; every resolved date is a real date no
later than a year after its anchor; the API and the pages never answer with a 5xx."""
from datetime import date, datetime, timedelta

import pytest
import schemathesis
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error

from app.ingest.dates import Anchor, find_dates
from app.ingest.extract import extract
from app.ingest.read import ArticleError, RawArticle, read_article
from app.web.main import create_app

PIECES = ["年", "月", "日", "号", "至", "到", "-", "周", "星期", "上", "下", "本", "今", "去", "明", "前", "后",
          "天", "当", "次", "此前一", "同一", "为期", "近日", "伊始", "廿", "卅", "十", "〇", "二", "九", "(", ")",
          "（", "）", "晚", "将于", "访问", "通电话", "会谈", "，", "。", "王毅", "拉夫罗夫", "中俄", "外长", "\n"]
chinese_dates = st.lists(st.one_of(st.sampled_from(PIECES), st.integers(0, 3000).map(str), st.text(max_size=3)),
                         max_size=25).map("".join)
days = st.dates(min_value=date(1990, 1, 1), max_value=date(2035, 12, 31))


@settings(max_examples=400, deadline=None)
@given(text=chinese_dates, now=days, future=st.booleans())
def test_resolved_dates_are_real_and_not_far_ahead(text, now, future):
    anchor = Anchor(now=now)
    for value in find_dates(text, anchor, future=future):
        assert isinstance(value.start, date)
        assert value.start <= now + timedelta(days=366)
        assert value.end is None or value.end > value.start
        assert value.iso[:4].isdigit()


@settings(max_examples=150, deadline=None)
@given(text=chinese_dates, now=days)
def test_extraction_never_raises(text, now):
    article = RawArticle(name="f", path="f", sha256="x", format="text", text=text or "空", encoding="utf-8",
                         published=now)
    for mention in extract(article):
        assert mention.type in ("call", "talks", "visit") and mention.evidence


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.one_of(st.binary(max_size=3000), chinese_dates.map(lambda t: t.encode("utf-8")),
                      st.text(max_size=500).map(lambda t: ("---\n" + t + "\n---\n" + t).encode("utf-8", "surrogatepass"))))
def test_reader_returns_an_article_or_says_why(tmp_path, data):
    path = tmp_path / "fuzz.txt"
    path.write_bytes(data)
    try:
        article = read_article(path)
    except ArticleError as exc:
        assert str(exc)
    else:
        assert article.text.strip()


schema = schemathesis.openapi.from_asgi("/openapi.json", create_app())


@pytest.fixture
def api_db(seeded):
    return seeded


@schema.parametrize()
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_never_fails_with_a_server_error(api_db, case):
    case.call_and_validate(checks=[not_a_server_error])


# Front matter as scrapers write it, and as they get it wrong: every field the
# reader uses, with values of any YAML type, comma lists, control characters.
FIELDS = ["date", "published", "pubdate", "time", "created", "title", "url", "link", "author", "outlet",
          "publisher", "site_name", "tags", "lang"]
scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**20, 10**20), st.floats(allow_nan=True),
                    st.text(max_size=30), st.binary(max_size=20), days,
                    st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31)),
                    st.lists(st.text(alphabet="甲乙丙,，、 ab", max_size=8), max_size=4).map(",".join),
                    st.sampled_from(["0001-01-01", "9999-12-31", "2019-02-30", "2024-13-01", "T25:61", "昨天",
                                     "2024年3月5日", "1712345678901", "\x00", "\x1b[2J"]))
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                       st.dictionaries(st.text(max_size=5), inner, max_size=3)),
                      max_leaves=6)
front_matter = st.dictionaries(st.sampled_from(FIELDS), values, max_size=6)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(meta=front_matter)
def test_typed_front_matter_is_read_or_refused_with_a_reason(tmp_path, meta):
    import yaml

    from app.ingest.pipeline import _extract
    from app.ingest.plausible import plausible_span

    path = tmp_path / "typed.md"
    path.write_text("---\n" + yaml.safe_dump(meta, allow_unicode=True) + "---\n"
                    "新华社北京6月8日电 国家主席习近平8日同法国总统马克龙通电话。\n", encoding="utf-8")
    try:
        article = read_article(path)
    except ArticleError as exc:
        assert str(exc)
        return
    for key, value in meta.items():  # read: so every field the reader uses had its type
        if key in ("title", "url", "link", "outlet", "publisher", "site_name") and value is not None:
            assert isinstance(value, (str, int, float)) and not isinstance(value, bool), (key, value)
        if key in ("date", "published", "pubdate", "time", "created") and value is not None:
            assert isinstance(value, (str, int, date)) and not isinstance(value, bool), (key, value)
    for text in (article.title, article.url, article.author, article.outlet):
        assert text is None or (isinstance(text, str) and "\x00" not in text and "\x1b" not in text)
    outcome = _extract(article)
    if isinstance(outcome, str):
        assert "outside the dates news can have" in outcome, outcome  # never "extraction failed"
        return
    span = plausible_span()
    assert all(span.holds(m.date) for m in outcome.mentions + outcome.held)


# The HTML pages, feeds and exports, not only the API: any path segment, any
# query string (unicode, comma lists, huge values, markup), GET or HEAD —
# never a server error, always the security headers, never markup echoed.
PAGES = ["/", "/counts", "/counts.json", "/events/{}", "/events/{}.json", "/actors/{}", "/actors/{}.json",
         "/countries/{}", "/countries/{}.json", "/articles/{}", "/articles/{}.json", "/events.csv", "/events.ics",
         "/events.atom", "/suggest/actors", "/lang/{}", "/api/events", "/api/events/{}"]
KNOWN = ["2022-01-10-call-wang-yi-sergey-lavrov", "vladimir-putin", "RU", "ru", "en", "普京", "..", "%00"]
MARKUP = '"><script>alert(1)</script>'
PARAMS = ["actor", "country", "type", "status", "from", "to", "q", "cursor", "limit", "next", "page", "x"]
plain_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=60)
page_values = st.one_of(
    plain_text, st.just(MARKUP),
    st.sampled_from(["RU", "CN", "普京", "Putin", "call", "talks", "held", "planned", "2022", "2022-01", "2022-13-01",
                     "2021-03-22~2021-03-22-talks-wang-yi-sergey-lavrov", "0", "-1", "1000000", ""]),
    st.lists(st.one_of(st.sampled_from(["RU", "US", "普京", "call", "x"]), plain_text), max_size=40).map(",".join),
    st.integers(150, 6_000).map(lambda n: "普" * n))
page_requests = st.tuples(
    st.sampled_from(["GET", "HEAD"]), st.sampled_from(PAGES),
    st.one_of(st.sampled_from(KNOWN), plain_text, st.integers(200, 5000).map(lambda n: "x" * n)),
    st.lists(st.tuples(st.sampled_from(PARAMS), page_values), max_size=6),
    st.sampled_from([{}, {"HX-Request": "true"}, {"Cookie": "lang=en"}]))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(request=page_requests)
def test_pages_never_fail_with_a_server_error(client, api_db, request):
    from urllib.parse import quote, urlencode

    method, page, segment, params, headers = request
    url = page.format(quote(segment, safe="")) + ("?" + urlencode(params) if params else "")
    assume(len(url) < 60_000)  # the client's own limit is 64 KiB
    r = client.request(method, url, headers=headers, follow_redirects=False)
    assert r.status_code < 500, (method, url, r.status_code)
    assert "script-src 'self'" in r.headers["content-security-policy"] and r.headers["x-frame-options"] == "DENY"
    if method == "HEAD":
        assert r.content == b""
    if r.headers.get("content-type", "").startswith("text/html"):
        assert MARKUP not in r.text
