"""The document stage on sentences written for the test."""
import pytest

from app.ingest.document import repaired


@pytest.mark.parametrize("written, read", [
    ("國家主席習(xí)近平同南非總統(tǒng)通電話", "國家主席習近平同南非總統通電話"),  # portal conversion debris
    ("中聯(lián)部部長會(huì)見（huì）來賓", "中聯部部長會見來賓"),  # full-width parentheses
    ("烏克蘭總統澤倫斯基（Volodymyr Zelenskyy）", "烏克蘭總統澤倫斯基（Volodymyr Zelenskyy）"),  # an English name stays
    ("今(15)日上午", "今(15)日上午"),  # a day in parentheses stays
    ("他說(de)很好", "他說(de)很好"),  # no tone mark: not certainly a gloss
    ("蔡英文(Tsai Ing-wen)", "蔡英文(Tsai Ing-wen)"),
])
def test_pinyin_glosses_are_removed_and_nothing_else(written, read):
    assert repaired(written) == read
