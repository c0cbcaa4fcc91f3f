"""Share images: a PNG card for each social post, in the sizes social networks show."""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING

from .context import plain_text
from .paths import CardSize, card_path
from .posts import compose_post
from .render import Renderer

if TYPE_CHECKING:
    from .pdf import PdfRenderer

CARD_SIZES: tuple[CardSize, ...] = ((1200, 630), (1080, 1080))
"""Link previews (1200 x 630) and square posts (1080 x 1080), in pixels."""
POSTS_TEMPLATE = "documents/social-posts.html"


def share_cards(renderer: Renderer, templates_dir: Path, sample: bool, pdfs: PdfRenderer) -> tuple:
    """(path in the site, PNG bytes, alt text) of each post's card in each size.

    All cards of a size are laid out as the pages of one PDF (one WeasyPrint render), then each page
    is rasterised at 96 dpi with pypdfium2."""
    import pypdfium2

    community = renderer.loaded
    # The posts' words live in the social posts' template alone; the cards show the same messages.
    messages = renderer.messages(POSTS_TEMPLATE, "social-posts")
    campaign = renderer.context["campaign"]
    posts = [compose_post(message, campaign["site_url"], campaign["hashtags"]) for message in messages]
    images = []
    for size in CARD_SIZES:
        html = renderer.render_page(
            "cards/social-cards.html",
            "social-card",
            width=size[0],
            height=size[1],
            logo_url=community.logo.uri,
            doc_sample=sample,
            messages=messages,
        )
        result = pdfs.render(
            html,
            templates_dir.as_uri() + "/",
            [templates_dir],
            None,
            stylesheet=templates_dir / "cards" / "cards.css",
        )
        document = pypdfium2.PdfDocument(result.data)
        for index, post in enumerate(posts, start=1):
            buffer = io.BytesIO()
            document[index - 1].render(scale=96 / 72).to_pil().save(buffer, format="PNG")
            images.append((card_path(community.slug, renderer.lang, index, size), buffer.getvalue(), plain_text(post.text)))
        document.close()
    return tuple(images)


def share_links(slug: str, lang: str, posts: int) -> list[list[dict]]:
    """Each post's share images, every size, as links for its web page."""
    return [
        [{"href": card_path(slug, lang, post, size), "width": size[0], "height": size[1]} for size in CARD_SIZES]
        for post in range(1, posts + 1)
    ]
