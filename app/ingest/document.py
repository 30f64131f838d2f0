"""The document stage: the article's text made fit to read before anything
is looked for in it.

Pages converted from simplified to traditional script by some portals keep
a pinyin gloss after each character the converter was unsure of —
習(xí)近平, 總統(tǒng), 會(huì)談. The gloss cuts names and words in two, so it goes
before sentences are split; a parenthesis that holds anything but one
toned pinyin syllable (an English name, a date, 12日) stays.

A photo caption (王毅（右）11日与…会谈。（新华社记者摄）) tells the event of
its picture: its own dates count, but it lends no date to the story around
it and takes none from it."""
import re
from functools import cache
from pathlib import Path

import yaml

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
# One syllable, lower case, with a tone mark (or ü), right after a Han character.
_PINYIN_GLOSS = re.compile(rf"(?<=[\u3400-\u9fff])[(（](?=[a-zü{_TONED}]*[ü{_TONED}])[a-zü{_TONED}]{{1,6}}[)）]")


def repaired(text: str) -> str:
    """The text without conversion debris."""
    if "(" not in text and "（" not in text:
        return text
    return _PINYIN_GLOSS.sub("", text)


@cache
def _caption_words() -> tuple[re.Pattern, tuple[str, ...], re.Pattern]:
    words = yaml.safe_load((Path(__file__).parent.parent / "data" / "document.yaml").read_text(encoding="utf-8"))
    caption = words["caption"]
    return re.compile(caption["position_pattern"]), tuple(caption["openers"]), re.compile(caption["credit_pattern"])


def is_caption(paragraph: str) -> bool:
    """A photo's caption: it places people in the picture (（左）, （右起第二位）),
    opens as one (图为, ▲) or ends with the photographer's or agency's credit,
    and is short."""
    body = paragraph.strip()
    if not body or len(body) > 160:
        return False
    position, openers, credit = _caption_words()
    return body.startswith(openers) or position.search(body) is not None or credit.search(body) is not None
