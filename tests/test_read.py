"""Each reading format, encodings, and files that are not articles."""
from datetime import date, datetime

import pytest

from app.ingest.read import ArticleError, parse_timestamp, read_article
from conftest import write

ARTICLE = "新华社北京3月22日电 国务委员兼外长王毅22日在桂林同俄罗斯外长拉夫罗夫举行会谈。\n\n双方就中俄关系交换意见。"


def test_plain_text_keeps_paragraphs_and_takes_first_line_as_title(tmp_path):
    a = read_article(write(tmp_path / "a.txt", "王毅同拉夫罗夫会谈\n\n" + ARTICLE))
    assert a.format == "text"
    assert a.title == "王毅同拉夫罗夫会谈"
    assert "双方就中俄关系交换意见。" in a.text
    assert a.published is None


def test_markdown_front_matter_gives_title_url_author_and_beijing_time(tmp_path):
    text = ("---\ntitle: '美俄会谈'\nurl: https://example.org/a\nauthor: 观察者网\n"
            "categories:\n - 新媒体\ndate: Tue, 11 Jan 2022 22:12:40 GMT\n---\n\n" + ARTICLE)
    a = read_article(write(tmp_path / "b.md", text))
    assert (a.format, a.title, a.url, a.author) == ("markdown", "美俄会谈", "https://example.org/a", "观察者网")
    assert isinstance(a.published, datetime)
    assert a.published.isoformat() == "2022-01-12T06:12:40+08:00"  # UTC evening is the next Beijing morning
    assert a.published_from == "metadata"
    assert a.text.startswith("新华社北京3月22日电")


def test_front_matter_iso_date_and_bare_date(tmp_path):
    a = read_article(write(tmp_path / "c.md", "---\ndate: 2021-03-23T06:08:42Z\n---\n" + ARTICLE))
    assert a.published.isoformat() == "2021-03-23T14:08:42+08:00"
    b = read_article(write(tmp_path / "d.md", "---\ndate: 2021-03-23\n---\n" + ARTICLE))
    assert b.published == date(2021, 3, 23)


@pytest.mark.parametrize("value", ["March 5", "Jan 11", "yesterday", "2 days ago", "2022-03"])
def test_a_metadata_date_is_never_completed_from_the_clock(value):
    """dateparser would give `March 5` this year, `yesterday` the day before
    the machine's today: no publication date at all is better."""
    assert parse_timestamp(value) is None


@pytest.mark.parametrize("value, expected", [("Tue, 11 Jan 2022 22:12:40 GMT", datetime(2022, 1, 12, 6, 12, 40)),
                                             ("11 Jan 2022", datetime(2022, 1, 11))])
def test_a_metadata_date_with_day_month_and_year_is_read(value, expected):
    assert parse_timestamp(value).replace(tzinfo=None) == expected


def test_html_fragment_keeps_paragraphs_and_captions_drops_scripts(tmp_path):
    html = ("<div><p>美国和俄罗斯10日在<a href='x'>日内瓦</a>举行会谈。</p>"
            "<img src='a.jpg' title='点击查看大图'><p><span>1月10日，美国副国务卿谢尔曼与俄罗斯副外长里亚布科夫举行会谈</span></p>"
            "<script>alert(1)</script><style>p{}</style><p>第三段&amp;结尾</p></div>")
    a = read_article(write(tmp_path / "e.html", html))
    assert a.format == "html"
    lines = a.text.split("\n")
    assert lines[0] == "美国和俄罗斯10日在日内瓦举行会谈。"  # inline link kept inside its sentence
    assert "1月10日，美国副国务卿谢尔曼与俄罗斯副外长里亚布科夫举行会谈" in lines
    assert "alert" not in a.text and "p{}" not in a.text and "点击查看大图" not in a.text
    assert lines[-1] == "第三段&结尾"


PAGE = """<!DOCTYPE html><html lang="zh-Hans"><head><meta charset="utf-8">
<title>美俄外长在利雅得会谈 - BBC News 中文</title>
<meta property="article:published_time" content="2025-02-18T16:20:00Z">
<meta name="author" content="BBC">
<link rel="canonical" href="https://www.bbc.com/zhongwen/simp/world-1"></head><body>
<header><nav>首页 国际 中国</nav></header><main><article><h1>美俄外长在利雅得会谈</h1>
<time datetime="2025-02-17T01:00:00Z">2月17日</time>
<p>美国国务卿鲁比奥周二在利雅得与俄罗斯外长拉夫罗夫举行会谈。</p></article>
<aside><p>相关报道：习近平同普京通电话</p><time datetime="2024-01-01T00:00:00Z">1月1日</time></aside></main>
<footer>© 2025 BBC</footer></body></html>"""


def test_a_web_page_gives_its_headline_address_author_and_time(tmp_path):
    a = read_article(write(tmp_path / "bbc.html", PAGE))
    assert (a.title, a.url, a.author) == ("美俄外长在利雅得会谈", "https://www.bbc.com/zhongwen/simp/world-1", "BBC")
    assert a.published.isoformat() == "2025-02-19T00:20:00+08:00"  # the head's time before any <time>
    assert a.published_from == "metadata"


def test_a_web_page_without_head_takes_the_time_of_its_story(tmp_path):
    body = PAGE.split("<body>")[1]
    a = read_article(write(tmp_path / "frag.html", body))
    assert a.published.isoformat() == "2025-02-17T09:00:00+08:00"  # not the related article's <time>
    assert a.title == "美俄外长在利雅得会谈" and a.url is None


def test_navigation_asides_and_footers_are_not_the_story(tmp_path):
    a = read_article(write(tmp_path / "bbc.html", PAGE))
    assert "首页" not in a.text and "相关报道" not in a.text and "©" not in a.text
    assert "鲁比奥" in a.text


@pytest.mark.parametrize("box", ['<div class="related">', '<ul id="tuijian">', '<div class="news-share bar">',
                                 '<section class="breadcrumb">'])
def test_boxes_around_the_story_are_not_the_story(tmp_path, box):
    tag = box[1:box.index(" ")]
    page = f"<div class='news-main'><p>王毅6日同巴罗通电话。</p></div>{box}<div><p>王毅会见拉夫罗夫</p></div></{tag}><p>尾声。</p>"
    text = read_article(write(tmp_path / "p.html", page)).text
    assert "巴罗" in text and "拉夫罗夫" not in text and "尾声" in text


def test_a_box_left_open_hides_nothing(tmp_path):
    page = "<p>王毅6日同巴罗通电话。</p><div class='share'><p>分享</p><p>拉夫罗夫12日访华。</p>"
    text = read_article(write(tmp_path / "p.html", page)).text
    assert "巴罗" in text and "拉夫罗夫" in text


def test_front_matter_wins_over_the_page_head(tmp_path):
    a = read_article(write(tmp_path / "c.md", "---\ntitle: 剪报标题\ndate: 2025-02-20\n---\n" + PAGE))
    assert (a.title, a.published) == ("剪报标题", date(2025, 2, 20))
    assert a.url == "https://www.bbc.com/zhongwen/simp/world-1"


def test_web_clip_header(tmp_path):
    text = ("<!--1616481063000-->\n[综述：中俄外长会晤](https://example.org/r)\n------\n\n"
            "<div><i>2021-03-23T06:08:42Z</i></div><p>路透北京3月23日 - 中俄两国外长本周伊始又展开会晤。</p>"
            "<p>**“守望相助”**</p>")
    a = read_article(write(tmp_path / "f.txt", text))
    assert a.format == "clip"
    assert a.title == "综述：中俄外长会晤" and a.url == "https://example.org/r"
    assert a.published.isoformat() == "2021-03-23T14:08:42+08:00"
    assert "“守望相助”" in a.text and "**" not in a.text


def test_clip_without_iso_time_falls_back_to_epoch_comment(tmp_path):
    a = read_article(write(tmp_path / "g.txt", "<!--1616481063000-->\n<p>正文第一段。</p><p>第二段。</p>"))
    assert a.published.isoformat() == "2021-03-23T14:31:03+08:00"


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "big5", "utf-16", "utf-8-sig"])
def test_encodings_are_detected(tmp_path, encoding):
    text = "新華社北京1月10日電 國務委員兼外長王毅同俄羅斯外長拉夫羅夫通電話。兩國外長就雙邊關係和共同關心的國際問題交換了意見。"
    if encoding in ("gbk", "gb18030"):
        text = "新华社北京1月10日电 国务委员兼外长王毅同俄罗斯外长拉夫罗夫通电话。两国外长就双边关系和共同关心的国际问题交换了意见。"
    a = read_article(write(tmp_path / f"{encoding}.txt", text, encoding))
    assert a.text == text


def test_a_page_labelled_gb2312_is_read_as_the_gbk_it_is(tmp_path):
    """Pages that say gb2312 are written in GBK: its middle dot (A1A4) must
    stay a middle dot, or transliterated names no longer match."""
    body = ("土库曼斯坦总统古尔班古力·别尔德穆哈梅多夫5日在阿什哈巴德同到访的哈萨克斯坦总统托卡耶夫举行会谈。"
            "双方就深化能源、交通和人文合作交换意见。")
    page = (f'<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
            f"<title>土哈元首会谈_财经频道</title></head><body><div class=nav>首页 | 财经 | 股票 | 基金</div>"
            f"<article><h1>土哈元首会谈</h1><p>{body}</p><p>（完）</p></article></body></html>")
    a = read_article(write(tmp_path / "page.html", page, "gbk"))
    assert "古尔班古力·别尔德穆哈梅多夫" in a.text and "・" not in a.text and a.encoding in ("gb18030", "gbk")


def test_encoding_override(tmp_path):
    path = write(tmp_path / "x.txt", "王毅同拉夫罗夫通电话。", "gbk")
    assert read_article(path, encoding="gbk").text == "王毅同拉夫罗夫通电话。"
    with pytest.raises(ArticleError, match="cannot decode as utf-8"):
        read_article(path, encoding="utf-8")


@pytest.mark.parametrize("content, reason", [
    (b"", "empty file"),
    (b"\x00\x01\x02\x03\xff\xfe\x00garbage" * 20, "binary"),
    (b"---\ntitle: [unclosed\n---\nbody", "invalid YAML"),
    (b"---\n- a\n- b\n---\nbody", "not a mapping"),
    (b"   \n\n  ", "no text"),
])
def test_bad_files_are_rejected_with_a_reason(tmp_path, content, reason):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(ArticleError, match=reason):
        read_article(path)


def test_yaml_front_matter_cannot_run_python(tmp_path):
    path = write(tmp_path / "evil.md", "---\ntitle: !!python/object/apply:os.system ['echo pwned']\n---\n正文。")
    with pytest.raises(ArticleError, match="invalid YAML"):
        read_article(path)
