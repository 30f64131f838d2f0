"""The extractor holds the line the README records: a change that costs
accuracy on the shared development set (or the seeds) fails here at once,
not on the hidden test set later."""
import re

import pytest
from typer.testing import CliRunner

from app.cli import app as cli
from conftest import ROOT, SHARED

_ROW = re.compile(r"^\| *[0-9][^|]*? *\|(?: *[01]\.[0-9]{3} *\|){6}", re.M)


def recorded() -> dict[str, float]:
    """The last row of the README's accuracy table."""
    table = (ROOT / "README.md").read_text(encoding="utf-8").split("<!-- accuracy:", 1)[1]
    rows = [[float(x) for x in re.findall(r"[01]\.[0-9]{3}", m.group(0))[:6]] for m in _ROW.finditer(table)]
    assert rows, "the README's accuracy table has no row"
    seeds_p, seeds_r, seeds_f1, dev_p, dev_r, dev_f1 = rows[-1]
    return {"seeds": seeds_f1, "dev": dev_f1}


def f1_of(*gold_files) -> float:
    result = CliRunner().invoke(cli, ["eval", "--quiet", *map(str, gold_files)])
    assert result.exit_code == 0, result.output
    return float(re.search(r"f1=([0-9.]+)", result.output).group(1))


@pytest.mark.skipif(not (SHARED / "gold" / "dev.jsonl").exists(), reason="../shared/dev is not beside the checkout")
def test_dev_f1_is_not_below_the_recorded_figure():
    dev = f1_of(*sorted((SHARED / "gold").glob("dev*.jsonl")))
    assert dev >= recorded()["dev"] - 0.0005, f"dev F1 {dev:.3f} fell below the README's {recorded()['dev']:.3f}"


@pytest.mark.skipif(not (SHARED / "gold" / "seeds.jsonl").exists(), reason="../shared is not beside the checkout")
def test_seeds_f1_is_not_below_the_recorded_figure():
    assert f1_of(SHARED / "gold" / "seeds.jsonl") >= recorded()["seeds"] - 0.0005
