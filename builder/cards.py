"""Share images: a PNG card for each social post, in the sizes social networks show.

A card carries one message: a headline set large and one key line, about 20 words with the campaign's
name and hashtags. A shared post's card has words of its own (`templates/cards/card-words.html`); a post
a community wrote itself, or a shared one whose card words its language has not translated yet, gets
them from its own text: its first sentence (or what comes before its colon) as the headline, the next as
the key line."""

from __future__ import annotations

import functools
import io
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from markupsafe import Markup

from .context import plain_text
from .environment import describe, template_environment
from .errors import RenderError
from .kinds import DOCUMENT_KINDS
from .paths import CardSize, card_path
from .posts import FSI, LRI, PDI, RLI, compose_post, is_hashtag, is_right_to_left, isolate_runs, unwrapped
from .render import Renderer

if TYPE_CHECKING:
    from .pdf import PdfRenderer

CARD_SIZES: tuple[CardSize, ...] = ((1200, 630), (1080, 1080))
"""Link previews (1200 x 630, the site's Open Graph image) and square posts (1080 x 1080), in pixels."""
POSTS_TEMPLATE = "documents/social-posts.html"
CARD_TEMPLATE = "cards/social-cards.html"
WORDS_TEMPLATE = "cards/card-words.html"
SHARED_POSTS = tuple(name for name in DOCUMENT_KINDS["social-posts"].blocks if name != "lead")
"""The shared posts' text blocks, in the order `documents/social-posts.html` lists its messages."""

HEADLINE_STEPS = (26, 40, 60, 100)
"""The headline's size step by its width in characters (a CJK character counts about 2): up to 26 the
largest (step 0), up to 40 step 1, 60 step 2, 100 step 3 (64 px); cards.css sets each step's size for each
card shape. A headline taken from a post is cut at a word to fit step 3."""
LINE_WIDTH = 100
"""The widest key line a card takes from a post, under a headline of step 2 at most."""
CARD_WORDS = 16
"""A key line taken from a post only while the headline and it make at most this many words (with the
campaign's name and hashtags, about 20 on the card)."""

_SENTENCE_END = re.compile(r"(?<=[.!?؟。！？])\s+|(?<=[。！？])")
_CLAUSE_END = re.compile(r"[:：]\s*")
SHORT_WORD = 6
"""A message's last word this long or shorter is kept on the line of the word before it."""
ISOLATES = LRI + RLI + FSI + PDI
_COMMA = re.compile(r"[,;،、，；]")
_PUNCTUATION = re.compile(r"[\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65]")
WORD_JOINER = "\u2060"
_WIDE = re.compile(r"[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]")


@dataclass(frozen=True)
class CardText:
    headline: str
    line: str
    """The key line under the headline, or ""."""
    step: int
    """The headline's size step (see HEADLINE_STEPS)."""
    lang: str | None = None
    """The language of a community's own text shown in another language's card, else None."""
    dir: str | None = None


def share_cards(renderer: Renderer, templates_dir: Path, sample: bool, pdfs: PdfRenderer) -> tuple:
    """(path in the site, PNG bytes, alt text) of each post's card in each size.

    All cards of a size are laid out as the pages of one PDF (one WeasyPrint render), then each page
    is rasterised at 96 dpi with pypdfium2."""
    import pypdfium2

    community = renderer.loaded
    campaign = renderer.context["campaign"]
    # The posts' words live in the social posts' template alone; the cards show the same messages.
    messages = renderer.messages(POSTS_TEMPLATE, "social-posts")
    posts = [compose_post(message, campaign["site_url"], campaign["hashtags"]) for message in messages]
    images = []
    for size, data in card_documents(renderer, templates_dir, sample, pdfs, card_texts(renderer, messages)):
        document = pypdfium2.PdfDocument(data)
        for index, post in enumerate(posts, start=1):
            buffer = io.BytesIO()
            document[index - 1].render(scale=96 / 72).to_pil().save(buffer, format="PNG")
            # The alt text is the post itself: the card shows a part of it.
            images.append((card_path(community.slug, renderer.lang, index, size), buffer.getvalue(), plain_text(post.text)))
        document.close()
    return tuple(images)


def card_documents(
    renderer: Renderer, templates_dir: Path, sample: bool, pdfs: PdfRenderer, texts: list[CardText] | None = None
) -> list[tuple[CardSize, bytes]]:
    """Each size's cards as the pages of one PDF, a page per post (1 CSS px is 0.75 pt, a pixel at 96 dpi)."""
    community = renderer.loaded
    campaign = renderer.context["campaign"]
    if texts is None:
        texts = card_texts(renderer, renderer.messages(POSTS_TEMPLATE, "social-posts"))
    # Each hashtag is a run of its own in right-to-left text, or its "#" goes to the other end.
    rtl = renderer.context["dir"] == "rtl"
    tags = [isolate_runs(tag) if rtl else tag for tag in campaign["hashtags"]]
    # The campaign's web address as people type it, when it has one.
    address = re.sub(r"^https?://", "", str(campaign["site_url"] or "")).rstrip("/")
    address = f"{LRI}{address}{PDI}" if address and rtl else address
    documents = []
    for size in CARD_SIZES:
        html = renderer.render_page(
            CARD_TEMPLATE,
            "social-card",
            width=size[0],
            height=size[1],
            shape="square" if size[0] == size[1] else "wide",
            logo_url=community.logo.uri,
            doc_sample=sample,
            cards=texts,
            tags=tags,
            address=address,
        )
        stylesheet = templates_dir / "cards" / "cards.css"
        documents.append(
            (size, pdfs.render(html, templates_dir.as_uri() + "/", [templates_dir], None, stylesheet=stylesheet).data)
        )
    return documents


def card_texts(renderer: Renderer, messages: list) -> list[CardText]:
    """The words on each post's card, in the order of the posts (`messages`, from the posts' template)."""
    own = renderer.context["documents"]["social-posts"]
    words = _card_words(renderer)
    texts = []
    for index, message in enumerate(messages):
        name = SHARED_POSTS[index] if index < len(SHARED_POSTS) else None
        if name is not None and own.get(name):
            texts.append(derive_card_text(own[name]["text"], own[name]["lang"], own[name]["dir"]))
        elif name is not None and name in words:
            headline, line = words[name]
            texts.append(CardText(headline, line, headline_step(headline)))
        else:
            texts.append(derive_card_text(_plain(message)))
    rtl = renderer.context["dir"] == "rtl"
    # A post in another direction than the page's (a community's English post on its Arabic page) keeps its own.
    texts = [
        replace(text, dir="rtl" if is_right_to_left(text.headline) else "ltr")
        if text.dir is None and text.headline and is_right_to_left(text.headline) != rtl
        else text
        for text in texts
    ]
    return [
        replace(text, headline=keep_last_words_together(text.headline), line=keep_last_words_together(text.line))
        for text in texts
    ]


def _card_words(renderer: Renderer) -> dict[str, tuple[str, str]]:
    """The shared posts' card words in the renderer's language, each pair that its catalog translates (in
    English, every pair): a card whose words are still English in another language takes its post's."""
    try:
        shown = _words(renderer.env.get_template(WORDS_TEMPLATE).make_module(renderer.context))
    except Exception as error:  # a template can fail in any way; report it, never a traceback
        raise RenderError(renderer.loaded.slug, "social-card", renderer.lang, describe(error)) from None
    if renderer.lang.split("-")[0] == "en":
        return shown
    source = Path(renderer.env.get_template(WORDS_TEMPLATE).filename or "").read_text(encoding="utf-8")
    english = _english_words(source)
    return {
        name: pair
        for name, pair in shown.items()
        if name in english and all(translated != written for translated, written in zip(pair, english[name], strict=True))
    }


@functools.lru_cache(maxsize=8)
def _english_words(source: str) -> dict[str, tuple[str, str]]:
    """The card words as the template writes them (English), kept by source text."""
    env = template_environment(None)
    env.install_null_translations(newstyle=True)  # type: ignore[attr-defined]
    return _words(env.from_string(source).make_module({}))


def _words(module) -> dict[str, tuple[str, str]]:
    words = getattr(module, "words")  # noqa: B009 (a template's export, unknown to type checkers)
    return {name: (_plain(headline), _plain(line)) for name, (headline, line) in words.items()}


def derive_card_text(message: str, lang: str | None = None, direction: str | None = None) -> CardText:
    """A card's words taken from a post's own text: its first sentence as the headline (what comes before
    its colon when the sentence is too long for a large size, cut at a word when it is longer than the
    smallest size takes), the next sentence (or its first clause) as the key line when the card has room.
    The hashtags and link at the end are left to the card's foot."""
    text = _without_trailing_runs(unwrapped(" ".join(message.split())))
    sentences = [part for part in _SENTENCE_END.split(text) if part.strip()] or [text]
    headline, rest = sentences[0], sentences[1:]
    if text_width(headline) > HEADLINE_STEPS[1]:
        before, colon, after = _split_clause(headline)
        if colon and text_width(before) <= HEADLINE_STEPS[-1]:
            headline, rest = before, [after, *rest]
    headline = _cut(headline, HEADLINE_STEPS[-1])
    line = ""
    if rest and headline_step(headline) < len(HEADLINE_STEPS) - 1:
        for candidate in (rest[0], _split_clause(rest[0])[0]):
            if text_width(candidate) <= LINE_WIDTH and word_count(headline) + word_count(candidate) <= CARD_WORDS:
                line = candidate[:1].upper() + candidate[1:]  # the words after a colon begin a line of their own
                break
    if is_right_to_left(text):
        headline, line = isolate_runs(headline), isolate_runs(line)
    return CardText(headline, line, headline_step(headline), lang, direction)


def _without_trailing_runs(text: str) -> str:
    """`text` without the hashtags and links at its end: the card's foot has the campaign's own."""
    from twitter_text import extract_urls_with_indices

    while True:
        head, _, last = text.rpartition(" ")
        word = last.strip(ISOLATES)
        if not head or not (is_hashtag(word) or [url["url"] for url in extract_urls_with_indices(word)] == [word]):
            return text
        text = head.rstrip()


def _split_clause(sentence: str) -> tuple[str, str, str]:
    """(before, colon, after) at the sentence's first colon; ("sentence", "", "") without one."""
    match = _CLAUSE_END.search(sentence)
    if not match or not match.start() or match.end() == len(sentence):
        return sentence, "", ""
    return sentence[: match.start()], match.group(), sentence[match.end() :]


def keep_last_words_together(text: str) -> str:
    """`text` with its last two words joined by a no-break space when the last is short (a short word alone
    on a line looks dropped; a long one taken down with the word before would leave a short line above),
    and in CJK text its last two characters joined by a word joiner: no line ends a message with one
    character alone."""
    text = text.strip()
    if _WIDE.search(text) and " " not in text:
        letters = [index for index, char in enumerate(text) if _WIDE.match(char) and not _PUNCTUATION.match(char)]
        return text if len(letters) < 4 else text[: letters[-1]] + WORD_JOINER + text[letters[-1] :]
    head, space, last = text.rpartition(" ")
    return f"{head}\u00a0{last}" if space and " " in head and len(last.strip(".!?…")) <= SHORT_WORD else text


def word_count(text: str) -> int:
    """Words as a reader counts them: a CJK text has no spaces, so two of its characters make one word."""
    wide = len(_WIDE.findall(text))
    return len(_WIDE.sub(" ", text).split()) + (wide + 1) // 2


def text_width(text: str) -> float:
    """A text's width in average Latin characters: a CJK character is about twice as wide."""
    plain = plain_text(text).replace(WORD_JOINER, "")
    return len(plain) + 0.8 * len(_WIDE.findall(plain))


def headline_step(headline: str) -> int:
    width = text_width(headline)
    return next((step for step, most in enumerate(HEADLINE_STEPS) if width <= most), len(HEADLINE_STEPS) - 1)


def _cut(text: str, width: float) -> str:
    """`text` within `width`, with an ellipsis: cut after its last comma that keeps more than half of it,
    else after its last word (in CJK text, character) that fits."""
    if text_width(text) <= width:
        return text
    commas = [match.start() for match in _COMMA.finditer(text) if width / 2 < text_width(text[: match.start()]) < width]
    if commas:
        return text[: commas[-1]] + "…"
    units = list(text) if _WIDE.search(text) and " " not in text.strip() else text.split(" ")
    joiner = "" if len(units) == len(text) else " "
    while units and text_width(joiner.join(units) + "…") > width:
        units.pop()
    return joiner.join(units).rstrip(",;:،、，") + "…"


def _plain(value) -> str:
    """A post's words as plain text: a translated message arrives as Markup, escaped again when shown."""
    return value.unescape() if isinstance(value, Markup) else str(value)


def share_links(slug: str, lang: str, posts: int) -> list[list[dict]]:
    """Each post's share images, every size, as links for its web page."""
    return [
        [{"href": card_path(slug, lang, post, size), "width": size[0], "height": size[1]} for size in CARD_SIZES]
        for post in range(1, posts + 1)
    ]
