"""The days news can be dated in. A record dated 0001-01-01 or 9999-12-31
is broken, not history: one such date stretched every timeline view over
two thousand years (and 9999 overflows date arithmetic). The span is a
setting — EARLIEST_YEAR (1949) to DAYS_AHEAD (366) days past today, since
planned events are announced ahead."""
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from app.config import get_settings


@dataclass(frozen=True)
class Span:
    first: date
    last: date

    def holds(self, iso: str) -> bool:
        """An ISO date of any precision (2024, 2024-03, 2024-03-05) lies
        inside when its first day does not come after the span's last and
        its last day does not come before the span's first."""
        return self.first.isoformat()[:len(iso)] <= iso <= self.last.isoformat()[:len(iso)]

    def __str__(self) -> str:
        return f"{self.first.isoformat()} to {self.last.isoformat()}"


def plausible_span(today: date | None = None) -> Span:
    settings = get_settings()
    today = today or date.today()
    return Span(date(settings.earliest_year, 1, 1), today + timedelta(days=settings.days_ahead))


def publication_problem(published: date | datetime | None, span: Span) -> str | None:
    """Why a publication date is refused, or None."""
    if published is None:
        return None
    day = published.date() if isinstance(published, datetime) else published
    if span.first <= day <= span.last:
        return None
    return (f"publication date {day.isoformat()} is outside the dates news can have ({span}; "
            "settings EARLIEST_YEAR and DAYS_AHEAD)")

