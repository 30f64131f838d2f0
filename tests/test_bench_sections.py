"""BENCHMARKS.md is shared: bench.run rewrites it whole and keeps the
sections bench.load and bench.postgres own."""
from bench.sections import kept_sections, write_section


def test_each_benchmark_replaces_its_own_section_and_the_rewrite_keeps_them_all(tmp_path):
    out = tmp_path / "BENCHMARKS.md"
    out.write_text("# Benchmarks\n\nold ingest table\n", encoding="utf-8")
    write_section("load", "Exports under load", "| a | 1 |\n", out)
    write_section("postgres", "Several ingests", "| b | 2 |\n", out)
    write_section("load", "Exports under load", "| a | 3 |\n", out)  # a rerun replaces, never appends
    text = out.read_text(encoding="utf-8")
    assert text.count("Exports under load") == 1 and "| a | 3 |" in text and "| a | 1 |" not in text
    assert text.index("Exports under load") < text.index("Several ingests") and text.startswith("# Benchmarks")
    kept = kept_sections(out)
    assert "old ingest table" not in kept and "| a | 3 |" in kept and "| b | 2 |" in kept
    assert kept.count("<!-- bench.") == 4


def test_no_sections_keeps_nothing(tmp_path):
    assert kept_sections(tmp_path / "missing.md") == ""
