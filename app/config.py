"""Settings come from the environment (or a `.env` file) so one build serves
a laptop with SQLite and a shared deployment with PostgreSQL."""
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

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


@lru_cache
def get_settings() -> Settings:
    return Settings()
