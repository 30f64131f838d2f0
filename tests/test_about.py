"""The About page says what the database holds and repeats the accuracy the
README records — never other figures."""
from test_accuracy import recorded


def test_about_says_what_is_stored(client, seeded):
    html = client.get("/about").text
    assert "关于数据" in html and "实测准确率" in html and "已知局限" in html
    assert "篇文章" in html and 'href="/?type=call"' in html
    client.cookies.set("lang", "en")
    english = client.get("/about").text
    assert "About the data" in english and "Known limits" in english and "events, from 20" in english


def test_about_on_an_empty_database(client):
    assert "timeline ingest" in client.get("/about").text


def test_the_figures_are_the_readmes():
    from app.web.about import about_data
    shown = about_data()["accuracy"]
    assert shown["dev"]["f1"] == recorded()["dev"] and shown["seeds"]["f1"] == recorded()["seeds"]
