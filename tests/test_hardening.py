"""A read-only surface that bad input cannot break: every response carries
the security headers; nothing renders input as HTML; bad parameters get a
clear 4xx, never a 500."""
import pytest

LONG = "普" * 3_414  # 10 KB in UTF-8
NASTY = ["x" * 10_240, "' OR 1=1 --", "'; DROP TABLE event; --", "\" onmouseover=alert(1) x=\"", "<script>alert(1)</script>",
         "%00", "\u202e\u202dRU", "🇷🇺", "普京\x00", "..%2F..%2Fetc%2Fpasswd", "\ud7ff", "１２３", LONG]


@pytest.fixture
def web(client, seeded):
    return client


@pytest.mark.parametrize("path", ["/", "/events/2022-01-10-call-wang-yi-sergey-lavrov", "/api/events", "/docs",
                                  "/actors/vladimir-putin", "/no-such-page", "/events.csv"])
def test_security_headers(web, path):
    headers = web.get(path).headers
    assert "script-src 'self'" in headers["content-security-policy"]
    assert "unsafe-inline" not in headers["content-security-policy"].split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert headers["x-frame-options"] == "DENY"


def test_pages_have_no_inline_scripts(web):
    for path in ("/", "/events/2022-01-10-call-wang-yi-sergey-lavrov", "/actors/vladimir-putin", "/countries/RU", "/docs"):
        html = web.get(path).text
        assert "<script>" not in html and " on" + "click=" not in html, path


@pytest.mark.parametrize("param", ["actor", "country", "type", "status", "from", "to", "q", "page", "limit", "offset"])
@pytest.mark.parametrize("value", NASTY, ids=range(len(NASTY)))
def test_bad_parameters_never_give_a_server_error(web, param, value):
    for base in ("/", "/api/events", "/events.csv", "/events.ics", "/events.atom", "/suggest/actors"):
        r = web.get(base, params={param: value})
        assert r.status_code < 500, (base, param, value, r.status_code)
        if r.headers.get("content-type", "").startswith("text/html"):  # JSON quoting the input is no markup
            assert "<script>alert(1)</script>" not in r.text


def test_nul_anywhere_in_the_address_is_a_clear_400(web):
    for url in ("/countries/%00", "/?q=%00", "/api/events?actor=a%00b", "/suggest/actors?actor=%00", "/events/x%00.json"):
        r = web.get(url)
        assert r.status_code == 400 and "NUL" in r.text, url


@pytest.mark.parametrize("url", ["/events/%3Cscript%3E", "/actors/%27%20OR%201=1",
                                 "/articles/..%2F..%2Fetc%2Fpasswd", "/events/" + "x" * 5000, "/lang/%3Cscript%3E"])
def test_bad_paths_give_a_clear_not_found(web, url):
    r = web.get(url)
    assert r.status_code == 404 and "<script>" not in r.text


@pytest.mark.parametrize("query, status", [("type=meeting", 400), ("from=2022-02-30", 400), ("from=2022-13-01", 400),
                                           ("actor=" + "x" * 300, 400), ("cursor=2022-13-01~x", 400), ("q=" + "x" * 300, 400)])
def test_clear_errors_for_pages(web, query, status):
    r = web.get("/?" + query)
    assert r.status_code == status and 'role="alert"' in r.text


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_nothing_changes_data(web, method):
    before = web.get("/api/events").json()["total"]
    for path in ("/", "/api/events", "/events/2022-01-10-call-wang-yi-sergey-lavrov", "/api/events/2022-01-10-call-wang-yi-sergey-lavrov"):
        assert getattr(web, method)(path).status_code == 405
    assert web.get("/api/events").json()["total"] == before


@pytest.mark.parametrize("q", ["_", "%", "__", "%%", "\\", "\\%"])
def test_like_wildcards_in_a_search_are_characters(web, q):
    """q=_ or q=% matched every event: they are characters to find, and no
    seeded report contains them."""
    assert web.get("/api/events", params={"q": q}).json()["events"] == []
    assert web.get("/api/events", params={"q": "王毅"}).json()["events"]


@pytest.mark.parametrize("param", ["country", "actor", "type", "status"])
def test_comma_lists_are_bounded_after_splitting(web, param):
    many = [",".join(f"{p}{i:02d}" for i in range(40)) for p in "ABCDEFGHIJKLMNOPQRST"]  # 20 × 40 = 800 values
    r = web.get("/api/events", params={param: many})
    assert r.status_code == 400 and "at most 20 values" in r.text
    assert web.get("/api/events", params={param: [",".join(["RU"] * 60)] * 20}).status_code in (200, 400)  # one value
    assert web.get("/api/events", params={"country": "RU,CN"}).status_code == 200


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JAVASCRIPT:alert(1)", "data:text/html,x", "file:///etc/passwd",
                                 "//evil.example/x", " javascript:alert(1)"])
def test_only_web_addresses_are_links(engine, client, tmp_path, url):
    from app.ingest.pipeline import ingest
    from conftest import write

    write(tmp_path / "a.md", f"---\ndate: 2024-03-06\nurl: '{url}'\n---\n国家主席习近平5日同法国总统马克龙通电话。\n")
    assert ingest(engine, [tmp_path / "a.md"]).ok
    [event] = client.get("/api/events").json()["events"]
    source = event["sources"][0]
    assert source["original_url"] is None
    for page in (f"/articles/{source['article_id']}", f"/events/{event['id']}"):
        html = client.get(page).text
        assert 'href="javascript' not in html.lower() and 'href="data:' not in html and 'href="file:' not in html
        assert 'href="//evil' not in html and 'href=" javascript' not in html.lower()


# --- Serving under load and attack (issue 15, items 9, 12, 13) -------------------------------------------------

CALL = "2022-01-10-call-wang-yi-sergey-lavrov"
SECURITY_HEADERS = ("content-security-policy", "x-content-type-options", "referrer-policy", "x-frame-options")


@pytest.fixture
def configured(seeded, monkeypatch):
    """A TestClient over the seeded database with these settings
    (environment variables, as a deployment sets them)."""
    from contextlib import contextmanager

    from fastapi.testclient import TestClient

    from app.config import get_settings
    from app.web.main import create_app

    @contextmanager
    def make(raise_server_exceptions=True, **env):
        for name, value in env.items():
            if value is None:
                monkeypatch.delenv(name, raising=False)
            else:
                monkeypatch.setenv(name, str(value))
        get_settings.cache_clear()
        with TestClient(create_app(), raise_server_exceptions=raise_server_exceptions) as client:
            yield client
    return make


# 13: a 500 is a page in the client's format, with the security headers; HEAD is GET without the body

@pytest.mark.parametrize("path, target, wants_json", [
    ("/", "app.web.timeline.find_page", False),
    (f"/events/{CALL}", "app.web.events.related", False),
    ("/api/events", "app.web.api.find_page", True),
    (f"/events/{CALL}.json", "app.web.events.event_json", True),
])
def test_an_unhandled_error_is_a_500_in_the_clients_format(configured, monkeypatch, caplog, path, target, wants_json):
    def broken(*args, **kwargs):
        raise RuntimeError("secret detail of the failure")

    monkeypatch.setattr(target, broken)
    with configured(raise_server_exceptions=False) as client:
        r = client.get(path)
    assert r.status_code == 500
    assert all(name in r.headers for name in SECURITY_HEADERS)
    assert "secret detail" not in r.text and "Traceback" not in r.text and "RuntimeError" not in r.text
    if wants_json:
        assert r.headers["content-type"] == "application/json" and "went wrong" in r.json()["detail"]
    else:
        assert r.headers["content-type"].startswith("text/html")
        assert "<!doctype html>" in r.text and 'role="alert"' in r.text and "服务器出错" in r.text and "已记入日志" in r.text
    assert any(f"500 on GET {path}" in m for m in caplog.messages)  # logged for the operator, not shown


def test_a_500_page_that_cannot_render_is_still_a_page_with_the_headers(configured, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("app.web.timeline.find_page", broken)
    monkeypatch.setattr("app.web.main.render", broken)  # the error page's own template fails too
    with configured(raise_server_exceptions=False) as client:
        r = client.get("/")
    assert r.status_code == 500 and 'role="alert"' in r.text and "boom" not in r.text
    assert all(name in r.headers for name in SECURITY_HEADERS)


@pytest.mark.parametrize("path", ["/", f"/events/{CALL}", f"/events/{CALL}.json", "/api/events", f"/api/events/{CALL}",
                                  "/actors/vladimir-putin", "/countries/RU", "/counts", "/docs", "/openapi.json",
                                  "/events.atom", "/events.ics", "/events.csv?type=call", "/static/style.css"])
def test_head_answers_like_get_without_a_body(web, path):
    got, head = web.get(path), web.head(path)
    assert got.status_code == head.status_code == 200
    assert head.content == b""
    assert head.headers["content-type"] == got.headers["content-type"]
    assert all(name in head.headers for name in SECURITY_HEADERS)
    if "content-length" in got.headers and path not in ("/", "/counts"):  # the same bytes GET would send
        assert head.headers["content-length"] == got.headers["content-length"]


def test_head_of_a_missing_page_is_a_404_and_other_methods_stay_refused(web):
    r = web.head("/events/no-such-event")
    assert r.status_code == 404 and r.content == b"" and "content-security-policy" in r.headers
    assert web.post("/").status_code == 405


def test_head_of_an_export_gives_its_slot_back(web):
    for _ in range(5):  # more than the slots: each HEAD ended its stream
        assert web.head("/events.ics").status_code == 200
    assert web.app.state.exports.busy == 0


# 12: absolute links come from PUBLIC_URL (or the server's own address), never from the Host header

def test_an_untrusted_host_is_refused(configured):
    with configured(TRUSTED_HOSTS=None, PUBLIC_URL=None) as client:
        r = client.get("/", headers={"Host": "evil.example"})
        assert r.status_code == 400 and "evil.example" not in r.text
        assert all(name in r.headers for name in SECURITY_HEADERS)
        assert client.get("/api/events", headers={"Host": "127.0.0.1:8000"}).status_code == 200
        assert client.get("/api/events", headers={"Host": "localhost"}).status_code == 200


def test_public_url_names_the_site_in_every_absolute_link(configured):
    with configured(PUBLIC_URL="https://timeline.example.org/", TRUSTED_HOSTS="mirror.example") as client:
        assert client.get("/", headers={"Host": "testserver"}).status_code == 400  # only TRUSTED_HOSTS
        host = {"Host": "mirror.example"}
        page = client.get(f"/events/{CALL}", headers=host).text
        assert f'<link rel="canonical" href="https://timeline.example.org/events/{CALL}">' in page
        assert f'<meta property="og:url" content="https://timeline.example.org/events/{CALL}">' in page
        api = client.get("/api/events?limit=2&type=call", headers=host).json()
        assert api["next"].startswith("https://timeline.example.org/api/events?") and "type=call" in api["next"]
        atom = client.get("/events.atom?country=UZ", headers=host).text
        assert "<id>https://timeline.example.org/events.atom?country=UZ</id>" in atom
        assert "<id>https://timeline.example.org/events/2020-05-07-call-xi-jinping-shavkat-mirziyoyev</id>" in atom
        ics = client.get("/events.ics?actor=Putin", headers=host).text.replace("\r\n ", "")
        assert "URL:https://timeline.example.org/events/2021-06-16-talks-joe-biden-vladimir-putin" in ics
        for body in (page, str(api), atom, ics):
            assert "mirror.example" not in body and "testserver" not in body


def test_without_public_url_links_name_the_servers_own_address(configured):
    """A trusted alias in Host changes nothing: the links name the address
    the server was reached on (the socket; TestClient's is testserver)."""
    with configured(PUBLIC_URL=None, TRUSTED_HOSTS="testserver,alias.example") as client:
        host = {"Host": "alias.example"}
        page = client.get(f"/events/{CALL}", headers=host).text
        assert f'<meta property="og:url" content="http://testserver/events/{CALL}">' in page
        assert client.get("/api/events?limit=1", headers=host).json()["next"].startswith("http://testserver/api/events?")
        assert "alias.example" not in page + client.get("/events.atom", headers=host).text


def test_public_url_must_be_a_web_address(monkeypatch):
    from pydantic import ValidationError

    from app.config import Settings

    monkeypatch.setenv("PUBLIC_URL", "javascript:alert(1)")
    with pytest.raises(ValidationError, match="PUBLIC_URL"):
        Settings()


# 9: exports stream in batches, under slots of their own and a time budget, and never hold a page's thread

def _old_csv(session) -> str:
    """The CSV as the export wrote it before it streamed: every row built at once."""
    import csv
    import io

    from app.queries import EventFilter, find_events, iter_events_json
    from app.web.feeds import COLUMNS, _row

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    events, _ = find_events(session, EventFilter(), limit=10_000)
    for e in iter_events_json(session, events):
        writer.writerow(_row(e, "http://testserver"))  # the address TestClient serves on
    return "\ufeff" + out.getvalue()


def test_a_streamed_export_is_the_whole_file_in_many_batches(web, session, monkeypatch):
    from icalendar import Calendar

    monkeypatch.setattr("app.web.exports.BATCH", 3)  # the seeds' events in many batches
    csv_text = web.get("/events.csv").text
    assert csv_text == _old_csv(session) and csv_text.count("\n") > 20  # seven batches and more
    ics = web.get("/events.ics")
    calendar = Calendar.from_ical(ics.content)
    ids = [str(e["uid"]).split("@")[0] for e in calendar.walk("VEVENT")]
    assert ids == [row.split(",")[0] for row in csv_text.splitlines()[1:]]  # every event once, newest first
    assert not calendar.walk("X-TIMELINE-INCOMPLETE") and ics.text.endswith("END:VCALENDAR\r\n")
    assert ics.text.count("BEGIN:VCALENDAR") == 1 and web.app.state.exports.busy == 0


def test_busy_export_slots_answer_503_with_retry_after_and_pages_still_answer(configured, monkeypatch):
    monkeypatch.setattr("app.web.exports.BATCH", 2)  # so the first download is still streaming below
    with configured(EXPORT_SLOTS=1, EXPORT_WAIT_MS=50) as client:
        with client.stream("GET", "/events.ics") as held:  # takes the one slot and keeps it while unread
            assert held.status_code == 200 and client.app.state.exports.busy == 1
            refused = client.get("/events.csv")
            assert refused.status_code == 503 and refused.headers["retry-after"] == "5"
            assert 'role="alert"' in refused.text and "导出" in refused.text
            assert "all 1 export slots are busy" in client.get("/events.atom", headers={"Cookie": "lang=en"}).text
            assert client.get("/api/events").status_code == 200 and client.get("/").status_code == 200
            assert "END:VCALENDAR" in b"".join(held.iter_bytes()).decode()  # the held one still ends whole
        assert client.app.state.exports.busy == 0
        assert client.get("/events.csv").status_code == 200


def test_an_export_out_of_time_before_its_first_byte_is_a_503(configured):
    with configured(EXPORT_BUDGET_MS=0) as client:
        r = client.get("/events.csv", headers={"Cookie": "lang=en"})
        assert r.status_code == 503 and "could not start within its 0 s budget" in r.text
        assert client.app.state.exports.busy == 0


def test_an_export_out_of_time_while_streaming_ends_with_a_note(configured, monkeypatch):
    """The clock runs out after a few batches (each made to take 0.2 s):
    the file ends in its own syntax, saying how many events it holds."""
    import time

    from icalendar import Calendar

    from app.web import exports

    batch = exports._batch

    def slow(session, ids):
        time.sleep(0.2)
        return batch(session, ids)

    monkeypatch.setattr(exports, "BATCH", 5)
    monkeypatch.setattr(exports, "_batch", slow)
    with configured(EXPORT_BUDGET_MS=700) as client:
        rows = client.get("/events.csv").text.splitlines()
        note = rows[-1]
        assert note.startswith("# 导出不完整 incomplete: ") and "EXPORT_BUDGET_MS=700" in note
        written, total = (int(n) for n in note.split(": ")[1].split(" events")[0].split(" of "))
        assert 5 <= written < total and len(rows) == 1 + written + 1  # header, the events, the note
        calendar = Calendar.from_ical(client.get("/events.ics").content)
        [cut] = calendar.walk("X-TIMELINE-INCOMPLETE")
        assert "incomplete" in str(cut["description"]) and 5 <= len(calendar.walk("VEVENT")) < total
        assert client.app.state.exports.busy == 0


def test_an_export_at_work_holds_no_thread_of_the_pages(configured, monkeypatch):
    """With one request thread (THREADS=1), a page answers at once while an
    export's batch is stuck in its thread: the export works in threads of its own."""
    import threading
    import time

    from app.web import exports

    batch, stuck, release, calls = exports._batch, threading.Event(), threading.Event(), []

    def blocking(session, ids):
        calls.append(ids)
        if len(calls) > 1:  # the first batch goes out; the second stays in its thread until released
            stuck.set()
            release.wait(20)
        return batch(session, ids)

    monkeypatch.setattr(exports, "BATCH", 5)
    monkeypatch.setattr(exports, "_batch", blocking)
    with configured(THREADS=1, EXPORT_SLOTS=1) as client:
        download = threading.Thread(target=lambda: client.get("/events.csv"))
        download.start()
        try:
            assert stuck.wait(10)  # the second batch is in the export's thread, and stays there
            started = time.monotonic()
            assert client.get("/api/events?limit=5").status_code == 200
            assert client.get("/").status_code == 200
            assert time.monotonic() - started < 5
        finally:
            release.set()
            download.join(20)
