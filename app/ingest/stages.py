"""Where an ingest's time goes, stage by stage: reading files, the
relevance gate, normalizing the text, extracting, storing and rebuilding
the events of the months touched. `timeline ingest --profile` prints it,
so a slow run says which stage to look at without a profiler (which also
slows the Python stages more than the database's).

Each process keeps one tally (module state: a stage is timed where it runs,
deep in the pipeline, without passing an object down). A stage timed inside
another is not counted twice: the inner time is taken off the outer stage
(normalize runs inside extract), so the stages of one process never add up
to more than its wall time. Workers send their stages back with each task's
end, and the writer adds them to its own: with workers the sum is the
processes' time together, and may exceed the wall time."""
import time
from collections.abc import Iterator

STAGES = ("read", "gate", "normalize", "extract", "store", "rebuild")

_seconds: dict[str, float] = dict.fromkeys(STAGES, 0.0)
_open: list[list] = []  # the stages being timed, innermost last: [name, time they started, time inside]


class stage:
    """`with stage("store"): …` adds the block's time to the stage (less
    the time of the stages timed inside it). A class, not a generator
    context manager: it is entered for every paragraph."""
    __slots__ = ("name",)

    def __init__(self, name: str):
        self.name = name

    def __enter__(self) -> None:
        _open.append([self.name, time.perf_counter(), 0.0])

    def __exit__(self, *exc) -> None:
        name, started, inner = _open.pop()
        elapsed = time.perf_counter() - started
        _seconds[name] += elapsed - inner
        if _open:
            _open[-1][2] += elapsed


def timed(items: Iterator, name: str) -> Iterator:
    """The items of an iterator, the time taken to produce each counted in
    the stage (a reader is a generator: its work happens in next())."""
    items = iter(items)
    while True:
        with stage(name):
            item = next(items, _END)
        if item is _END:
            return
        yield item


_END = object()


def snapshot() -> dict[str, float]:
    """This process's seconds per stage so far (and those added from workers)."""
    return dict(_seconds)


def since(earlier: dict[str, float]) -> dict[str, float]:
    """The seconds per stage spent after `earlier` (a snapshot)."""
    return {name: _seconds[name] - earlier.get(name, 0.0) for name in STAGES}


def add(seconds: dict[str, float]) -> None:
    """Count another process's stages (a worker's) in this one's."""
    for name, spent in seconds.items():
        _seconds[name] += spent
