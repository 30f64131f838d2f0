"""The realistic stream (bench/news.py) written as `timeline ingest` meets
news in the wild, one format at a time, each holding the same stories:

- files: one file a story in the shapes researchers save — text with a
  title and a date line, Markdown with front matter, an HTML fragment under
  front matter, a web clip (bench/corpus.py's styles, with a stated year);
- html: one whole web page a story, as portals serve them — a long head of
  inline scripts and JSON-LD, navigation, breadcrumbs, the story, share
  buttons, related and hot lists (with diplomatic headlines in them), comments,
  a footer — in each outlet's layout, charset (GBK for some) and way of
  stating the publication time (a <meta>, JSON-LD, <time>, or only the address);
- jsonl: one JSON Lines dump, records as news-please, trafilatura and a
  hand-written scraper write them (text fields, not pages);
- warc: one gzipped WARC as a crawler writes it — warcinfo, then for each
  story its request and its 200 response with HTTP headers, and around them
  what crawls hold besides (images, scripts, redirects, a 404); its record
  ids and times come from the seed too.

Each format is written in one pass over the stories, so a corpus of any
size takes bounded memory to write."""
import html
import io
import json
import random
import uuid
from collections.abc import Iterable
from datetime import timedelta, timezone
from email.utils import format_datetime
from pathlib import Path

from bench.news import Story, page_headlines

FORMATS = ("files", "html", "jsonl", "warc")
DUMP_NAME, WARC_NAME = "dump.jsonl", "crawl.warc.gz"


def write_format(folder: Path, stories: Iterable[Story], fmt: str, seed: int = 1) -> list[Path]:
    """The stories written into `folder` in one format: the files written
    (one a story for files and html; the one dump or WARC otherwise)."""
    folder.mkdir(parents=True, exist_ok=True)
    if fmt == "files":
        return [_write(folder / name, text.encode("utf-8")) for name, text in
                (story_file(story, _rng(seed, story, fmt)) for story in stories)]
    if fmt == "html":
        return [_write(folder / f"{story.index:06d}.html", page_bytes(story, _rng(seed, story, fmt)))
                for story in stories]
    if fmt == "jsonl":
        return [write_dump(folder / DUMP_NAME, stories, seed)]
    if fmt == "warc":
        return [write_warc(folder / WARC_NAME, stories, seed)]
    raise ValueError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")


def _rng(seed: int, story: Story, fmt: str) -> random.Random:
    """How a story is written draws from a generator of its own, so the
    stories themselves are the same in every format."""
    return random.Random(f"{seed}:{story.index}:{fmt}")


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


# ---------------------------------------------------------------- files


def story_file(story: Story, rng: random.Random) -> tuple[str, str]:
    """A file's name and text in one of the shapes saved news comes in;
    each states the publication day with its year."""
    o, when, body = story.outlet, story.published, story.text
    style = rng.choice(("plain", "markdown", "fragment", "clip"))
    if style == "plain":
        stamp = f"{when:%Y-%m-%d %H:%M}" if not o.traditional else f"{when:%Y/%m/%d %H:%M}"
        return f"{story.index:06d}.txt", f"{story.title}\n\n{stamp}　{o.local('来源')}：{o.site}\n\n{body}\n"
    if style == "markdown":
        front = {"title": story.title, "date": when.isoformat(), "url": story.url, "outlet": o.site,
                 "author": story.reporter}
        return f"{story.index:06d}.md", f"---\n{_front_matter(front)}---\n\n# {story.title}\n\n{body}\n"
    paragraphs = "".join(f"<p>{p}</p>\n" for p in story.paragraphs)
    if style == "fragment":
        return f"{story.index:06d}.md", f"---\ndate: {when.date().isoformat()}\n---\n<div class=\"article\">\n{paragraphs}</div>\n"
    stamp = int(when.timestamp() * 1000)
    return f"{story.index:06d}.txt", f"<!--{stamp}-->\n[{story.title}]({story.url})\n------\n\n{paragraphs}"


def _front_matter(fields: dict) -> str:
    return "".join(f"{key}: {json.dumps(value, ensure_ascii=False)}\n" for key, value in fields.items())


# ---------------------------------------------------------------- whole web pages

# Each outlet's layout: the box its story is in, how paragraphs are written
# (<p>, or text between <br>s as many Chinese portals do), and where the page
# states its publication time (a <meta> of one name or another, JSON-LD, a
# <time> element — or nowhere but the address, read by htmldate).
SHAPES = {
    "xinhua": {"box": '<div id="detail" class="main-aticle">', "end": "</div>", "time": "publishdate"},
    "people": {"box": '<div class="rm_txt_con cf">', "end": "</div>", "time": "address"},
    "chinanews": {"box": '<div class="left_zw" style="position:relative">', "end": "</div>", "time": "pubdate"},
    "thepaper": {"box": '<div class="index_cententWrap__Jv8jK">', "end": "</div>", "time": "json-ld"},
    "sina": {"box": '<div class="article" id="artibody" data-sudaclick="blk_content">', "end": "</div>",
             "time": "article:published_time"},
    "cna": {"box": '<div class="paragraph">', "end": "</div>", "time": "json-ld"},
    "udn": {"box": '<section class="article-content__editor ">', "end": "</section>", "time": "time"},
    "ltn": {"box": '<div class="text boxTitle boxText" data-desc="內容頁">', "end": "</div>", "time": "pubdate"},
    "mingpao": {"box": '<div class="txt4" id="upper">', "end": "</div>", "time": "article:published_time",
                "breaks": True},
}
CHANNELS = ["首页", "要闻", "国际", "国内", "财经", "股票", "科技", "体育", "娱乐", "汽车", "房产", "教育", "健康",
            "军事", "文化", "旅游", "时尚", "视频", "图片", "评论", "地方", "公益", "法治", "社会", "数码", "游戏"]


def page_bytes(story: Story, rng: random.Random) -> bytes:
    """The page as served: in its outlet's charset."""
    return page(story, rng).encode(story.outlet.charset, errors="xmlcharrefreplace")


def page(story: Story, rng: random.Random) -> str:
    """A whole news page around the story, 30–90 KB as portals' pages are.
    Its chrome is written in the outlet's script; the story as published."""
    o = story.outlet
    shape = SHAPES[o.shape]
    before = o.local(_head(story, rng, shape) + _top(story, rng))
    after = o.local(_aside(story, rng) + _footer(story, rng))
    return before + _story_box(story, shape) + after


def _head(story: Story, rng: random.Random, shape: dict) -> str:
    o, when = story.outlet, story.published
    charset = "gb2312" if o.charset == "gbk" else o.charset
    parts = [f'<!DOCTYPE html>\n<html lang="{"zh-TW" if o.region == "tw" else "zh-CN"}">\n<head>\n'
             f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">\n'
             '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
             f"<title>{html.escape(story.title)}_{o.site}</title>\n"
             f'<meta name="keywords" content="{html.escape(story.title)},{o.site},新闻">\n'
             f'<meta name="description" content="{html.escape(story.paragraphs[0][:80])}">\n']
    if shape["time"] != "address":
        parts.append(f'<meta property="og:title" content="{html.escape(story.title)}">\n<meta property="og:site_name" content="{o.site}">\n'
                     f'<meta property="og:url" content="{story.url}">\n<link rel="canonical" href="{story.url}">\n')
    stamp = when.isoformat()
    parts.append({
        "publishdate": f'<meta name="publishdate" content="{when:%Y-%m-%d}">\n',
        "pubdate": f'<meta name="pubdate" content="{when:%Y-%m-%d %H:%M:%S}">\n',
        "article:published_time": f'<meta property="article:published_time" content="{stamp}">\n',
        "json-ld": '<script type="application/ld+json">' + json.dumps({
            "@context": "https://schema.org", "@type": "NewsArticle", "headline": story.title,
            "datePublished": stamp, "dateModified": stamp, "author": {"@type": "Person", "name": story.reporter},
            "publisher": {"@type": "Organization", "name": o.site}, "mainEntityOfPage": story.url},
            ensure_ascii=False) + "</script>\n",
    }.get(shape["time"], ""))
    parts += [f'<link rel="stylesheet" href="//static.{o.host}/css/{name}.css">\n' for name in ("common", "article", "m")]
    parts += [f"<script>window.__cfg_{i} = {{channel: 'news', id: {rng.randrange(10**8)}, ab: '{rng.choice('abc')}', "
              f"ts: {int(when.timestamp()) + i}}};</script>\n" for i in range(rng.randint(150, 500))]
    parts.append("<script>(function(){var s=document.createElement('script');s.src='//stat.example.net/t.js?"
                 f"site={o.host}';document.head.appendChild(s);}})();</script>\n"
                 "<style>.nav li{float:left;margin:0 8px}.hot-rank li{line-height:24px}.footer{color:#999}</style>\n"
                 "</head>\n")
    return "".join(parts)


def _top(story: Story, rng: random.Random) -> str:
    o = story.outlet
    links = "".join(f'<li><a href="//{o.host}/{i}/">{name}</a></li>' for i, name in
                    enumerate(rng.sample(CHANNELS, rng.randint(14, len(CHANNELS)))))
    channel = rng.choice(CHANNELS[2:])
    info = {"time": f'<time datetime="{story.published.isoformat()}">{story.published:%Y-%m-%d %H:%M}</time>'}.get(
        SHAPES[o.shape]["time"], f'<span class="time">{story.published:%Y-%m-%d %H:%M:%S}</span>')
    return ('<body>\n<div class="topbar"><a href="/login">登录</a> | <a href="/reg">注册</a> | '
            f'<a href="//m.{o.host}">手机版</a></div>\n'
            f'<div class="header"><a class="logo" href="//{o.host}/"><img src="/img/logo.png" alt="{o.site}"></a>'
            f'<form action="/search"><input name="q"><button>搜索</button></form></div>\n'
            f'<div class="nav"><ul>{links}</ul></div>\n'
            f'<div class="crumbs"><a href="/">{o.site}</a> &gt; <a href="/{channel}/">{channel}</a> &gt; 正文</div>\n'
            f'<div class="container"><div class="main">\n<h1>{story.title}</h1>\n'
            f'<div class="info">{info}<span class="source">来源：{o.site}</span>'
            f'<span class="author">作者：{story.reporter}</span></div>\n')


def _story_box(story: Story, shape: dict) -> str:
    if shape.get("breaks"):
        body = "<br><br>\n".join(story.paragraphs)
    else:
        body = "".join(f"<p>{p}</p>\n" for p in story.paragraphs)
    return f"{shape['box']}\n{body}{shape['end']}\n"


def _aside(story: Story, rng: random.Random) -> str:
    o = story.outlet
    headlines = page_headlines(rng, o, story.published, 22)
    related = "".join(f'<li><a href="//{o.host}/n/{rng.randrange(10**7)}.html">{h}</a>'
                      f'<span>{story.published:%m-%d}</span></li>' for h in headlines[:12])
    hot = "".join(f'<li><em>{i}</em><a href="//{o.host}/n/{rng.randrange(10**7)}.html">{h}</a></li>'
                  for i, h in enumerate(headlines[12:], 1))
    return ('<div class="editor">【责任编辑：' + story.reporter + '】</div>\n'
            '<div class="share-box">分享到：<a href="#">微信</a><a href="#">微博</a><a href="#">QQ空间</a></div>\n'
            f'<div class="related"><h3>相关新闻</h3><ul>{related}</ul></div>\n'
            '<div id="comments" class="comment-box"><h3>网友评论</h3><p>已有' + str(rng.randrange(2, 900)) +
            '人参与</p><p>网友：说得好，支持！</p><p>网友：希望持续关注。</p></div>\n'
            '</div>\n<div class="sidebar"><div class="hot-rank"><h3>热门排行</h3><ol>' + hot + '</ol></div>'
            '<div class="ad-box"><a href="//ad.example.net/c"><img src="/ad/300x250.jpg" alt="广告"></a></div></div>\n'
            '</div>\n')


def _footer(story: Story, rng: random.Random) -> str:
    o = story.outlet
    links = "".join(f'<a href="/{name}">{name}</a> | ' for name in ("关于我们", "联系我们", "广告服务", "网站地图", "招聘信息"))
    return (f'<div class="footer"><p>{links}</p><p>Copyright © 2000-{story.published.year} {o.site} 版权所有</p>'
            f'<p>京ICP备{rng.randrange(10**7, 10**8)}号 违法和不良信息举报电话：12377</p></div>\n'
            + "".join(f'<script src="//static.{o.host}/js/{name}.js"></script>\n' for name in ("jquery", "share", "stat"))
            + "</body>\n</html>\n")


# ---------------------------------------------------------------- a JSON Lines dump


def write_dump(path: Path, stories: Iterable[Story], seed: int = 1) -> Path:
    with open(path, "w", encoding="utf-8") as dump:
        for story in stories:
            dump.write(json.dumps(dump_record(story, _rng(seed, story, "jsonl")), ensure_ascii=False) + "\n")
    return path


def dump_record(story: Story, rng: random.Random) -> dict:
    """A record as one of three scrapers writes it: news-please (maintext,
    date_publish, source_domain), trafilatura (text, date, hostname) or a
    hand-written one (content, published_at, publisher)."""
    o, when = story.outlet, story.published
    scraper = rng.choice(("news-please", "trafilatura", "custom"))
    if scraper == "news-please":
        return {"authors": [story.reporter], "date_download": f"{when + timedelta(hours=2):%Y-%m-%d %H:%M:%S}",
                "date_modify": None, "date_publish": f"{when:%Y-%m-%d %H:%M:%S}",
                "description": story.paragraphs[0][:80], "image_url": None,
                "language": "zh", "maintext": "\n".join(story.paragraphs), "source_domain": o.host,
                "title": story.title, "title_page": f"{story.title}_{o.site}", "title_rss": None, "url": story.url}
    if scraper == "trafilatura":
        return {"title": story.title, "author": story.reporter, "hostname": o.host, "date": f"{when:%Y-%m-%d}",
                "url": story.url, "categories": "", "tags": "", "fingerprint": f"{rng.getrandbits(64):016x}",
                "text": "\n".join(story.paragraphs), "comments": ""}
    return {"url": story.url, "headline": story.title, "published_at": when.isoformat(), "publisher": o.site,
            "byline": story.reporter, "content": "\n\n".join(story.paragraphs)}


# ---------------------------------------------------------------- a WARC file


def write_warc(path: Path, stories: Iterable[Story], seed: int = 1) -> Path:
    """A gzipped WARC: warcinfo, then each story's request and response, and
    now and then an image, a script, a redirect or a 404 — records an
    ingest skips, as real crawls hold many."""
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as output:
        writer = WARCWriter(output, gzip=True)
        info = b"software: bench-crawler/1.0\r\nformat: WARC File Format 1.1\r\n"
        writer.write_record(writer.create_warc_record(
            "", "warcinfo", payload=io.BytesIO(info), warc_content_type="application/warc-fields",
            warc_headers_dict={"WARC-Record-ID": _record_id(random.Random(f"{seed}:warcinfo")),
                               "WARC-Date": "2024-01-01T00:00:00Z", "WARC-Filename": path.name}))
        for story in stories:
            rng = _rng(seed, story, "warc")
            for record in _story_records(writer, story, rng):
                writer.write_record(record)
    return path


def _story_records(writer, story: Story, rng: random.Random):
    from warcio.statusandheaders import StatusAndHeaders

    captured = story.published + timedelta(minutes=rng.randrange(5, 600))
    stamp = captured.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    host = story.outlet.host
    request = StatusAndHeaders(f"GET {story.url.split(host, 1)[1] or '/'} HTTP/1.1",
                               [("Host", host), ("User-Agent", "bench-crawler/1.0"), ("Accept", "text/html")],
                               is_http_request=True)
    yield writer.create_warc_record(story.url, "request", http_headers=request,
                                    warc_headers_dict={"WARC-Date": stamp, "WARC-Record-ID": _record_id(rng)})
    charset = "GBK" if story.outlet.charset == "gbk" else "utf-8"
    yield _response(writer, rng, story.url, stamp, "200 OK", f"text/html; charset={charset}", page_bytes(story, rng),
                    captured)
    if rng.random() < 0.3:
        yield _response(writer, rng, f"https://static.{host}/img/{rng.randrange(10**6)}.jpg", stamp, "200 OK",
                        "image/jpeg", b"\xff\xd8\xff\xe0" + bytes(rng.randrange(200, 2000)), captured)
    if rng.random() < 0.1:
        yield _response(writer, rng, f"https://static.{host}/js/app.{rng.getrandbits(32):08x}.js", stamp, "200 OK",
                        "application/javascript", b"var app = {};" * 50, captured)
    if rng.random() < 0.05:
        yield _response(writer, rng, story.url.replace("https://", "http://"), stamp, "301 Moved Permanently",
                        "text/html", b"<html><body>Moved</body></html>", captured, [("Location", story.url)])
    if rng.random() < 0.03:
        yield _response(writer, rng, f"https://{host}/n/{rng.randrange(10**7)}.html", stamp, "404 Not Found",
                        "text/html", "<html><body><h1>404 页面不存在</h1></body></html>".encode("utf-8"), captured)


def _record_id(rng: random.Random) -> str:
    """A record id drawn from the seed, so the same seed writes the same WARC."""
    return f"<urn:uuid:{uuid.UUID(int=rng.getrandbits(128), version=4)}>"


def _response(writer, rng: random.Random, uri: str, stamp: str, status: str, content_type: str, payload: bytes,
              captured, extra: list | None = None):
    from warcio.statusandheaders import StatusAndHeaders

    headers = [("Server", "nginx"), ("Date", format_datetime(captured.astimezone(timezone.utc), usegmt=True)),
               ("Content-Type", content_type), ("Content-Length", str(len(payload))),
               ("Cache-Control", "max-age=600"), *(extra or [])]
    return writer.create_warc_record(uri, "response", payload=io.BytesIO(payload),
                                     http_headers=StatusAndHeaders(status, headers, protocol="HTTP/1.1"),
                                     warc_headers_dict={"WARC-Date": stamp, "WARC-Record-ID": _record_id(rng)})
