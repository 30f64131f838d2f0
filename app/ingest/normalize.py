"""Extraction works on one spelling of the text: simplified script,
half-width digits and punctuation. Every step keeps the length of the text,
so a match found in the normalized sentence maps back, character for
character, to the spelling the article used."""
import re
from functools import lru_cache

import opencc

_FULLWIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
_FULLWIDTH[0x3000] = 0x20  # ideographic space
# Full-width forms that carry meaning in Chinese text stay as they are.
for _keep in "，：；（）！？":
    _FULLWIDTH.pop(ord(_keep), None)
# Whether a text has any of them: most have none, and str.translate with a
# table looks up every character (ten times longer than this search).
_ANY_FULLWIDTH = re.compile("[" + "".join(map(re.escape, map(chr, sorted(_FULLWIDTH)))) + "]")


@lru_cache(maxsize=1)
def _converter() -> opencc.OpenCC:
    """Hong Kong's variant forms first (敍利亞 → 叙利亚, 衞 → 卫), then
    traditional to simplified: plain t2s leaves the Hong Kong forms as
    they are, and the country or name they spell is not recognised."""
    return opencc.OpenCC("hk2s.json")


def _char_by_char(text: str) -> str:
    """OpenCC's phrase tables may change a length; convert one character at a
    time instead, which keeps offsets exact at a small loss of context."""
    convert = _converter().convert
    out = []
    for ch in text:
        c = convert(ch)
        out.append(c if len(c) == 1 else ch)
    return "".join(out)


def normalize(text: str) -> str:
    """Half-width digits and Latin letters, simplified script, same length."""
    return normalize_checked(text)[0]


def normalize_checked(text: str) -> tuple[str, bool]:
    """normalize(text), and whether OpenCC converted it whole (False: char
    by char, because it changed a length)."""
    halfwidth = text.translate(_FULLWIDTH) if _ANY_FULLWIDTH.search(text) else text
    converted = _converter().convert(halfwidth)
    return (converted, True) if len(converted) == len(halfwidth) else (_char_by_char(halfwidth), False)


_SENTENCE_END = re.compile(r"[^。！？!?]*(?:[。！？!?]+[”」』’\"）)]*|$)")


def split_sentences(paragraph: str) -> list[str]:
    """Split after 。！？ (with closing quotes kept on the sentence)."""
    return [s for s in (m.group(0) for m in _SENTENCE_END.finditer(paragraph)) if s.strip()]


def normalized_sentences(paragraph: str, checked: tuple[str, bool] | None = None) -> list[tuple[str, str]]:
    """Each sentence of a paragraph, stripped: as written and normalized.
    The paragraph is normalized once (`checked`: normalize_checked of it,
    when the caller has it) and sliced, which gives what normalizing each
    sentence would (lengths are kept, and no OpenCC phrase runs across a
    sentence end) — unless OpenCC changed the paragraph's length; then each
    sentence is normalized alone."""
    sentences = [s.strip() for s in split_sentences(paragraph)]
    converted, whole = checked or normalize_checked(paragraph)
    if not whole:
        return [(s, normalize(s)) for s in (_without_source_tag(s) for s in sentences)]
    out, position = [], 0
    for sentence in sentences:
        start = paragraph.index(sentence, position)
        position = start + len(sentence)
        start += len(sentence) - len(_without_source_tag(sentence))
        out.append((paragraph[start:position], converted[start:position]))
    return out


# 【明報專訊】, （北京综合讯）, 〔記者王大明／台北報導〕: the outlet's tag before a story, no part of its first sentence.
_SOURCE_TAG = re.compile(r"^[（(【\[〔][^（()）【】\[\]〔〕。，,！？]{1,24}?(?:讯|訊|电|電|报道|報道|报导|報導|报|報|网|網|社)"
                         r"[）)】\]〕]\s*")


def _without_source_tag(sentence: str) -> str:
    tag = _SOURCE_TAG.match(sentence)
    return sentence[tag.end():] if tag and tag.end() < len(sentence) else sentence


def split_paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n|\n", text) if p.strip()]


def is_heading(paragraph: str) -> bool:
    """A short line without sentence punctuation: a headline or a teaser
    title. On multi-story pages it starts a new story. An item of a list
    (——…；) is none."""
    body = paragraph.strip().lstrip("•·*-# ").strip()
    if body.startswith(("——", "■", "●", "◆")):
        return False  # an item of a list (——杨洁篪访问新加坡；)
    return len(body) <= 60 and not re.search(r"[。！？!?，,；;：]", body[:-1] if body else body) \
        and not re.search(r"[。！？!?；;]$", body)
