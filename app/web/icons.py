"""Icons drawn inline as SVG in the text's colour. Emoji were empty boxes
wherever no emoji font is installed (many servers, Linux desktops, the CI
machine); these need no font and no request, and scale with the text."""
from markupsafe import Markup

_PATHS = {
    "call": '<path d="M5 3h4l2 5-2.5 1.5a11 11 0 0 0 6 6L16 13l5 2v4a2 2 0 0 1-2 2A17 17 0 0 1 3 5a2 2 0 0 1 2-2z"/>',
    "talks": '<path d="M3 4h12v8H8l-4 3v-3H3z"/><path d="M18 8h3v8h-1v3l-4-3h-5v-2"/>',
    "visit": '<path d="M2 12l20-8-7 17-3-7z"/><path d="M12 14l10-10"/>',
    "pin": '<path d="M12 22s7-6.5 7-12a7 7 0 0 0-14 0c0 5.5 7 12 7 12z"/><circle cx="12" cy="10" r="2.5"/>',
}


def icon(name: str) -> Markup:
    """An icon by name (call, talks, visit, pin); decorative: the words
    beside it say what it means."""
    return Markup('<svg class="icon-svg" viewBox="0 0 24 24" width="1em" height="1em" fill="none" '
                  'stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" '
                  f'aria-hidden="true" focusable="false">{_PATHS[name]}</svg>')
