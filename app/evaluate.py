"""Score extracted events against a gold JSONL file, as ../shared/eval/score.py
scores: per document, a system event matches a gold event of the same type
whose date and parties agree; matching is one-to-one (maximum bipartite);
optional gold lines neither reward nor punish."""
import json
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


def load_jsonl(path: Path) -> list[dict]:
    rows = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{number}: not JSON: {exc}") from exc
    return rows


def names_of(event: dict) -> set[str]:
    names = set()
    for actor in event.get("actors") or []:
        names |= {actor.get(k) for k in ("name", "name_en") if actor.get(k)} | set(actor.get("names") or [])
    return names


def dates_agree(gold: dict, event: dict) -> bool:
    if not gold.get("required", True):
        return True
    day = event.get("date") or ""
    if len(gold["date"]) == 7:
        return day[:7] == gold["date"]
    if len(day) < 10:
        return False
    low, high = gold.get("date_min") or gold["date"], gold.get("date_end") or gold["date"]
    return day[:10] <= high and low <= (event.get("date_end") or day)[:10]


def parties_agree(gold: dict, event: dict) -> bool:
    if gold["actors"]:
        names = names_of(event)
        return any(variant in names for actor in gold["actors"] for variant in actor.split("|"))
    return set(gold["countries"]) <= set(event.get("countries") or [])


def _matches(gold: dict, event: dict) -> bool:
    return gold["type"] == event.get("type") and dates_agree(gold, event) and parties_agree(gold, event)


def _pairing(golds: list[dict], events: list[dict]) -> dict[int, int]:
    """Maximum bipartite matching (augmenting paths); required gold first."""
    options = {g: [e for e, event in enumerate(events) if _matches(gold, event)] for g, gold in enumerate(golds)}
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


def score(gold_rows: list[dict], events: list[dict]) -> Score:
    golds_by_doc, events_by_doc = defaultdict(list), defaultdict(list)
    for gold in gold_rows:
        golds_by_doc[gold["doc"]].append(gold)
    for event in events:
        for source in event.get("sources") or []:
            events_by_doc[Path(source["article"]).name].append(event)
    result = Score()
    for doc in sorted(set(golds_by_doc) | set(events_by_doc)):
        golds, found = golds_by_doc.get(doc, []), events_by_doc.get(doc, [])
        pairs = _pairing(golds, found)
        for g, gold in enumerate(golds):
            if not gold.get("required", True):
                continue
            if g in pairs:
                result.tp += 1
            else:
                result.fn += 1
                result.misses.append((doc, gold))
                loose = any(gold["type"] == e.get("type") and parties_agree(gold, e) for e in found)
                result.wrong_dates += loose
        matched = set(pairs.values())
        for e, event in enumerate(found):
            if e not in matched:
                result.fp += 1
                result.false_alarms.append((doc, event))
    return result


def find_documents(gold: Path, docs: Path | None) -> Path:
    """The folder of the gold file's documents: --docs, else a folder named
    after the gold file beside it or beside its folder (gold/seeds.jsonl →
    seeds/), else the gold file's own folder."""
    if docs is not None:
        return docs
    for candidate in (gold.parent / gold.stem, gold.parent.parent / gold.stem, gold.parent):
        if candidate.is_dir() and any(candidate.iterdir()) and candidate != gold.parent:
            return candidate
    return gold.parent
