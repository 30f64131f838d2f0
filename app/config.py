"""Settings come from the environment (or a `.env` file) so one build serves
a laptop with SQLite and a shared deployment with PostgreSQL."""
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

DISTRIBUTION = "diplomatic-timeline"
PACKAGE = Path(__file__).resolve().parent
CHECKOUT = PACKAGE.parent


def resource(name: str) -> Path:
    """A folder the code reads at run time (templates, static, migrations).
    They live at the top of the repository, and the wheel maps them into the
    package (app/templates, …): an installed wheel finds its own copy, a
    checkout or an editable install the repository's."""
    for folder in (PACKAGE / name, CHECKOUT / name):
        if folder.is_dir():
            return folder
    raise FileNotFoundError(f"{name}/ is neither in {PACKAGE} nor in {CHECKOUT}: a broken install?")


def version() -> str:
    """The installed distribution's version, so `--version`, the API's
    OpenAPI document and pyproject.toml never disagree."""
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:  # run from a checkout that was never installed
        return "0+unknown"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    database_url: str = "sqlite:///data/timeline.db"
    host: str = "127.0.0.1"
    port: int = 8000
    threads: int = 4  # requests one server process works on at once
    page_size: int = 50  # cards per timeline page; more arrive as the reader scrolls
    facet_budget_ms: int = 300  # facet counts and histogram; past it the page says "counts unavailable"
    search_budget_ms: int = 1500  # a text search's page; past it the page shows what it found and searches on when asked
    timezone: str = "Asia/Shanghai"
    # The dates an article or event may have: a publication or event date
    # outside is a broken record (0001-01-01, 9999-12-31), not news.
    earliest_year: int = 1949
    days_ahead: int = 366  # past today: planned events are announced ahead
    # Ingest: the relevance gate passes over an article no event can be built
    # from (app/ingest/gate.py); GATE=false runs the reader on every article.
    gate: bool = True
    # Whether an article with no event keeps its text in the database: kept,
    # `timeline reextract` can find events there after an upgrade; not kept,
    # the row stays (a re-ingest still knows the file) without its text.
    keep_eventless_text: bool = True
    export_slots: int = 2  # CSV/iCalendar/Atom exports one server process streams at once, in threads of their own
    export_wait_ms: int = 2000  # how long an export waits for a free slot (in the event loop, holding no thread) before a 503
    export_max_events: int = 100_000  # events in one CSV or iCalendar file; more: the file says so (`timeline export` writes all)
    export_budget_ms: int = 20000  # an export's time; out of it before the first byte: 503, after: the file ends with a note
    public_url: str = ""  # the site's address in absolute links (canonical, og:url, feeds, the API's next); "" = the address the server listens on
    trusted_hosts: Annotated[list[str], NoDecode] = []  # Host headers answered (comma-separated); [] = PUBLIC_URL's host and loopback names

    @field_validator("trusted_hosts", mode="before")
    @classmethod
    def _comma_separated(cls, value):
        """TRUSTED_HOSTS=example.org,www.example.org: a list without JSON quoting."""
        if isinstance(value, str):
            return [host.strip() for host in value.split(",") if host.strip()]
        return value

    @field_validator("public_url")
    @classmethod
    def _an_address(cls, value: str) -> str:
        """An absolute http(s) address without a trailing slash, or empty."""
        value = value.strip().rstrip("/")
        if value and (urlsplit(value).scheme not in ("http", "https") or not urlsplit(value).hostname):
            raise ValueError(f"PUBLIC_URL must be an http(s) address like https://timeline.example.org, not {value!r}")
        return value

    def allowed_hosts(self) -> list[str]:
        """The Host headers the server answers: TRUSTED_HOSTS, else the host of
        PUBLIC_URL (when set), HOST (when it names one address) and loopback."""
        if self.trusted_hosts:
            return self.trusted_hosts
        hosts = ["localhost", "127.0.0.1", "[::1]"]
        if self.public_url:
            name = urlsplit(self.public_url).hostname
            hosts.append(f"[{name}]" if ":" in name else name)  # an IPv6 literal keeps its brackets in Host
        if self.host not in ("0.0.0.0", "::", ""):
            hosts.append(self.host)
        return list(dict.fromkeys(h.lower() for h in hosts))


@lru_cache
def get_settings() -> Settings:
    return Settings()
