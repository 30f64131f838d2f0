"""The document stage: the article's text made fit to read before anything
is looked for in it.

Pages converted from simplified to traditional script by some portals keep
a pinyin gloss after each character the converter was unsure of —
習(xí)近平, 總統(tǒng), 會(huì)談. The gloss cuts names and words in two, so it goes
before sentences are split; a parenthesis that holds anything but one
toned pinyin syllable (an English name, a date, 12日) stays."""
import re

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
# One syllable, lower case, with a tone mark (or ü), right after a Han character.
_PINYIN_GLOSS = re.compile(rf"(?<=[\u3400-\u9fff])[(（](?=[a-zü{_TONED}]*[ü{_TONED}])[a-zü{_TONED}]{{1,6}}[)）]")


def repaired(text: str) -> str:
    """The text without conversion debris."""
    if "(" not in text and "（" not in text:
        return text
    return _PINYIN_GLOSS.sub("", text)
