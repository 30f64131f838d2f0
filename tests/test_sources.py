"""Dumps, feeds, web archives and archives: each record an article with its
own address, title and publication time, reported by its label when it is
bad, never stopping its file; archives read within limits."""
import bz2
import gzip
import io
import json
import tarfile
import zipfile
from pathlib import Path

import pytest
from sqlmodel import Session, select
from typer.testing import CliRunner

from app.cli import app as cli
from app.ingest import sources
from app.ingest.pipeline import ingest
from app.ingest.sources import read_source
from app.models import Article
from conftest import write

runner = CliRunner()

# Sentences of our own, in the style of the news; each gives one event.
XI_MACRON = "国家主席习近平5日在北京同法国总统马克龙举行会谈。"
BLINKEN_KAMIKAWA = "美國國務卿布林肯3日與日本外相上川陽子通電話。"
WANG_LAVROV = "国务委员兼外长王毅10日同俄罗斯外长拉夫罗夫通电话。"
XI_PUTIN = "国家主席习近平28日晚同俄罗斯总统普京通电话。"
MODI_BIDEN = "印度总理莫迪21日在华盛顿同美国总统拜登举行会谈。"
PUTIN_VISIT = "俄罗斯总统普京16日抵达北京，对中国进行国事访问。"

XI_MACRON_ID = "2023-04-05-talks-xi-jinping-emmanuel-macron"
BLINKEN_KAMIKAWA_ID = "2024-02-03-call-antony-blinken-yoko-kamikawa"
WANG_LAVROV_ID = "2022-01-10-call-wang-yi-sergey-lavrov"
XI_PUTIN_ID = "2021-06-28-call-xi-jinping-vladimir-putin"
MODI_BIDEN_ID = "2023-06-21-talks-joe-biden-narendra-modi"
PUTIN_VISIT_ID = "2024-05-16-visit-vladimir-putin-cn"


def news_please(url, title, date, text, domain="www.news.cn") -> dict:
    """A record as news-please writes it (the fields it always has)."""
    return {"authors": [], "date_download": "2024-06-01 10:00:00", "date_modify": None, "date_publish": date,
            "description": None, "filename": url.rsplit("/", 1)[-1], "image_url": None, "language": "zh",
            "localpath": None, "maintext": text, "source_domain": domain, "title": title, "title_page": None,
            "title_rss": None, "url": url}


def trafilatura(url, title, date, text, sitename) -> dict:
    """A record as trafilatura's JSON output has it."""
    return {"title": title, "author": None, "hostname": url.split("/")[2], "date": date, "categories": "",
            "tags": "", "fingerprint": "c0ffee", "id": None, "license": None, "comments": "", "raw_text": text,
            "text": text, "language": "zh", "image": None, "pagetype": "article", "source": url,
            "source-hostname": sitename, "excerpt": None, "url": url, "sitename": sitename}


def jsonl(path: Path, *records) -> Path:
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records]
    return write(path, "\n".join(lines) + "\n")


def articles(engine) -> dict[str, Article]:
    with Session(engine) as session:
        return {a.name: a for a in session.exec(select(Article))}


def events(client) -> dict[str, dict]:
    return {e["id"]: e for e in client.get("/api/events?limit=100").json()["events"]}


def read_all(path: Path) -> list[tuple[str, object]]:
    return list(read_source(path))


# ---------------------------------------------------------------- JSON Lines, JSON, CSV


def test_news_please_jsonl_each_record_an_article_and_bad_ones_named_by_line(engine, client, tmp_path):
    dump = jsonl(tmp_path / "dump.jsonl",
                 news_please("https://www.news.cn/2023-04/05/c_1.htm", "习近平同法国总统马克龙会谈", "2023-04-05 20:12:00",
                             XI_MACRON),
                 news_please("https://www.news.cn/2024-02/03/c_2.htm", "布林肯与上川阳子通电话", "2024-02-03 18:00:00",
                             BLINKEN_KAMIKAWA),
                 news_please("https://www.news.cn/2024-02/04/c_3.htm", "图集", "2024-02-04 08:00:00", None),
                 '{"url": "https://www.news.cn/c_4.htm", "maintext": "国家',
                 news_please("https://example.com/en", "Talks", "2024-02-04 08:00:00", "Xi met Macron in Beijing."))
    report = ingest(engine, [dump])
    assert report.read == 2
    assert report.rejected == [(f"{dump}:3", "no text: maintext is empty"),
                               (f"{dump}:4", "invalid JSON: Unterminated string starting at (column 52)"),
                               (f"{dump}:5", "no Chinese text (read as utf-8; wrong encoding? try --encoding)")]
    stored = articles(engine)
    assert set(stored) == {"dump.jsonl:1", "dump.jsonl:2"}
    first = stored["dump.jsonl:1"]
    assert (first.url, first.title, first.published, first.published_from) == (
        "https://www.news.cn/2023-04/05/c_1.htm", "习近平同法国总统马克龙会谈", "2023-04-05T20:12:00+08:00", "metadata")
    assert first.path == f"{dump.resolve()}:1" and first.text == XI_MACRON
    found = events(client)
    assert set(found) == {XI_MACRON_ID, BLINKEN_KAMIKAWA_ID}
    assert found[XI_MACRON_ID]["location"] == "北京"
    assert [s["article"] for s in found[BLINKEN_KAMIKAWA_ID]["sources"]] == ["dump.jsonl:2"]


def test_a_record_keeps_its_outlet_and_author(tmp_path):
    record = news_please("https://www.news.cn/a.htm", "标题", "2023-04-05 20:12:00", XI_MACRON)
    record["authors"] = ["张三", "李四"]
    [(label, raw)] = read_all(jsonl(tmp_path / "one.jsonl", record))
    assert label == f"{tmp_path / 'one.jsonl'}:1"
    assert raw.meta["outlet"] == raw.outlet == "www.news.cn" and raw.author == "张三, 李四"


def test_trafilatura_records_take_date_text_and_sitename(engine, client, tmp_path):
    dump = jsonl(tmp_path / "crawl.ndjson",
                 trafilatura("https://world.people.com.cn/n1/2022/0110/c1002.html", "王毅同拉夫罗夫通电话", "2022-01-10",
                             WANG_LAVROV, "人民网"),
                 trafilatura("https://world.people.com.cn/n1/2023/0621/c1002.html", "莫迪同拜登会谈", "2023-06-21",
                             MODI_BIDEN, "人民网"))
    raws = [raw for _, raw in read_all(dump)]
    assert [(r.url, r.published.isoformat(), r.meta["outlet"]) for r in raws] == [
        ("https://world.people.com.cn/n1/2022/0110/c1002.html", "2022-01-10", "人民网"),
        ("https://world.people.com.cn/n1/2023/0621/c1002.html", "2023-06-21", "人民网")]
    assert ingest(engine, [dump]).read == 2
    assert set(events(client)) == {WANG_LAVROV_ID, MODI_BIDEN_ID}


PAGE = ('<html><head><title>习近平同马克龙会谈_新华网</title>'
        '<meta property="article:published_time" content="2023-04-05T21:00:00+08:00">'
        '<meta property="og:url" content="https://m.news.cn/amp/1.htm"></head>'
        '<body><nav><a href="/">首页</a> <a href="/world">国际</a></nav>'
        f'<h1>习近平同马克龙举行会谈</h1><div class="article"><p>{XI_MACRON}</p><p>双方就中法关系交换意见。</p></div>'
        '<div class="related"><p>王毅10日同拉夫罗夫通电话。</p></div></body></html>')


@pytest.mark.parametrize("field, value, title, published", [
    ("content", XI_MACRON, XI_MACRON, None),
    ("body", XI_MACRON, XI_MACRON, None),
    ("html", PAGE, "习近平同马克龙举行会谈", "2023-04-05T21:00:00+08:00"),  # read as a saved page is
])
def test_a_text_field_of_any_common_name(engine, client, tmp_path, field, value, title, published):
    dump = jsonl(tmp_path / "pages.jsonl", {"url": "https://www.news.cn/1.htm", field: value})
    [(_, raw)] = read_all(dump)
    assert raw.url == "https://www.news.cn/1.htm"  # the record's own address wins over the page's og:url
    assert raw.title == title and (raw.published.isoformat() if raw.published else None) == published
    assert "首页" not in raw.text and "拉夫罗夫" not in raw.text
    ingest(engine, [dump])
    assert set(events(client)) == ({XI_MACRON_ID} if published else set())  # "5日" needs a month


def test_a_record_without_a_text_field_says_which_fields_it_looked_for(tmp_path):
    dump = jsonl(tmp_path / "dump.jsonl", {"url": "https://a.cn/1", "title": "标题", "summary": XI_MACRON}, [1, 2])
    assert read_all(dump) == [
        (f"{dump}:1", "no text field (one of: maintext, text, raw_text, content, body, html)"),
        (f"{dump}:2", "not a JSON object")]


def test_a_line_too_long_to_be_a_record_is_skipped_and_the_next_read(tmp_path, monkeypatch):
    monkeypatch.setattr(sources, "MAX_RECORD", 300)
    dump = jsonl(tmp_path / "dump.jsonl", {"text": "国" * 1000}, {"text": XI_MACRON, "date": "2023-04-05"})
    outcomes = read_all(dump)
    assert outcomes[0] == (f"{dump}:1", "record too long (more than 300 characters on the line)")
    assert outcomes[1][0] == f"{dump}:2" and outcomes[1][1].text == XI_MACRON


def test_a_json_document_is_one_article_or_a_list_of_them(engine, client, tmp_path):
    one = write(tmp_path / "single.json", json.dumps(
        news_please("https://www.news.cn/a.htm", "普京抵京", "2024-05-16T12:00:00+08:00", PUTIN_VISIT),
        ensure_ascii=False, indent=2))  # news-please's own layout: one pretty-printed file per article
    several = write(tmp_path / "list.json", json.dumps(
        [{"url": "https://a.cn/1", "date": "2021-06-28", "content": XI_PUTIN}, "not a record"], ensure_ascii=False))
    report = ingest(engine, [one, several])
    assert report.read == 2 and report.rejected == [(f"{several}:#2", "not a JSON object")]
    assert set(articles(engine)) == {"single.json", "list.json:#1"}
    assert set(events(client)) == {PUTIN_VISIT_ID, XI_PUTIN_ID}


@pytest.mark.parametrize("name, encoding", [("dump.csv", "utf-8-sig"), ("dump.csv", "gb18030"), ("dump.tsv", "utf-8")])
def test_csv_and_tsv_rows_are_articles_labelled_by_the_line_they_start_on(engine, client, tmp_path, name, encoding):
    sep = "\t" if name.endswith(".tsv") else ","
    rows = [["url", "Title", "date_publish", "maintext", "source_domain"],
            ["https://www.news.cn/1.htm", "习近平同马克龙会谈", "2023-04-05 20:00:00", XI_MACRON, "www.news.cn"],
            ["https://www.news.cn/2.htm", "无正文", "2023-04-06 20:00:00", "", "www.news.cn"],
            ["https://www.news.cn/3.htm", "普京访华", "2024-05-16 12:00:00", PUTIN_VISIT, "www.news.cn"]]
    if sep == ",":  # a quoted field over two lines: the next row starts on line 4
        rows[1][3] = f'"{XI_MACRON}\n双方交换意见，达成共识。"'
    path = write(tmp_path / name, "\n".join(sep.join(row) for row in rows) + "\n", encoding)
    report = ingest(engine, [path])
    empty_line = 4 if sep == "," else 3
    assert report.read == 2 and report.rejected == [(f"{path}:{empty_line}", "no text: maintext is empty")]
    stored = articles(engine)
    assert set(stored) == {f"{name}:2", f"{name}:{empty_line + 1}"}
    assert stored[f"{name}:2"].title == "习近平同马克龙会谈" and stored[f"{name}:2"].url == "https://www.news.cn/1.htm"
    assert set(events(client)) == {XI_MACRON_ID, PUTIN_VISIT_ID}


def test_a_csv_without_a_text_column_is_rejected_not_read_as_one_article(engine, tmp_path):
    path = write(tmp_path / "links.csv", f"url,title\nhttps://a.cn/1,{XI_MACRON}\n")
    report = ingest(engine, [path])
    assert report.read == 0
    assert report.rejected == [(str(path), "the header row names no text field "
                                           "(one of: maintext, text, raw_text, content, body, html)")]


# ---------------------------------------------------------------- WARC, RSS, Atom


def write_warc(path: Path, records: list[tuple]) -> Path:
    """A gzipped WARC as a crawler writes it: a warcinfo record, then
    (type, uri, date, content type, payload) records."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as output:
        writer = WARCWriter(output, gzip=path.name.endswith(".gz"))
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "test-crawler/1.0"}))
        for kind, uri, date, content_type, payload, *status in records:
            headers = {"WARC-Date": date}
            if kind == "response":
                http = StatusAndHeaders(status[0] if status else "200 OK", [("Content-Type", content_type)],
                                        protocol="HTTP/1.1")
                record = writer.create_warc_record(uri, "response", payload=io.BytesIO(payload), http_headers=http,
                                                   warc_headers_dict=headers)
            else:
                record = writer.create_warc_record(uri, kind, payload=io.BytesIO(payload), warc_content_type=content_type,
                                                   warc_headers_dict=headers)
            writer.write_record(record)
    return path


def page(body: str, head: str = "") -> str:
    return f"<html><head><meta charset=gbk><title>新华网</title>{head}</head><body><h1>要闻</h1><p>{body}</p><p>完</p></body></html>"


@pytest.mark.parametrize("head, published", [
    ('<meta property="article:published_time" content="2023-04-05T18:00:00+08:00">', "2023-04-05T18:00:00+08:00"),
    ("", "2023-04-05T20:30:00+08:00"),  # no date on the page: the capture time, as a last resort
])
def test_warc_html_responses_are_articles_other_records_skipped(engine, client, tmp_path, head, published):
    warc = write_warc(tmp_path / "crawl.warc.gz", [
        ("response", "http://www.news.cn/world/2023-04/05/c_1.htm", "2023-04-05T12:30:00Z",
         "text/html; charset=gbk", page(XI_MACRON, head).encode("gbk")),
        ("resource", "http://www.news.cn/logo.png", "2023-04-05T12:30:01Z", "image/png", b"\x89PNG\r\n\x1a\n" + bytes(64)),
    ])
    report = ingest(engine, [warc])
    assert report.read == 1 and not report.rejected
    [article] = articles(engine).values()
    assert (article.name, article.url, article.title, article.published) == (
        "crawl.warc.gz:#2", "http://www.news.cn/world/2023-04/05/c_1.htm", "要闻", published)
    assert article.text == f"要闻\n{XI_MACRON}\n完"
    assert set(events(client)) == {XI_MACRON_ID}


def test_a_warc_without_html_pages_is_reported(engine, tmp_path):
    warc = write_warc(tmp_path / "crawl.warc", [
        ("response", "http://www.news.cn/old", "2023-04-05T12:30:00Z", "text/html", b"<p>Moved</p>", "301 Moved"),
        ("response", "http://www.news.cn/a.js", "2023-04-05T12:30:00Z", "application/javascript", b"var a;")])
    assert ingest(engine, [warc]).rejected == [(str(warc), "no HTML responses among its 3 WARC records")]


RSS = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>新华网国际</title><link>http://www.news.cn/world/</link><description>国际新闻</description>
<item><title>习近平同法国总统马克龙举行会谈</title><link>http://www.news.cn/world/20230405/a.htm</link>
<pubDate>Wed, 05 Apr 2023 20:00:00 +0800</pubDate>
<description>&lt;p&gt;{XI_MACRON}&lt;/p&gt;&lt;p&gt;双方发表联合声明。&lt;/p&gt;</description></item>
<item><title>普京抵达北京</title><link>http://www.news.cn/world/20240516/b.htm</link>
<pubDate>Thu, 16 May 2024 04:00:00 GMT</pubDate><description>摘要</description>
<content:encoded><![CDATA[<p>{PUTIN_VISIT}</p><p>这是普京连任后首次出访。</p>]]></content:encoded></item>
<item><title>空条目</title><link>http://www.news.cn/world/c.htm</link></item>
</channel></rss>"""

ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>中央社 國際</title><id>urn:cna:world</id>
<updated>2024-02-03T12:00:00+08:00</updated>
<entry><title>布林肯與上川陽子通電話</title><link rel="alternate" href="https://www.cna.com.tw/news/1.aspx"/>
<id>urn:cna:1</id><published>2024-02-03T10:00:00+09:00</published><updated>2024-02-03T11:00:00+09:00</updated>
<author><name>中央社記者</name></author>
<content type="html">&lt;p&gt;{BLINKEN_KAMIKAWA}&lt;/p&gt;&lt;p&gt;雙方討論區域情勢。&lt;/p&gt;</content></entry>
<entry><title>王毅同拉夫罗夫通电话</title><link href="https://www.cna.com.tw/news/2.aspx"/><id>urn:cna:2</id>
<updated>2022-01-10T21:00:00+08:00</updated><summary>{WANG_LAVROV}</summary></entry>
</feed>"""


def test_rss_items_are_articles_with_link_title_date_and_the_feed_as_outlet(engine, client, tmp_path):
    feed = write(tmp_path / "world.xml", RSS)
    outcomes = read_all(feed)
    assert [label for label, _ in outcomes] == [f"{feed}:#1", f"{feed}:#2", f"{feed}:#3"]
    first, second, empty = (raw for _, raw in outcomes)
    assert (first.url, first.title, first.published.isoformat(), first.meta["outlet"]) == (
        "http://www.news.cn/world/20230405/a.htm", "习近平同法国总统马克龙举行会谈", "2023-04-05T20:00:00+08:00", "新华网国际")
    assert first.text == f"{XI_MACRON}\n双方发表联合声明。"
    assert second.text.startswith(PUTIN_VISIT) and second.published.isoformat() == "2024-05-16T12:00:00+08:00"
    assert empty == "no content or summary in the entry"
    report = ingest(engine, [feed])
    assert report.read == 2 and report.rejected == [(f"{feed}:#3", "no content or summary in the entry")]
    assert set(events(client)) == {XI_MACRON_ID, PUTIN_VISIT_ID}


def test_atom_entries_take_content_or_summary(engine, client, tmp_path):
    feed = write(tmp_path / "cna.atom", ATOM)
    report = ingest(engine, [feed])
    assert report.read == 2 and not report.rejected
    stored = articles(engine)
    first, second = stored["cna.atom:#1"], stored["cna.atom:#2"]
    assert (first.url, first.title, first.published, first.author) == (
        "https://www.cna.com.tw/news/1.aspx", "布林肯與上川陽子通電話", "2024-02-03T09:00:00+08:00", "中央社記者")
    assert second.text == WANG_LAVROV and second.published == "2022-01-10T21:00:00+08:00"  # only a summary, and updated
    assert set(events(client)) == {BLINKEN_KAMIKAWA_ID, WANG_LAVROV_ID}


# ---------------------------------------------------------------- archives


def md(date: str, text: str) -> str:
    return f"---\ndate: {date}\n---\n{text}\n"


def test_a_zip_of_a_folder_and_a_dump(engine, client, tmp_path):
    archive = tmp_path / "news.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("2024/", "")
        z.writestr("2024/putin.md", md("2024-05-16", PUTIN_VISIT))
        z.writestr("2024/blinken.html", f"<html><head><meta name=date content=2024-02-03></head>"
                                        f"<body><p>{BLINKEN_KAMIKAWA}</p><p>完</p></body></html>")
        z.writestr("2024/.DS_Store", b"\x00\x00\x00\x01Bud1")
        z.writestr("__MACOSX/2024/._putin.md", b"\x00\x05\x16\x07")
        z.writestr("dump.jsonl", "\n".join(json.dumps(r, ensure_ascii=False) for r in [
            news_please("https://www.news.cn/1.htm", "王毅同拉夫罗夫通电话", "2022-01-10 22:00:00", WANG_LAVROV),
            news_please("https://www.news.cn/2.htm", "空", "2022-01-10 22:00:00", "")]))
    report = ingest(engine, [archive])
    assert report.read == 3 and report.rejected == [(f"{archive}:dump.jsonl:2", "no text: maintext is empty")]
    stored = articles(engine)
    assert set(stored) == {"news.zip:2024/putin.md", "news.zip:2024/blinken.html", "news.zip:dump.jsonl:1"}
    assert stored["news.zip:dump.jsonl:1"].url == "https://www.news.cn/1.htm"
    assert stored["news.zip:2024/blinken.html"].published == "2024-02-03"
    assert set(events(client)) == {PUTIN_VISIT_ID, BLINKEN_KAMIKAWA_ID, WANG_LAVROV_ID}


@pytest.mark.parametrize("mode, name", [("w:gz", "corpus.tar.gz"), ("w:bz2", "corpus.tbz2"), ("w:xz", "corpus.tar.xz"),
                                        ("w", "corpus.tar")])
def test_a_tar_in_any_compression_with_a_gzipped_dump_inside(engine, client, tmp_path, mode, name):
    members = {"./articles/modi.txt": md("2023-06-21", MODI_BIDEN).encode(),
               "./articles/feed.xml": RSS.encode(),
               "./dumps/part-0.jsonl.gz": gzip.compress(json.dumps(
                   {"url": "https://a.cn/1", "date": "2021-06-28", "text": XI_PUTIN}, ensure_ascii=False).encode())}
    with tarfile.open(tmp_path / name, mode) as tar:
        for member, data in members.items():
            info = tarfile.TarInfo(member)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    report = ingest(engine, [tmp_path / name])
    assert report.read == 4 and report.rejected == [(f"{tmp_path / name}:articles/feed.xml:#3",
                                                    "no content or summary in the entry")]
    assert set(articles(engine)) == {f"{name}:articles/modi.txt", f"{name}:articles/feed.xml:#1",
                                     f"{name}:articles/feed.xml:#2", f"{name}:dumps/part-0.jsonl.gz:1"}
    assert set(events(client)) == {MODI_BIDEN_ID, XI_MACRON_ID, PUTIN_VISIT_ID, XI_PUTIN_ID}


def test_a_gzipped_article_is_the_article(engine, client, tmp_path):
    path = tmp_path / "page.html.gz"
    path.write_bytes(gzip.compress(f"<html><head><meta name=pubdate content=2021-06-28></head><body>"
                                   f"<p>{XI_PUTIN}</p><p>两国元首互致问候。</p></body></html>".encode("gbk")))
    report = ingest(engine, [path])
    assert report.read == 1 and not report.rejected
    [(name, article)] = articles(engine).items()
    assert name == "page.html.gz" and article.path == str(path.resolve()) and article.published == "2021-06-28"
    assert set(events(client)) == {XI_PUTIN_ID}


@pytest.mark.parametrize("name, make", [
    ("corpus.dat", lambda data: _zipped({"a.txt": data})),
    ("article.bin", lambda data: gzip.compress(data)),
    ("article.data", lambda data: bz2.compress(data)),
    ("records.txt", lambda data: json.dumps({"url": "https://a.cn/1", "text": data.decode()}, ensure_ascii=False).encode()),
    ("feed.txt", lambda data: f"<?xml version='1.0'?>\n<!-- 新华网 -->\n<rss version='2.0'><channel><title>T</title><item>"
                              f"<title>t</title><description>{data.decode()}</description></item></channel></rss>".encode()),
])
def test_formats_are_told_by_their_bytes_not_their_names(tmp_path, name, make):
    path = tmp_path / name
    path.write_bytes(make(md("2021-06-28", XI_PUTIN).encode()))
    outcomes = read_all(path)
    assert len(outcomes) == 1 and not isinstance(outcomes[0][1], str), outcomes
    assert XI_PUTIN in outcomes[0][1].text and outcomes[0][0] != ""


def test_a_jsonl_that_is_not_records_is_never_one_article(tmp_path):
    path = write(tmp_path / "notes.jsonl", f"{XI_MACRON}\n{XI_PUTIN}\n")
    assert [reason.split(":")[0] for _, reason in read_all(path)] == ["invalid JSON", "invalid JSON"]


def _zipped(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buffer.getvalue()


# ---------------------------------------------------------------- limits


@pytest.fixture
def small_limits(monkeypatch):
    """Limits small enough to meet in a test: 1 MiB (or 10× the file)."""
    monkeypatch.setattr(sources, "MIN_UNPACKED", 1024 * 1024)
    monkeypatch.setattr(sources, "UNPACK_RATIO", 10)


def test_a_zip_bomb_is_refused_before_unpacking_and_the_batch_goes_on(engine, tmp_path, small_limits):
    bomb = tmp_path / "bomb.zip"
    bomb.write_bytes(_zipped({"a.txt": md("2021-06-28", XI_PUTIN).encode(), "zeros.txt": bytes(20 * 1024 * 1024)}))
    good = write(tmp_path / "good.md", md("2022-01-10", WANG_LAVROV))
    report = ingest(engine, [bomb, good])
    assert report.read == 2  # good.md, and the bomb's first member
    assert report.rejected == [(f"{bomb}:zeros.txt", "refused: a member would unpack to 20.0 MiB, more than the "
                                                     "1.0 MiB this file may unpack to (a zip bomb?)")]


def test_a_gzip_bomb_is_refused_while_unpacking(tmp_path, small_limits):
    bomb = tmp_path / "zeros.jsonl.gz"
    with gzip.open(bomb, "wb") as output:
        for _ in range(40):
            output.write(b" " * 1024 * 1024)
    assert bomb.stat().st_size < 100 * 1024
    assert read_all(bomb) == [(str(bomb), "refused: unpacks to more than 1.0 MiB "
                                          "(the limit for a file of this size; a zip bomb?)")]


def test_a_zip_of_too_many_members_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(sources, "MAX_MEMBERS", 3)
    path = tmp_path / "many.zip"
    path.write_bytes(_zipped({f"{i}.txt": md("2021-06-28", XI_PUTIN).encode() for i in range(5)}))
    assert read_all(path) == [(str(path), "refused: more than 3 archive members")]


def test_archives_nested_too_deep_are_refused(tmp_path):
    data = md("2021-06-28", XI_PUTIN).encode()
    for _ in range(sources.MAX_NESTING):
        data = gzip.compress(data)
    path = tmp_path / "deep.gz"
    path.write_bytes(data)
    [(_, raw)] = read_all(path)
    assert raw.text == XI_PUTIN  # five layers: read
    path.write_bytes(gzip.compress(data))
    assert read_all(path) == [(str(path), "archives nested more than 5 deep (counting each compression)")]


def test_a_broken_archive_keeps_the_records_read_before_the_break(tmp_path):
    import random

    noise = random.Random(1).randbytes(200_000)  # does not compress: the cut falls in b.zip, after a.md
    path = tmp_path / "cut.tar.gz"
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for name, data in (("a.md", md("2021-06-28", XI_PUTIN).encode()), ("b.zip", _zipped({"n.bin": noise}))):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    path.write_bytes(buffer.getvalue()[:-200])
    outcomes = read_all(path)
    assert outcomes[0][0] == f"{path}:a.md" and outcomes[0][1].text == XI_PUTIN
    assert outcomes[-1][0] in (str(path), f"{path}:b.zip") and "cannot read" in outcomes[-1][1]


# ---------------------------------------------------------------- again, in the command, in workers, on the page


def test_the_same_dump_again_is_unchanged_and_a_changed_record_replaced(engine, client, tmp_path):
    records = [news_please(f"https://www.news.cn/{i}.htm", f"标题{i}", date, text) for i, (date, text) in enumerate([
        ("2023-04-05 20:00:00", XI_MACRON), ("2021-06-28 23:00:00", XI_PUTIN), ("2024-05-16 12:00:00", PUTIN_VISIT)])]
    dump = jsonl(tmp_path / "dump.jsonl", *records)
    assert ingest(engine, [dump]).read == 3
    again = ingest(engine, [dump])
    assert (again.read, again.unchanged, again.rejected) == (0, 3, [])
    records[1]["maintext"] = WANG_LAVROV
    records[1]["date_publish"] = "2022-01-10 22:00:00"
    jsonl(dump, *records)
    changed = ingest(engine, [dump])
    assert (changed.read, changed.replaced, changed.unchanged) == (1, 1, 2)
    assert set(events(client)) == {XI_MACRON_ID, WANG_LAVROV_ID, PUTIN_VISIT_ID}
    assert len(articles(engine)) == 3


def test_a_dump_is_stored_while_it_is_read(engine, tmp_path, monkeypatch):
    from app.ingest import pipeline

    monkeypatch.setattr(pipeline, "CHUNK", 2)
    monkeypatch.setattr(pipeline, "BATCH", 2)
    texts = [XI_MACRON, XI_PUTIN, PUTIN_VISIT, MODI_BIDEN, WANG_LAVROV, BLINKEN_KAMIKAWA]
    dump = jsonl(tmp_path / "dump.jsonl", *({"text": t, "date": "2024-01-01", "n": i} for i, t in enumerate(texts)))
    stored_when = {}

    def progress(label, last):
        with Session(engine) as session:
            stored_when[label.rsplit(":", 1)[1]] = (len(session.exec(select(Article.id)).all()), last)

    assert pipeline.ingest(engine, [dump], progress=progress).read == 6
    assert stored_when["5"] == (4, False) and stored_when["6"] == (4, True)  # two batches in before the end


NO_TEXT = "no text field (one of: maintext, text, raw_text, content, body, html)"
BAD_JSON = "invalid JSON: Expecting property name enclosed in double quotes (column 2)"


@pytest.mark.parametrize("records, status, rejected", [
    ([{"text": XI_PUTIN, "date": "2021-06-28"}], 0, []),
    ([{"text": XI_PUTIN, "date": "2021-06-28"}, {"title": "空"}], 1, [f"2: {NO_TEXT}"]),
    ([{"title": "空"}, "{oops"], 2, [f"1: {NO_TEXT}", f"2: {BAD_JSON}"]),
])
def test_the_command_names_each_bad_record_and_keeps_its_exit_status(db_url, tmp_path, records, status, rejected):
    dump = jsonl(tmp_path / "dump.jsonl", *records)
    result = runner.invoke(cli, ["ingest", str(dump)])
    assert result.exit_code == status, result.output
    out = " ".join(result.output.split())
    assert f"files rejected: {len(rejected)}" in out
    for line in rejected:
        assert f"rejected {dump}:{line}" in out


def test_control_characters_in_member_names_are_printed_escaped(db_url, tmp_path):
    path = tmp_path / "odd.zip"
    path.write_bytes(_zipped({"\x1b[2Jwiped\u202e.txt": b""}))
    result = runner.invoke(cli, ["ingest", str(path)])
    assert result.exit_code == 2
    assert "\x1b" not in result.output and "\u202e" not in result.output
    assert "odd.zip:\\x1b[2Jwiped\\u202e.txt: empty file" in " ".join(result.output.split())


def test_workers_read_dumps_and_files_alike(db_url, tmp_path):
    corpus = tmp_path / "corpus"
    jsonl(corpus / "dump.jsonl", *({"text": f"第{i}篇。{text}", "date": date} for i, (date, text) in enumerate(
        [("2023-04-05", XI_MACRON), ("2021-06-28", XI_PUTIN), ("2024-05-16", PUTIN_VISIT)] * 12)), {"title": "空"})
    write(corpus / "a.md", md("2022-01-10", WANG_LAVROV))
    result = runner.invoke(cli, ["ingest", "--workers", "2", str(corpus)])
    assert result.exit_code == 1, result.output
    out = " ".join(result.output.split())
    assert "articles read: 37" in out and f"rejected {corpus / 'dump.jsonl'}:37: no text field" in out
    ids = {json.loads(line)["id"] for line in runner.invoke(cli, ["export"]).stdout.splitlines()}
    assert ids == {XI_MACRON_ID, XI_PUTIN_ID, PUTIN_VISIT_ID, WANG_LAVROV_ID}


def test_the_article_page_of_a_record(engine, client, tmp_path):
    dump = jsonl(tmp_path / "dump.jsonl", news_please("https://www.news.cn/1.htm", "习近平同马克龙会谈",
                                                      "2023-04-05 20:00:00", XI_MACRON))
    ingest(engine, [dump])
    article_id = events(client)[XI_MACRON_ID]["sources"][0]["article_id"]
    page = client.get(f"/articles/{article_id}")
    assert page.status_code == 200
    assert "dump.jsonl:1" in page.text and 'href="https://www.news.cn/1.htm"' in page.text
    assert client.get(f"/articles/{article_id}.json").json()["name"] == "dump.jsonl:1"


def test_a_run_that_stops_early_leaves_no_worker_waiting(engine, tmp_path):
    """The workers' queue fills while the writer is stopped; closing the run
    must end them, not wait for a reader that is gone."""
    import threading
    import time

    from app.ingest import pipeline

    dump = jsonl(tmp_path / "dump.jsonl", *({"text": f"第{i}篇。{XI_PUTIN}", "date": "2021-06-28"} for i in range(600)))
    stream = pipeline._extracted(engine, [str(dump)], None, 2)
    assert next(stream)[0] == f"{dump}:1"
    time.sleep(3)  # the worker fills the queue and waits to put more
    closing = threading.Thread(target=stream.close, daemon=True)
    closing.start()
    closing.join(timeout=60)
    assert not closing.is_alive()
