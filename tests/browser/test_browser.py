"""The product in a real browser: Debian's Chromium driven by Playwright
against uvicorn on a free loopback port, with the seeds ingested. A person
types a leader's name, picks a suggestion, filters, opens a permalink,
shares it, goes back. Screenshots go to test-artifacts/ for a human to look at."""
import os
import shutil
from pathlib import Path

import pytest

from conftest import start_server

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]

if not CHROMIUM:
    if os.environ.get("REQUIRE_BROWSER"):
        pytest.fail("REQUIRE_BROWSER is set but chromium is not installed", pytrace=False)
    pytest.skip("chromium is not installed (apt-get install chromium)", allow_module_level=True)

sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    db = tmp_path_factory.mktemp("browser") / "timeline.db"
    process, base = start_server(dict(os.environ, DATABASE_URL=f"sqlite:///{db}"))
    yield base
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page
    context.close()
    assert errors == [], errors


def until(condition, seconds: float = 10) -> None:
    """Poll a condition checked from Python (the pages' CSP forbids eval)."""
    import time
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.05)


def shown_total(page) -> int:
    return int(page.inner_text("#counts-top .count").split()[0].replace(",", ""))


def shoot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_find_a_leader_open_a_permalink_and_come_back(server, page):
    page.goto(server + "/")
    until(lambda: page.locator("svg.chart g.m").count() > 0 and page.locator(".facet").count() >= 3)
    shoot(page, "timeline")
    total = page.locator(".event").count()

    page.fill("#f-actor", "普丁")                         # Taiwan spelling of 普京
    page.wait_for_selector("a.suggestion")
    assert "Vladimir Putin" in page.inner_text("#actor-suggestions")
    page.click("a.suggestion >> nth=0")
    page.wait_for_url(lambda url: "actor=" in url)
    until(lambda: 0 < page.locator(".event").count() < total)
    assert page.input_value("#f-actor") == "普京"
    filtered_url = page.url

    page.check("input[name=type][value=call]")             # a toggle narrows at once
    page.wait_for_url(lambda url: "type=call" in url)
    until(lambda: page.locator(".event").count() == page.locator(".event.call").count() > 0)
    calls = page.locator(".event").count()
    assert calls == page.locator(".event.call").count() > 0
    shoot(page, "timeline-filtered")

    page.click(".event .headline >> nth=0")
    page.wait_for_selector("article.permalink")
    og_title = page.get_attribute('meta[property="og:title"]', "content")
    og_url = page.get_attribute('meta[property="og:url"]', "content")
    assert "普京" in og_title and og_url == page.url.split("?")[0]
    assert page.locator("blockquote mark").count() >= 1
    shoot(page, "permalink")

    page.go_back()
    page.wait_for_selector("#filters")
    until(lambda: "type=call" in page.url and page.locator(".event").count() == calls)
    assert "actor=" in page.url
    assert page.input_value("#f-actor") == "普京" and page.is_checked("input[name=type][value=call]")
    assert page.locator(".event").count() == calls

    page.go_back()
    until(lambda: page.url == filtered_url and not page.is_checked("input[name=type][value=call]"))


def test_counts_load_after_the_events_and_follow_the_filter(server, page):
    page.goto(server + "/")
    until(lambda: "个事件" in page.inner_text("#counts-top"))
    everything = shown_total(page)
    page.check("input[name=type][value=visit]")
    page.wait_for_url(lambda url: "type=visit" in url)
    until(lambda: "个事件" in page.inner_text("#counts-top")
          and shown_total(page) < everything)
    visits = shown_total(page)
    assert visits == page.locator(".event.visit").count() > 0
    assert page.inner_text("#view-title") == "访问" and page.title().startswith("访问 · ")  # the heading follows
    page.click("#facets a[href*='country='] >> nth=0")    # a facet link narrows the view
    until(lambda: "type=visit" in page.url and "country=" in page.url)
    until(lambda: 0 < page.locator(".event").count() <= visits)
    page.goto(server + "/counts?country=RU")               # the counts as a page of their own (no JavaScript)
    assert page.locator("svg.chart g.m").count() > 0 and page.locator("#facets .facet").count() >= 3
    shoot(page, "counts")


def test_actor_and_country_pages_and_language(server, page):
    page.goto(server + "/actors/vladimir-putin")
    assert "普丁" in page.inner_text(".facts")
    shoot(page, "actor")
    page.goto(server + "/countries/RU")
    assert page.locator("table.partners tbody tr").count() >= 2
    shoot(page, "country")
    page.click("#lang-switch")
    page.wait_for_selector("html[lang=en]")
    assert "By partner and year" in page.content()
    page.goto(server + "/")
    assert page.locator("html[lang=en]").count() == 1  # remembered


def test_works_at_phone_width(server, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(server + "/events/2022-01-10-call-wang-yi-sergey-lavrov")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390 + 1
    shoot(page, "permalink-phone")
    context.close()


@pytest.fixture(scope="module")
def large_server(tmp_path_factory):
    """A timeline of eleven years (the bench corpus): a chart of ~130
    months and long facet lists, as a real database has."""
    from bench.corpus import write_corpus

    folder = tmp_path_factory.mktemp("large")
    write_corpus(folder / "corpus", 300, seed=3)
    process, base = start_server(dict(os.environ, DATABASE_URL=f"sqlite:///{folder / 'timeline.db'}"),
                                 seeds=folder / "corpus")
    yield base
    process.terminate()
    process.wait(timeout=10)


def test_a_large_timeline_fits_a_phone_with_its_facets_first(large_server, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(large_server + "/")
    page.wait_for_selector("svg.chart g.m")
    page.wait_for_selector("#facets .facet")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390 + 1
    assert page.locator("svg.chart g.m").count() > 60
    facets, first_card = page.locator("#facets").bounding_box(), page.locator("li.event").first.bounding_box()
    assert facets["y"] < first_card["y"]  # reachable before the list that scrolls on without end
    shoot(page, "timeline-phone-large")
    context.close()


def test_keyboard_reaches_the_filters_with_a_visible_focus(server, page):
    page.goto(server + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"


def test_api_docs_render_from_vendored_files(server, page):
    page.goto(server + "/docs")
    page.wait_for_selector(".opblock-summary-path")
    assert "/api/events" in page.inner_text("#swagger-ui")


def test_dragging_across_months_of_the_chart_narrows_the_view(large_server, page):
    page.goto(large_server + "/?type=call")
    page.wait_for_selector("svg.chart g.m")
    months = page.locator("svg.chart g.m")
    first, fifth = months.nth(3), months.nth(7)
    start, end = first.bounding_box(), fifth.bounding_box()
    span = first.get_attribute("data-from"), fifth.get_attribute("data-to")
    page.mouse.move(start["x"] + start["width"] / 2, start["y"] + start["height"] - 2)
    page.mouse.down()
    page.mouse.move(end["x"] + end["width"] / 2, end["y"] + end["height"] - 2, steps=5)
    page.mouse.up()
    page.wait_for_url(lambda url: "from=" in url and "to=" in url)
    assert "type=call" in page.url
    assert (page.url.split("from=")[1][:10], page.url.split("to=")[1][:10]) == span
    shoot(page, "chart-narrowed")


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("javascript", [True, False])
@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("path", ["/actors/wang-yi", "/countries/RU", "/events/2022-01-10-call-wang-yi-sergey-lavrov",
                                  "/counts?country=RU", "/about", "/?country=RU&type=visit"])
def test_every_page_fits_both_widths_in_both_languages_with_and_without_javascript(
        server, browser, path, width, javascript, lang):
    context = browser.new_context(viewport={"width": width, "height": 900}, java_script_enabled=javascript)
    page = context.new_page()
    response = page.goto(server + path + ("&" if "?" in path else "?") + f"lang={lang}")
    assert response.status == 200 and page.title()
    if javascript:
        page.wait_for_load_state("networkidle")
    assert page.evaluate("document.documentElement.scrollWidth") <= width + 1
    if not javascript and page.locator("#counts-top").count():  # no counts will load: no room is kept for them
        assert page.evaluate("getComputedStyle(document.getElementById('counts-top')).minHeight") == "0px"
    if "actors" in path or "countries" in path or path.startswith("/counts"):
        assert page.locator("svg.world").count() == 1  # the map is drawn by the server
    assert page.locator("html").get_attribute("lang").startswith(lang)
    shoot(page, f"pass-{path.strip('/').replace('/', '-').replace('?', '-').replace('&', '-').replace('=', '-') or 'timeline'}"
                f"-{lang}-{width}-{'js' if javascript else 'nojs'}")
    context.close()
