"""Share images with a message, and hashtags kept whole in right-to-left posts.

Measured on what is made, as a reader meets it: the share images' PNGs in the shared build (`built`);
the layout they are rasterised from (each size's cards as one PDF, read back with pypdfium2: the size and
box of every glyph as drawn, in image pixels); the Arabic social posts' PDF text; and, in Chromium, the
Arabic page's posts in the order a reader sees their characters.
"""

from __future__ import annotations

import ctypes
import io
import json
import math
import os
import re
from pathlib import Path

import pytest
from conftest import COMMUNITIES, built_pdf_text, copy_project, set_languages
from PIL import Image, ImageChops

from builder.cards import CARD_SIZES, card_documents, card_texts, derive_card_text, word_count
from builder.i18n import load_translations
from builder.posts import FSI, LRI, PDI, isolate_runs, measure_post
from builder.profile import load_profile
from builder.render import Renderer

LANGS = ("en", "ar", "zh-Hant")
"""Oakland's languages the cards are measured in: left to right, right to left, CJK."""
HEADLINE_PX = 64
"""The least size of a card's headline on a 1080 px card (DESIGN.md: about 64-100 px)."""
THUMBNAIL_PX = 200
"""A phone feed's thumbnail: the headline must stay legible at this width."""
SAFE_ZONE = 0.075
"""Text stays this far from every edge (DESIGN.md: about 8%)."""
TAGS = ("#SchoolEveryDay", "#OUSDEveryDayCounts")


def _glyphs(data: bytes, width: int) -> list[list[dict]]:
    """Each page's glyphs as drawn: the character, its em size and its box (left, top, right, bottom), in
    pixels of the `width`-pixel image made from the page."""
    import pypdfium2
    import pypdfium2.raw as pdfium

    document = pypdfium2.PdfDocument(data)
    pages = []
    for page in document:
        scale = width / page.get_width()  # image pixels per PDF point
        height = page.get_height()
        text = page.get_textpage()
        glyphs = []
        for index in range(text.count_chars()):
            char = text.get_text_range(index, 1)
            if not char.strip() or char in "\u2060\u2066\u2067\u2068\u2069\ufffe":
                continue
            matrix = pdfium.FS_MATRIX()
            pdfium.FPDFText_GetMatrix(text.raw, index, ctypes.byref(matrix))
            # The font's size times the scale the page's transformation gives it, in image pixels.
            em = pdfium.FPDFText_GetFontSize(text.raw, index) * math.sqrt(abs(matrix.a * matrix.d - matrix.b * matrix.c))
            left, bottom, right, top = text.get_charbox(index)
            box = (left * scale, (height - top) * scale, right * scale, (height - bottom) * scale)
            glyphs.append({"char": char, "em": em * scale, "box": box})
        pages.append(glyphs)
    document.close()
    return pages


@pytest.fixture(scope="module")
def layouts(built):
    """Oakland's cards in each of LANGS and sizes, with the SAMPLE mark and a web address at their foot (the
    fullest card a community gets): {(lang, size): (each card's words, each page's glyphs, the PDF)}."""
    from dataclasses import replace

    from builder.cards import POSTS_TEMPLATE
    from builder.pdf import PdfRenderer

    loaded = load_profile("oakland", built.sites_dir)
    campaign = loaded.profile.campaign.model_copy(update={"site_url": "https://www.ousd.org/every-day-counts/"})
    loaded = replace(loaded, profile=loaded.profile.model_copy(update={"campaign": campaign}))
    pdfs, found = PdfRenderer(), {}
    for lang in LANGS:
        renderer = Renderer(loaded, lang, built.templates_dir, load_translations(built.locales_dir, lang))
        texts = card_texts(renderer, renderer.messages(POSTS_TEMPLATE, "social-posts"))
        for size, data in card_documents(renderer, built.templates_dir, True, pdfs, texts):
            found[lang, size] = (texts, _glyphs(data, size[0]), data)
    return found


def test_a_cards_headline_is_its_largest_text_at_least_64px_and_legible_as_a_thumbnail(layouts):
    for (lang, size), (texts, pages, _) in layouts.items():
        assert len(pages) == len(texts) == 6, (lang, size)
        for number, (text, glyphs) in enumerate(zip(texts, pages, strict=True), start=1):
            largest = max(glyph["em"] for glyph in glyphs)
            headline = "".join(glyph["char"] for glyph in glyphs if glyph["em"] > largest - 0.5)
            where = f"{lang} {size[0]}x{size[1]} post {number}"
            assert largest >= HEADLINE_PX, where
            if size[0] == size[1]:  # a square post, shown in a phone's feed as a thumbnail: about 12 px there
                assert largest * THUMBNAIL_PX / size[0] >= 11, where
            # The glyphs set that large are the headline's, every one of them (in any order: an Arabic ligature's
            # letters come out of the PDF in the order they are drawn).
            assert sorted(headline) == sorted(re.sub(r"[\s\u00a0\u2060\u2066-\u2069]", "", text.headline)), where
            # One message, seen first: the next size down (the key line, the campaign's name) is well smaller.
            others = [glyph["em"] for glyph in glyphs if glyph["em"] <= largest - 0.5]
            assert max(others) <= largest / 1.4, where


def test_card_text_stays_in_the_safe_zone_and_keeps_to_about_20_words(layouts):
    for (lang, size), (texts, pages, _) in layouts.items():
        width, height = size
        for number, glyphs in enumerate(pages, start=1):
            where = f"{lang} {width}x{height} post {number}"
            left = min(glyph["box"][0] for glyph in glyphs)
            top = min(glyph["box"][1] for glyph in glyphs)
            right = max(glyph["box"][2] for glyph in glyphs)
            bottom = max(glyph["box"][3] for glyph in glyphs)
            assert left >= SAFE_ZONE * width and right <= (1 - SAFE_ZONE) * width, where
            assert top >= SAFE_ZONE * height and bottom <= (1 - SAFE_ZONE) * height, where
        if lang == "en":  # the shared posts' own card words (the other languages may still show the posts')
            words = [word_count(text.headline) + word_count(text.line) for text in texts]
            assert max(words) <= 16  # and the campaign's name and hashtags: about 20 on the card


def test_share_images_are_pngs_of_their_size_filled_by_the_message(built):
    for slug in COMMUNITIES:
        manifest = json.loads((built.output / slug / "manifest.json").read_text())
        cards = [artifact for artifact in manifest["artifacts"] if artifact["kind"] == "social-card"]
        squares = [card for card in cards if "-1080x1080-" in card["path"]]
        assert squares and len(squares) * 2 == len(cards), slug
        for card in cards:
            width, height = (int(n) for n in re.search(r"-(\d+)x(\d+)-", card["path"]).groups())
            with Image.open(built.output / slug / card["path"]) as image:
                assert image.format == "PNG" and image.size == (width, height), card["path"]
                assert (width, height) in CARD_SIZES
                if slug == "oakland" and card["lang"] in LANGS and width == height:
                    # Before: the text in the top third, more than half of the card an empty field.
                    assert _emptiest_band(image) <= 0.3, card["path"]


def _emptiest_band(image: Image.Image) -> float:
    """The tallest run of pixel rows that hold nothing but the card's field colour, as a share of its height."""
    rgb = image.convert("RGB")
    field = Image.new("RGB", rgb.size, rgb.getpixel((rgb.width // 2, rgb.height // 3)))
    ink = ImageChops.difference(rgb, field).convert("L").point(lambda value: 255 if value > 40 else 0)
    rows = ink.resize((1, rgb.height), Image.Resampling.BOX)  # a row's share of ink, as one pixel
    tallest = run = 0
    for value in rows.tobytes():
        run = 0 if value else run + 1
        tallest = max(tallest, run)
    return tallest / rgb.height


def _whole_hashtags(text: str, tags=TAGS) -> None:
    """Each hashtag in `text` as a reader sees it: its '#' before its name, never a '#' alone."""
    assert not re.search(r"#(?!\w)", text), text
    for tag in tags:
        assert re.search(re.escape(tag) + r"(?!\w)", text), (tag, text)
        assert not re.search(r"(?<!#)\b" + re.escape(tag[1:]), text), (tag, text)


def test_an_arabic_posts_hashtags_stay_whole_in_its_pdf_and_on_its_cards(built, layouts):
    from pypdf import PdfReader

    text = "\n".join(built_pdf_text(built.output / "oakland" / "ar" / "pdf" / "oakland-social-posts-ar.pdf"))
    _whole_hashtags(text)
    assert all(text.count(tag) >= 6 for tag in TAGS)  # on each of the six posts
    for size in CARD_SIZES:
        reader = PdfReader(io.BytesIO(layouts["ar", size][2]))
        for page in reader.pages:
            _whole_hashtags(page.extract_text())


def test_an_arabic_posts_hashtags_and_link_are_runs_of_their_own_and_x_counts_what_is_posted():
    from twitter_text import extract_urls_with_indices, parse_tweet

    link = "https://example.org/ar/"
    post = measure_post("شكرًا للأسر والمعلمين. اتصلوا على (510) 555-0110 أو attendance@example.org", link, list(TAGS))
    assert f"{LRI}{link}{PDI}" in post.text and f"{LRI}(510) 555-0110{PDI}" in post.text
    assert f"{LRI}attendance@example.org{PDI}" in post.text
    assert all(f"{FSI}{tag}{PDI}" in post.text for tag in TAGS)
    # X still finds the link (23 characters), and counts the isolates posted with it (2 each).
    assert [url["url"] for url in extract_urls_with_indices(post.text)] == [link]
    isolates = sum(post.text.count(mark) for mark in (LRI, FSI, PDI))
    plain = re.sub("[\u2066-\u2069]", "", post.text)
    assert post.length == parse_tweet(post.text).weightedLength == parse_tweet(plain).weightedLength + 2 * isolates
    # An Arabic hashtag reads right to left in its isolate; a run isolated already is left alone.
    assert isolate_runs("مرحبا #الحضور_مهم") == f"مرحبا {FSI}#الحضور_مهم{PDI}"
    assert isolate_runs(f"شكرًا {FSI}#SchoolEveryDay{PDI}") == f"شكرًا {FSI}#SchoolEveryDay{PDI}"
    # A left-to-right post is posted as written.
    english = measure_post("Every day counts.", link, list(TAGS))
    assert (
        english.text == f"Every day counts. {link} {' '.join(TAGS)}"
        and english.length == parse_tweet(english.text).weightedLength
    )


def test_the_arabic_pages_count_is_xs_count_of_its_post(built):
    import html

    from twitter_text import parse_tweet

    page = (built.output / "oakland" / "ar" / "social-posts.html").read_text()
    posts = re.findall(r'<textarea class="post-text"[^>]*>(.*?)</textarea>\s*<p class="post-length"[^>]*>(\d+)', page, re.S)
    assert len(posts) == 6
    for text, length in posts:
        text = html.unescape(text)
        assert int(length) == parse_tweet(text).weightedLength
        assert all(f"{FSI}{tag}{PDI}" in text for tag in TAGS)


@pytest.mark.browser
def test_an_arabic_posts_hashtags_stay_whole_on_its_page_as_a_reader_sees_them(built):
    """Each post of the Arabic page, set in the page's own box, font and direction, read back glyph by glyph
    from left to right, line by line, as Chromium lays it out."""
    chromium = Path("/usr/bin/chromium")
    if os.environ.get("TOOLKIT_SKIP_BROWSER") == "1":
        pytest.skip("TOOLKIT_SKIP_BROWSER=1")
    if not chromium.exists():
        pytest.fail(f"{chromium} is missing: install Debian's chromium package, or set TOOLKIT_SKIP_BROWSER=1")
    from playwright.sync_api import sync_playwright

    seen = """() => [...document.querySelectorAll("textarea.post-text")].map((area) => {
      const style = getComputedStyle(area), copy = document.createElement("div");
      for (const name of ["font", "direction", "width", "padding", "letterSpacing", "wordSpacing"]) copy.style[name] = style[name];
      copy.style.whiteSpace = "pre-wrap";
      copy.textContent = area.value;
      area.after(copy);
      const text = copy.firstChild, range = document.createRange(), glyphs = [];
      for (let i = 0; i < text.length; i++) {
        range.setStart(text, i); range.setEnd(text, i + 1);
        const box = range.getBoundingClientRect();
        if (box.width > 0) glyphs.push([Math.round(box.top), box.left, text.data[i]]);
      }
      copy.remove();
      const lines = new Map();
      for (const [top, left, char] of glyphs) lines.set(top, [...(lines.get(top) || []), [left, char]]);
      return [...lines.values()].map((line) => line.sort((a, b) => a[0] - b[0]).map((g) => g[1]).join(""));
    })"""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium), args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto((built.output / "oakland" / "ar" / "social-posts.html").as_uri())
        posts = page.evaluate(seen)
        browser.close()
    assert len(posts) == 6
    for lines in posts:
        _whole_hashtags("\n".join(lines))


def test_a_post_a_community_wrote_gets_a_card_from_its_own_words(tmp_path):
    project = copy_project(tmp_path / "project")
    set_languages(project, "oakland", ["en", "ar"])
    profile = project.sites_dir / "oakland" / "profile.yaml"
    profile.write_text(
        profile.read_text()
        + "documents:\n  social-posts:\n    routines:\n"
        + "      en: 'Mornings are easier with a plan: lay out clothes the night before. Set one bedtime.'\n"
        + "      ar: 'الصباح أسهل مع خطة: جهّزوا الملابس في الليلة السابقة. #نوم_مبكر'\n"
    )
    from builder.cards import POSTS_TEMPLATE

    loaded = load_profile("oakland", project.sites_dir)
    english = Renderer(loaded, "en", project.templates_dir)
    texts = card_texts(english, english.messages(POSTS_TEMPLATE, "social-posts"))
    # The shared posts keep their card words; the rewritten one takes its first sentence up to its colon.
    assert _spaced(texts[0].headline) == "Every school day counts"
    assert _spaced(texts[2].headline) == "Mornings are easier with a plan"
    assert _spaced(texts[2].line) == "Lay out clothes the night before."
    arabic = Renderer(loaded, "ar", project.templates_dir, load_translations(project.locales_dir, "ar"))
    texts = card_texts(arabic, arabic.messages(POSTS_TEMPLATE, "social-posts"))
    # The hashtag at the post's end is left to the card's foot, where the campaign's hashtags are.
    assert _spaced(texts[2].headline).startswith("الصباح أسهل مع خطة") and "#" not in texts[2].headline + texts[2].line


def _spaced(text: str) -> str:
    return text.replace("\u00a0", " ").replace("\u2060", "")


def test_card_words_taken_from_a_post():
    # A long first sentence: cut after a comma that keeps most of it, never mid-word.
    long = derive_card_text(
        "Thank you, families, teachers, neighbors and every bus driver in the county who helped a student get to class on time."
    )
    assert long.headline.endswith("…") and len(long.headline) <= 101 and long.line == ""
    # CJK: the first sentence, its last characters kept together.
    chinese = derive_card_text("長期缺席不是逃學。它計算每一天的缺席。")
    assert chinese.headline == "長期缺席不是逃學。" and chinese.line == "它計算每一天的缺席。"
    assert word_count("長期缺席不是逃學") == 4 and word_count("Every school day counts") == 4
    # An English post on an Arabic page arrives isolated; its link and hashtags at the end are the foot's.
    english = derive_card_text(f"{LRI}Buses are free. Ask at school. https://example.org/bus {FSI}#SchoolEveryDay{PDI}{PDI}")
    assert (english.headline, english.line) == ("Buses are free.", "Ask at school.")
