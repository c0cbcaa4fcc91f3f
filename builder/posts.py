"""Social posts as X counts them: a message, the campaign's link and its hashtags, within 280.

In a right-to-left post each hashtag, link, e-mail address and phone number is a run of its own
(Unicode isolates), so the `#` stays at the start of its tag wherever the post is shown or pasted."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from markupsafe import Markup

MAX_POST_LENGTH = 280

LRI, RLI, FSI, PDI = "\u2066", "\u2067", "\u2068", "\u2069"
"""Left-to-right, right-to-left and first-strong isolates, and the mark that closes each."""
_INITIATORS = frozenset(LRI + RLI + FSI)
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# A phone number: digits with spaces, dots, hyphens or parentheses between them, at least 7 digits (counted
# below), so a date or a figure such as "10%" or "18" is not taken for one.
_PHONE = re.compile(r"(?<![\w+])(?:\+|\()?\d[\d\s().-]*\d\)?(?!\w)")
_PHONE_DIGITS = 7


@dataclass(frozen=True)
class SocialPost:
    text: str
    length: int
    """Length as X counts it: a link is 23 characters, most CJK characters count 2 (so do the isolates
    around the hashtags and links of a right-to-left post, which are posted with it)."""


def measure_post(message: str, link: str | None, hashtags: list[str]) -> SocialPost:
    """A message as it is posted, with the campaign link and the hashtags it lacks, and its length."""
    # A translated message arrives as Markup; the post is plain text, escaped once when shown.
    message = (message.unescape() if isinstance(message, Markup) else str(message)).strip()
    missing = [tag for tag in hashtags if tag.lower() not in message.lower()]
    text = " ".join(part for part in (message, link, " ".join(missing)) if part)
    if is_right_to_left(text):
        text = isolate_runs(text)
    from twitter_text import parse_tweet  # imported when first needed: it takes 0.3 s to load

    return SocialPost(text, parse_tweet(text).weightedLength)


def compose_post(message: str, link: str | None, hashtags: list[str]) -> SocialPost:
    """A ready-to-post message: the text, the campaign link and hashtags, checked against X's limit."""
    post = measure_post(message, link, hashtags)
    text, length = post.text, post.length
    if length > MAX_POST_LENGTH:
        raise ValueError(f"social post is {length} characters as X counts them (at most {MAX_POST_LENGTH}): {text!r}")
    return post


def is_right_to_left(text: str) -> bool:
    """True when `text` is read right to left: its first letter of a strong direction, outside any isolate,
    is Arabic or Hebrew (rules P2 and P3 of the Unicode bidirectional algorithm, as X and browsers decide)."""
    depth = 0
    for char in text:
        if char in _INITIATORS:
            depth += 1
        elif char == PDI:
            depth = max(depth - 1, 0)
        elif depth == 0:
            direction = unicodedata.bidirectional(char)
            if direction in ("R", "AL"):
                return True
            if direction == "L":
                return False
    return False


def isolate_runs(text: str) -> str:
    """`text` with each hashtag, link, e-mail address and phone number in an isolate of its own: a hashtag
    in a first-strong isolate (an Arabic tag reads right to left, a Latin one left to right), the others
    left to right. A run already isolated is left as it is."""
    spans = sorted(_runs(text), key=lambda span: (span[0], -span[1]))
    parts, end = [], 0
    for start, stop, opener in spans:
        if start < end:  # inside a run already taken (a hashtag in a link's fragment)
            continue
        if start > 0 and text[start - 1] in _INITIATORS and text[stop : stop + 1] == PDI:
            continue
        parts += [text[end:start], opener, text[start:stop], PDI]
        end = stop
    parts.append(text[end:])
    return "".join(parts)


def _runs(text: str):
    """(start, end, isolate) of each left-to-right run in `text`."""
    from twitter_text import extract_urls_with_indices  # X's own rules for what is a link

    for url in extract_urls_with_indices(text):
        yield url["indices"][0], url["indices"][1], LRI
    for match in _EMAIL.finditer(text):
        yield match.start(), match.end(), LRI
    for match in _PHONE.finditer(text):
        if sum(char.isdigit() for char in match.group()) >= _PHONE_DIGITS:
            yield match.start(), match.end(), LRI
    yield from _hashtags(text)


def _hashtags(text: str):
    """(start, end, FSI) of each hashtag: `#` after a space or the start, then letters, digits, marks
    (Arabic vowel signs) and underscores, as X reads one."""
    for index, char in enumerate(text):
        if char not in "#＃" or (index > 0 and _tag_char(text[index - 1])):
            continue
        end = index + 1
        while end < len(text) and _tag_char(text[end]):
            end += 1
        if end > index + 1:
            yield index, end, FSI


def is_hashtag(word: str) -> bool:
    """True for one hashtag alone: `#` and at least one letter, digit, mark or underscore."""
    return len(word) > 1 and word[0] in "#＃" and all(_tag_char(char) for char in word[1:])


def unwrapped(text: str) -> str:
    """`text` without the isolate around it all, if there is one (a left-to-right sentence shown in a
    right-to-left page arrives so)."""
    if len(text) < 2 or text[0] not in _INITIATORS or text[-1] != PDI:
        return text
    depth = 0
    for index, char in enumerate(text):
        depth += char in _INITIATORS
        depth -= char == PDI
        if depth == 0:
            return text[1:-1] if index == len(text) - 1 else text
    return text


def _tag_char(char: str) -> bool:
    return char == "_" or char in "\u200c\u200d" or unicodedata.category(char)[0] in "LNM"
