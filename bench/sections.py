"""BENCHMARKS.md is written by several benchmarks: bench.run writes the
file anew, and each other benchmark (bench.load, bench.postgres) owns a
section between markers of its own that bench.run carries over."""
import re
from pathlib import Path

MARKER = re.compile(r"<!-- bench\.(\w+): begin -->\n.*?<!-- bench\.\1: end -->\n?", re.S)


def _markers(name: str) -> tuple[str, str]:
    return f"<!-- bench.{name}: begin -->", f"<!-- bench.{name}: end -->"


def write_section(name: str, heading: str, text: str, out: Path) -> None:
    """Replace the section of benchmark `name` where it stands, or add it at the end."""
    begin, end = _markers(name)
    section = f"{begin}\n## {heading}\n\n{text.rstrip()}\n{end}\n"
    old = out.read_text(encoding="utf-8") if out.exists() else ""
    if begin in old:
        before, rest = old.split(begin, 1)
        out.write_text(before + section + rest.split(end, 1)[1].lstrip("\n"), encoding="utf-8")
    else:
        out.write_text(old.rstrip("\n") + "\n\n" + section, encoding="utf-8")


def kept_sections(out: Path, leave_out: tuple[str, ...] = ()) -> str:
    """Every benchmark's own section of an existing file, in their order."""
    old = out.read_text(encoding="utf-8") if out.exists() else ""
    return "\n".join(match.group(0).rstrip("\n") + "\n" for match in MARKER.finditer(old)
                     if match.group(1) not in leave_out)
