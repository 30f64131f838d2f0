"""The public query-string parameters every event listing accepts."""
from typing import Annotated

from fastapi import Query

from app.queries import EventFilter, FilterError


def event_filter(
    actor: Annotated[list[str], Query(description="A person, in any spelling or script (普京, 普丁, Putin); repeat for events where all took part (or any: match=any)")] = [],  # noqa: B006
    country: Annotated[list[str], Query(description="ISO 3166-1 alpha-2 code (CN, RU) or organisation code (EU, NATO); repeatable")] = [],  # noqa: B006
    type: Annotated[list[str], Query(description="call, talks or visit; repeatable")] = [],  # noqa: B006
    status: Annotated[list[str], Query(description="held or planned")] = [],  # noqa: B006
    date_from: Annotated[str | None, Query(alias="from", description="First day, ISO date (2022-01-01, 2022-01 or 2022)")] = None,
    date_to: Annotated[str | None, Query(alias="to", description="Last day, ISO date")] = None,
    q: Annotated[str | None, Query(max_length=200, description="Text in the evidence, a name or a place")] = None,
    match: Annotated[str | None, Query(description="With several people or countries: `all` (default) for events "
                                                   "of all of them together, `any` for events of any of them")] = None,
) -> EventFilter:
    return EventFilter.parse(actor=_clean(actor), country=_clean(country), type=_clean(type), status=_clean(status),
                             date_from=date_from, date_to=date_to, q=q, match=match)


def _clean(values: list[str]) -> list[str]:
    """Repeated parameters: at most 20, each at most 200 characters — a
    longer name or code is no name or code."""
    if len(values) > 20:
        raise FilterError("at most 20 values for one parameter")
    for value in values:
        if len(value) > 200:
            raise FilterError("a parameter value is longer than 200 characters")
        if "\x00" in value:
            raise FilterError("a parameter value contains a NUL character")
    return values
