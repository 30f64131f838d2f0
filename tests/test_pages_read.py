"""Whole web pages and Markdown as researchers save them: the story kept,
the page around it left out, paragraphs kept, and who published it."""
import pytest

from app.ingest.page import is_whole_page, read_page
from app.ingest.read import read_article
from conftest import write

STORY = ["国家主席习近平5日在北京人民大会堂同来华进行国事访问的法国总统马克龙举行会谈。",
         "两国元首就中法关系和共同关心的国际和地区问题深入交换意见，一致同意推动中法全面战略伙伴关系向前发展。",
         "会谈后，两国元首共同见证了航空、农业、文化等领域多项合作文件的签署。"]
RELATED = ["普京与莫迪在莫斯科举行会谈", "拜登同岸田文雄通电话", "王毅会见拉夫罗夫"]


def page(story_box: str = '<div class="article-content">', head_scripts: int = 400, site: str = "示例新闻网") -> str:
    """A saved news page as portals write them: a head longer than 20,000
    characters (inline scripts and styles), navigation, the story, a box of
    related headlines, comments and a footer."""
    scripts = "".join(f"<script>var cfg{i} = {{'a': '{i}', 'b': 'x'}};</script>" for i in range(head_scripts))
    related = "".join(f'<li><a href="/n/{i}.html">{title}</a></li>' for i, title in enumerate(RELATED))
    body = "".join(f"<p>{p}</p>" for p in STORY)
    return (f"<!DOCTYPE html><html lang=zh-CN><head><meta charset=utf-8><title>习近平同马克龙会谈_{site}</title>"
            f'<meta property="og:site_name" content="{site}">'
            '<meta property="article:published_time" content="2024-05-06T08:30:00+08:00">'
            f'<link rel="canonical" href="https://news.example.cn/2024/05/06/c_1.html">{scripts}'
            "<style>.a{color:red}</style></head><body>"
            '<div class="top-nav"><a href="/">首页</a><a href="/gj">国际</a><a href="/js">军事</a></div>'
            "<h1>习近平同法国总统马克龙举行会谈</h1>"
            f"{story_box}{body}</div>"
            f'<div class="related-news"><h3>相关新闻</h3><ul>{related}</ul></div>'
            '<div id="comments"><p>网友评论：支持中法友好！</p></div>'
            "<footer>版权所有 示例新闻网</footer></body></html>")


def test_a_page_is_known_by_its_structure_however_long_its_head():
    html = page()
    assert len(html.split("<body>")[0]) > 20_000
    assert is_whole_page(html)
    assert not is_whole_page("<p>国家主席习近平5日同马克龙会谈。</p><p>双方交换意见。</p>")


def test_a_whole_page_gives_its_story_and_nothing_around_it(tmp_path):
    article = read_article(write(tmp_path / "page.html", page()))
    assert article.format == "html"
    assert article.text.split("\n") == STORY
    assert not any(title in article.text for title in RELATED)
    assert "网友评论" not in article.text and "版权所有" not in article.text and "cfg1" not in article.text
    assert article.title == "习近平同法国总统马克龙举行会谈"
    assert article.url == "https://news.example.cn/2024/05/06/c_1.html"
    assert (article.outlet, article.published_from) == ("示例新闻网", "metadata")
    assert article.published.isoformat() == "2024-05-06T08:30:00+08:00"


@pytest.mark.parametrize("box", ['<div class="share-wrap">', '<div class="content share">', '<section id="main_share">',
                                 '<div class="hot-article">'])
def test_a_story_inside_a_box_whose_class_says_share_is_kept(tmp_path, box):
    article = read_article(write(tmp_path / "page.html", page(story_box=box)))
    assert article.text.split("\n") == STORY


def test_a_story_written_between_line_breaks_is_found():
    html = page(story_box='<div class="TRS_Editor">' + "<br>".join(STORY) + "</div><div>")
    story, _ = read_page(html)
    assert story is not None and all(sentence in story for sentence in STORY)


def test_a_page_without_a_story_container_is_read_whole(tmp_path):
    html = "<!DOCTYPE html><html><head><title>短讯</title></head><body>国家主席习近平5日同马克龙通电话。</body></html>"
    article = read_article(write(tmp_path / "short.html", html))
    assert article.text == "国家主席习近平5日同马克龙通电话。"


def test_the_outlet_is_the_addresss_host_when_the_page_names_none(tmp_path):
    html = page().replace('<meta property="og:site_name" content="示例新闻网">', "")
    assert read_article(write(tmp_path / "page.html", html)).outlet == "news.example.cn"


def test_a_page_gives_its_events(client, engine, tmp_path):
    from app.ingest.pipeline import ingest

    write(tmp_path / "page.html", page())
    assert ingest(engine, [tmp_path / "page.html"]).ok
    events = client.get("/api/events").json()["events"]
    assert {(e["type"], e["date"]) for e in events} == {("talks", "2024-05-05"), ("visit", "2024-05-05")}
    source = events[0]["sources"][0]
    assert (source["outlet"], source["original_url"]) == ("示例新闻网", "https://news.example.cn/2024/05/06/c_1.html")


MARKDOWN = """---
title: 中法元首会谈
url: https://news.example.cn/a.html
date: 2024-05-06
---
<figure><img src="a.jpg"><figcaption>5月5日，习近平同马克龙举行会谈。</figcaption></figure>

国家主席习近平5日在北京同法国总统马克龙举行会谈。

两国元首就中法关系交换意见。

- 双方签署多项合作文件；
- 双方同意加强人文交流。
"""


def test_markdown_keeps_its_paragraphs_lists_and_embedded_html(tmp_path):
    article = read_article(write(tmp_path / "a.md", MARKDOWN))
    assert article.format == "markdown"
    assert article.text.split("\n") == ["5月5日，习近平同马克龙举行会谈。", "国家主席习近平5日在北京同法国总统马克龙举行会谈。",
                                        "两国元首就中法关系交换意见。", "双方签署多项合作文件；", "双方同意加强人文交流。"]


def test_markdown_links_and_emphasis_leave_their_text(tmp_path):
    text = "---\ntitle: t\n---\n据[新华社](https://x.cn)报道，**习近平**5日同马克龙通电话。\n"
    assert read_article(write(tmp_path / "b.md", text)).text == "据新华社报道，习近平5日同马克龙通电话。"


def test_a_markdown_file_without_front_matter_is_read_as_markdown(tmp_path):
    article = read_article(write(tmp_path / "c.md", "# 中法会谈\n\n习近平5日同*马克龙*通电话。\n"))
    assert (article.format, article.text) == ("markdown", "中法会谈\n习近平5日同马克龙通电话。")


def test_a_page_without_a_date_in_its_head_is_dated_by_its_markup_and_says_so(client, engine, tmp_path):
    from app.ingest.pipeline import ingest

    html = page().replace('<meta property="article:published_time" content="2024-05-06T08:30:00+08:00">', "") \
        .replace("<h1>", '<div class="info"><span class="date">2024-05-06 08:30</span></div><h1>')
    article = read_article(write(tmp_path / "page.html", html))
    assert (article.published.isoformat(), article.published_from) == ("2024-05-06", "page")
    assert ingest(engine, [tmp_path / "page.html"]).ok
    [stored] = client.get("/api/events").json()["events"][:1]
    page_html = client.get(f"/articles/{stored['sources'][0]['article_id']}").text
    assert "2024-05-06" in page_html and "htmldate" in page_html
