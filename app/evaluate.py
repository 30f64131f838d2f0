"""Score extracted events against gold JSONL files exactly as
../shared/eval/score.py scores: per document, a system event matches a gold
event of the same type whose dates agree and whose parties agree strictly —
every gold actor (variants split on `|`) is one of the event's names, and
the gold countries are among its countries; matching is one-to-one (maximum
bipartite, required gold first); optional gold lines neither reward nor
punish; every other event of a document is a false alarm, also in documents
that have no gold line at all."""
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    wrong_dates: int = 0
    misses: list = field(default_factory=list)        # (doc, gold)
    false_alarms: list = field(default_factory=list)  # (doc, event)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def figures(self) -> str:
        return (f"tp={self.tp} fp={self.fp} fn={self.fn} precision={self.precision:.3f} "
                f"recall={self.recall:.3f} f1={self.f1:.3f} misses_with_wrong_date={self.wrong_dates}")


def load_jsonl(path: Path) -> list[dict]:
    rows = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{number}: not JSON: {exc}") from exc
    return rows


# Names are compared without middle dots, dots and spaces (拉夫罗夫 = 拉夫·罗夫).
_NAME_MARKS = re.compile(r"[\s·.•‧・･．]")


def plain(name: str) -> str:
    return _NAME_MARKS.sub("", name)


def names_of(event: dict) -> set[str]:
    names = set()
    for actor in event.get("actors") or []:
        if isinstance(actor, str):
            names.add(actor)
            continue
        names |= {actor[k] for k in ("name", "name_zh", "name_en") if actor.get(k)}
        names |= set(actor.get("names") or []) | set(actor.get("aliases") or [])
    return {plain(n) for n in names}


def dates_agree(gold: dict, event: dict) -> bool:
    if not gold.get("required", True):
        return True
    day = event.get("date") or ""
    if not day:
        return False
    if len(gold["date"]) == 7:
        return day[:7] == gold["date"]
    if len(day) < 10:
        return False
    low, high = gold.get("date_min") or gold["date"], gold.get("date_end") or gold["date"]
    return day[:10] <= high and low <= (event.get("date_end") or day)[:10]


def parties_agree(gold: dict, event: dict, loose: bool = False) -> bool:
    """Strict: every gold actor is among the event's names and the gold
    countries among its countries. `loose` (score.py --loose): one shared
    actor is enough, and then countries are not looked at."""
    if gold["actors"]:
        names = names_of(event)
        found = [any(plain(v) in names for v in actor.split("|")) for actor in gold["actors"]]
        if loose:
            return any(found)
        if not all(found):
            return False
    return set(gold["countries"]) <= set(event.get("countries") or [])


def _matches(gold: dict, event: dict, loose: bool) -> bool:
    return gold["type"] == event.get("type") and dates_agree(gold, event) and parties_agree(gold, event, loose)


def _pairing(golds: list[dict], events: list[dict], loose: bool) -> dict[int, int]:
    """Maximum bipartite matching (augmenting paths); required gold first,
    so an optional line never takes an event a required one needs."""
    options = {g: [e for e, event in enumerate(events) if _matches(gold, event, loose)]
               for g, gold in enumerate(golds)}
    owner: dict[int, int] = {}

    def augment(g: int, seen: set[int]) -> bool:
        for e in options[g]:
            if e not in seen:
                seen.add(e)
                if e not in owner or augment(owner[e], seen):
                    owner[e] = g
                    return True
        return False

    for g in sorted(options, key=lambda g: not golds[g].get("required", True)):
        augment(g, set())
    return {g: e for e, g in owner.items()}


def score(gold_rows: list[dict], events: list[dict], loose: bool = False) -> Score:
    golds_by_doc, events_by_doc = defaultdict(list), defaultdict(list)
    for gold in gold_rows:
        golds_by_doc[gold["doc"]].append(gold)
    for event in events:
        for source in event.get("sources") or []:
            article = source.get("article") if isinstance(source, dict) else source
            if article:
                events_by_doc[Path(article).name].append(event)
    result = Score()
    for doc in sorted(set(golds_by_doc) | set(events_by_doc)):
        golds, found = golds_by_doc.get(doc, []), events_by_doc.get(doc, [])
        pairs = _pairing(golds, found, loose)
        for g, gold in enumerate(golds):
            if not gold.get("required", True):
                continue
            if g in pairs:
                result.tp += 1
            else:
                result.fn += 1
                result.misses.append((doc, gold))
                result.wrong_dates += any(gold["type"] == e.get("type") and parties_agree(gold, e, loose)
                                          and not dates_agree(gold, e) for e in found)
        matched = set(pairs.values())
        for e, event in enumerate(found):
            if e not in matched:
                result.fp += 1
                result.false_alarms.append((doc, event))
    return result


def find_documents(gold: Path, docs: Path | None) -> Path:
    """The folder of the gold file's documents: --docs, else a folder named
    after the gold file beside it or beside its folder (gold/seeds.jsonl →
    seeds/, gold/dev-041-070.jsonl → dev/), else the gold file's own folder."""
    if docs is not None:
        return docs
    stems = [gold.stem, gold.stem.split("-")[0]]
    for stem in stems:
        for candidate in (gold.parent / stem, gold.parent.parent / stem):
            if candidate.is_dir() and any(candidate.iterdir()) and candidate != gold.parent:
                return candidate
    return gold.parent
