"""Fill the `traditional` spellings of every person in app/data/people.yaml
from the simplified ones (OpenCC s2t, s2tw, s2hk). Run after adding people:

    .venv/bin/python scripts/fill_traditional.py

The file keeps its one-entry-per-line layout; only `traditional: [...]` is
written (or rewritten) after `aliases: [...]`."""
import re
from pathlib import Path

import opencc

PEOPLE = Path(__file__).resolve().parent.parent / "app" / "data" / "people.yaml"
CONVERTERS = [opencc.OpenCC(f"{name}.json") for name in ("s2t", "s2tw", "s2hk")]
ENTRY = re.compile(r"^(- \{id: [^,]+, name: (?P<name>[^,]+), .*?aliases: \[(?P<aliases>[^\]]*)\])(?:, traditional: \[[^\]]*\])?")


def traditional(spellings: list[str]) -> list[str]:
    out = []
    for spelling in spellings:
        for convert in CONVERTERS:
            variant = convert.convert(spelling)
            if variant not in spellings and variant not in out:
                out.append(variant)
    return out


def fill(text: str) -> str:
    lines = []
    for line in text.splitlines(keepends=True):
        match = ENTRY.match(line)
        if match:
            spellings = [match["name"]] + [a.strip() for a in match["aliases"].split(",") if a.strip()]
            variants = traditional(spellings)
            line = match.group(1) + (f", traditional: [{', '.join(variants)}]" if variants else "") + line[match.end():]
        lines.append(line)
    return "".join(lines)


if __name__ == "__main__":
    PEOPLE.write_text(fill(PEOPLE.read_text(encoding="utf-8")), encoding="utf-8")
