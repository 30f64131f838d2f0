"""A large alternation scans a sentence fastest when the engine can skip
every position no alternative can start at. Python's re does that by itself
for plain word lists, but not for a grammar whose branches open with a
lookbehind or an optional group (the date grammar): it then tries every
branch at every character — eight times slower. `skipping` works out the
characters a match can start with and puts a lookahead for them in front;
the matches are the same."""
import re

try:  # Python 3.11+
    from re import _constants as sre
    from re import _parser as sre_parse
except ImportError:  # pragma: no cover — older Pythons
    import sre_constants as sre
    import sre_parse

_WIDEST_RANGE = 0x3000  # a class wider than this is not worth listing


def skipping(pattern: str, flags: int = 0) -> re.Pattern:
    """The pattern compiled, with a lookahead for its first characters when
    they can be worked out (else as it is)."""
    chars = first_chars(pattern, flags)
    if not chars:
        return re.compile(pattern, flags)
    return re.compile(f"(?=[{''.join(map(_in_class, sorted(chars)))}])(?:{pattern})", flags)


def first_chars(pattern: str, flags: int = 0) -> set[str] | None:
    """Every character a match can start with; None when a match could be
    empty or a part of the pattern is not understood here."""
    if flags & re.IGNORECASE:
        return None
    found = _sequence(sre_parse.parse(pattern, flags))
    if found is None or found[1]:
        return None
    return found[0]


def _in_class(char: str) -> str:
    return "\\" + char if char in "\\]^-[" else char


def _sequence(items) -> tuple[set[str], bool] | None:
    """(first characters, whether the sequence can match nothing)."""
    chars: set[str] = set()
    for op, value in items:
        found = _item(op, value)
        if found is None:
            return None
        chars |= found[0]
        if not found[1]:
            return chars, False
    return chars, True


def _item(op, value) -> tuple[set[str], bool] | None:
    if op is sre.LITERAL:
        return {chr(value)}, False
    if op is sre.IN:
        return _char_class(value)
    if op is sre.SUBPATTERN:
        return _sequence(value[-1])
    if op is sre.BRANCH:
        found = [_sequence(alternative) for alternative in value[1]]
        if any(f is None for f in found):
            return None
        return set().union(*(f[0] for f in found)), any(f[1] for f in found)
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT) or op is getattr(sre, "POSSESSIVE_REPEAT", None):
        low, _, body = value
        found = _sequence(body)
        return None if found is None else (found[0], found[1] or low == 0)
    if op in (sre.ASSERT, sre.ASSERT_NOT, sre.AT):
        return set(), True  # zero width: the next item decides
    return None


def _char_class(members) -> tuple[set[str], bool] | None:
    chars: set[str] = set()
    for op, value in members:
        if op is sre.LITERAL:
            chars.add(chr(value))
        elif op is sre.RANGE and value[1] - value[0] <= _WIDEST_RANGE:
            chars |= {chr(c) for c in range(value[0], value[1] + 1)}
        else:  # a negated class, a category (\d), a huge range
            return None
    return chars, False


def words_pattern(words) -> str:
    """A pattern for any of the words that matches, where several could,
    the longest — like the words sorted longest first and joined by |, but
    branching as a trie: a list of a thousand names is tried one character
    at a time instead of one name at a time."""
    trie: dict = {}
    for word in words:
        if word:
            node = trie
            for char in word:
                node = node.setdefault(char, {})
            node[""] = {}
    return _trie(trie)


def _trie(node: dict) -> str:
    branches = [re.escape(char) + _trie(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
    if "" in node:  # a word ends here: a longer one is tried first
        return f"(?:{body})?"
    return body
