"""Social posts as X counts them: a message, the campaign's link and its hashtags, within 280."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

MAX_POST_LENGTH = 280


@dataclass(frozen=True)
class SocialPost:
    text: str
    length: int
    """Length as X counts it: a link is 23 characters, most CJK characters count 2."""


def measure_post(message: str, link: str | None, hashtags: list[str]) -> SocialPost:
    """A message as it is posted, with the campaign link and the hashtags it lacks, and its length."""
    # A translated message arrives as Markup; the post is plain text, escaped once when shown.
    message = (message.unescape() if isinstance(message, Markup) else str(message)).strip()
    missing = [tag for tag in hashtags if tag.lower() not in message.lower()]
    text = " ".join(part for part in (message, link, " ".join(missing)) if part)
    from twitter_text import parse_tweet  # imported when first needed: it takes 0.3 s to load

    return SocialPost(text, parse_tweet(text).weightedLength)


def compose_post(message: str, link: str | None, hashtags: list[str]) -> SocialPost:
    """A ready-to-post message: the text, the campaign link and hashtags, checked against X's limit."""
    post = measure_post(message, link, hashtags)
    text, length = post.text, post.length
    if length > MAX_POST_LENGTH:
        raise ValueError(f"social post is {length} characters as X counts them (at most {MAX_POST_LENGTH}): {text!r}")
    return post
