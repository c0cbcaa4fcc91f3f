"""The built sites in a real browser, used as a visitor would: axe-core's WCAG 2.1 A and AA rules on
every page, phone and desktop layouts, the keyboard, and the language switcher.

The browser is Debian's `chromium` package driven by Playwright (`playwright install` downloads a
browser of its own, which CI cannot do). A missing browser fails these tests; set
TOOLKIT_SKIP_BROWSER=1 to skip them on purpose.
"""

from __future__ import annotations

import functools
import json
import os
import threading
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlsplit

import pytest
from conftest import COMMUNITIES, ROOT, built_pdf, built_pdf_text, community_kinds

from builder import formatting
from builder.paths import language_prefix, page_path, pdf_path, thumbnail_path
from builder.profile import load_profile

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_21_AA}, "resultTypes": ["violations"]}
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 800}
# WCAG 1.4.10 (Reflow): 1280 px zoomed to 400% is 320 px wide, and must not scroll sideways.
ZOOMED_400 = {"width": 320, "height": 640}
HOME_PAGES = [f"{slug}/index.html" for slug in COMMUNITIES] + ["oakland/ar/index.html"]


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # a line per request would bury pytest's own output
        pass


@pytest.fixture(scope="module")
def site_url(built):
    """The built output served over http on a free localhost port, as a host would publish it."""
    handler = functools.partial(_QuietHandler, directory=str(built.output))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


# Module scope: Playwright's event loop is closed again before other test files run.
@pytest.fixture(scope="module")
def browser():
    if os.environ.get("TOOLKIT_SKIP_BROWSER") == "1":
        pytest.skip("TOOLKIT_SKIP_BROWSER=1")
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: install Debian's chromium package (`make setup` does, as root), "
            "or set TOOLKIT_SKIP_BROWSER=1 to skip the browser tests"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def tab(browser):
    """One browser tab, shared by the module's tests: each goes to the page it checks (the site keeps no
    state in the browser: no cookies, no storage)."""
    context = browser.new_context(viewport=DESKTOP)
    yield context.new_page()
    context.close()


@pytest.fixture
def open_page(tab):
    """The module's tab, at the given viewport (each test then goes to the page it checks)."""

    def open_page(viewport: dict = DESKTOP):
        tab.set_viewport_size(viewport)
        return tab

    return open_page


class Visit(NamedTuple):
    """What the survey measured on one page."""

    violations: list
    """axe-core's WCAG 2.1 A and AA violations, at desktop size."""
    zoomed_width: int
    """How wide the page is at 320 px (400 % zoom)."""
    phone_header: float
    """The header's height at 375 x 812, in CSS px."""
    cut_posts: list
    """Post boxes whose text does not fit (scrolls inside the box), at phone and desktop sizes."""


@pytest.fixture(scope="module")
def survey(built, site_url, browser):
    """Visits every web page of a community once, in a tab of its own: runs axe-core's WCAG 2.1 A and AA
    rules on the page at desktop size, then narrows the window to a phone's (375 x 812) and to 320 px
    (400 % zoom) and measures the header and how wide the page is, and at each size whether a post box cuts
    its text off. Gives {path: Visit}; each community is visited once, for the tests that read the results."""
    from axe_playwright_python.base import AXE_SCRIPT  # the axe-core that axe-playwright-python bundles

    context = browser.new_context(viewport=DESKTOP)
    context.add_init_script(AXE_SCRIPT)  # in every page this tab opens, before the page's own scripts
    page = context.new_page()
    found: dict[str, dict[str, Visit]] = {}

    def survey(slug: str) -> dict[str, Visit]:
        if slug not in found:
            results = {}
            for path in _pages(built, slug):
                page.set_viewport_size(DESKTOP)
                page.goto(f"{site_url}/{path}")
                violations = page.evaluate("options => axe.run(options).then(results => results.violations)", AXE_OPTIONS)
                cut = [f"desktop {box}" for box in _cut_posts(page)]
                page.set_viewport_size(PHONE)
                header = page.locator(".site-header").evaluate("header => header.getBoundingClientRect().height")
                cut += [f"phone {box}" for box in _cut_posts(page)]
                page.set_viewport_size(ZOOMED_400)
                results[path] = Visit(violations, _page_width(page), header, cut)
            found[slug] = results
        return found[slug]

    yield survey
    context.close()


def _cut_posts(page) -> list[str]:
    """The ids of the post boxes whose text is taller than the box (the reader would have to scroll inside)."""
    return page.locator("textarea.post-text").evaluate_all(
        "boxes => boxes.filter(box => box.scrollHeight > box.clientHeight).map(box => box.id)"
    )


def _pages(built, slug: str) -> list[str]:
    """Every web page of a community, in every language, as a path below the output folder."""
    return sorted(p.relative_to(built.output).as_posix() for p in (built.output / slug).rglob("*.html"))


def _page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def _describe(path: str, violation: dict) -> str:
    nodes = "\n".join(f"    {' '.join(node['target'])}: {node['html'][:160]}" for node in violation["nodes"])
    return f"{path}: {violation['id']} ({violation['impact']}): {violation['help']}\n{nodes}"


def _focused(page) -> dict:
    """The focused element: what it is, where it is, its focus ring's colour and the colour behind that ring."""
    return page.evaluate(
        r"""() => {
            const element = document.activeElement;
            const box = element.getBoundingClientRect();
            const style = getComputedStyle(element);
            const rgb = colour => (colour.match(/[\d.]+/g) || []).slice(0, 3).map(Number);
            const transparent = colour => /^rgba\(.*, 0\)$|^transparent$/.test(colour);
            // The ring is drawn just outside the element, over whatever its ancestors paint.
            let behind = element.parentElement;
            while (behind && transparent(getComputedStyle(behind).backgroundColor)) behind = behind.parentElement;
            const ringShown = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
            return {tag: element.tagName.toLowerCase(), id: element.id, href: element.getAttribute('href'),
                    text: element.textContent.trim(), left: box.left, top: box.top, right: box.right, bottom: box.bottom,
                    ring: ringShown ? rgb(style.outlineColor) : null,
                    behind: behind ? rgb(getComputedStyle(behind).backgroundColor) : [255, 255, 255]};
        }"""
    )


def _on_screen(box: dict, viewport: dict) -> bool:
    return 0 <= box["left"] < box["right"] <= viewport["width"] and 0 <= box["top"] < box["bottom"] <= viewport["height"]


def _luminance(rgb: list[float]) -> float:
    linear = [c / 255 / 12.92 if c <= 0.03928 * 255 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(one: list[float], other: list[float]) -> float:
    lighter, darker = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


@pytest.mark.parametrize("slug", COMMUNITIES)
def test_every_page_passes_axe_wcag_21_aa(built, survey, slug):
    paths = _pages(built, slug)
    assert f"{slug}/index.html" in paths
    results = survey(slug)
    assert sorted(results) == paths
    problems = []
    for path in paths:
        problems += [_describe(path, violation) for violation in results[path].violations]
    assert not problems, f"{len(problems)} axe violation(s) in {len(paths)} pages:\n" + "\n".join(problems)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("slug", COMMUNITIES)
def test_home_page_fits_the_screen(site_url, open_page, tmp_path, slug, viewport):
    page = open_page(viewport)
    page.goto(f"{site_url}/{slug}/index.html")
    page.screenshot(path=tmp_path / f"{slug}-{viewport['width']}x{viewport['height']}.png", full_page=True)
    assert _page_width(page) == viewport["width"]


@pytest.mark.parametrize("slug", COMMUNITIES)
def test_no_page_scrolls_sideways_when_zoomed_to_400_percent(built, survey, slug):
    results = survey(slug)
    assert sorted(results) == _pages(built, slug)
    too_wide = {}
    for path, visit in results.items():
        if visit.zoomed_width != ZOOMED_400["width"]:
            too_wide[path] = visit.zoomed_width
    assert not too_wide


@pytest.mark.parametrize("slug", COMMUNITIES)
def test_the_header_takes_at_most_a_quarter_of_a_phone_screen(built, survey, slug):
    # DESIGN.md: on a 375 x 812 phone the header (logo, campaign name, the menu and language buttons)
    # leaves three quarters of the first screen to the page, in every language.
    results = survey(slug)
    assert all(visit.phone_header > 40 for visit in results.values())
    too_tall = {path: visit.phone_header for path, visit in results.items() if visit.phone_header > PHONE["height"] / 4}
    assert not too_tall


@pytest.mark.parametrize("slug", COMMUNITIES)
def test_post_boxes_show_their_whole_text_on_a_phone_and_a_desktop(built, survey, slug):
    results = survey(slug)
    posts = [path for path in results if path.endswith("/social-posts.html")]
    assert len(posts) == len(load_profile(slug, ROOT / "sites").profile.languages)
    cut = {path: results[path].cut_posts for path in posts if results[path].cut_posts}
    assert not cut, "these post boxes hide part of their text (hashtags first): " + str(cut)


@pytest.mark.parametrize("slug", COMMUNITIES)
def test_character_counts_are_for_the_staff_on_the_web_not_for_families_on_paper(built, slug):
    page = _Elements((built.output / slug / "social-posts.html").read_text(encoding="utf-8"))
    counts = [e["text"] for e in page.elements if "post-length" in e.get("class", "")]
    assert counts and all(text.endswith(" of 280 characters") for text in counts)
    for kind in ("social-posts", "booklet"):  # the booklet prints the posts for families
        text = " ".join(built_pdf_text(built.output / slug / pdf_path(slug, kind, "en")))
        assert "#" in text and "of 280 characters" not in text


@pytest.mark.parametrize("javascript", [False, True], ids=["without-js", "with-js"])
def test_phone_menu_and_language_buttons_open_from_the_keyboard(site_url, browser, javascript):
    context = browser.new_context(viewport=PHONE, java_script_enabled=javascript)
    try:
        page = context.new_page()
        page.goto(f"{site_url}/oakland/letter.html")
        menu = page.get_by_role("navigation", name="Main menu")
        assert menu.get_by_role("link").count() == 0  # the list waits for its button
        menu.locator("summary").focus()
        page.keyboard.press("Enter")
        links = menu.get_by_role("link")
        assert links.count() == 8 and links.nth(3).get_attribute("aria-current") == "page"
        if javascript:  # Escape closes it and leaves the focus on its button
            page.keyboard.press("Escape")
            assert menu.get_by_role("link").count() == 0
            assert page.evaluate("document.activeElement.closest('details').className") == "menu-toggle"
            page.keyboard.press("Enter")
        menu.get_by_role("link", name="Find help").click()
        page.wait_for_load_state()
        assert urlsplit(page.url).path == "/oakland/resource-sheet.html"

        languages = page.get_by_role("navigation", name="Languages")
        assert languages.get_by_role("link").count() == 0
        assert languages.locator("summary").text_content().strip().endswith("English")
        languages.locator("summary").focus()
        page.keyboard.press("Space")
        assert languages.get_by_role("link").count() == 5
        languages.get_by_role("link", name="Español").click()
        page.wait_for_load_state()
        assert urlsplit(page.url).path == "/oakland/es/resource-sheet.html"
    finally:
        context.close()


def test_desktop_shows_the_whole_menu_without_a_button(site_url, open_page):
    page = open_page(DESKTOP)
    page.goto(f"{site_url}/oakland/index.html")
    menu = page.get_by_role("navigation", name="Main menu")
    assert not menu.locator("summary").is_visible()
    boxes = [link.bounding_box() for link in menu.get_by_role("link").all()]
    assert len(boxes) == 8
    assert len({round(box["y"]) for box in boxes}) == 1, "the menu fits on one line"


class _Elements(HTMLParser):
    """Every element of a page: its tag, attributes, text, and the classes of the elements around it."""

    VOID = {"img", "input", "br", "meta", "link", "hr", "source", "wbr", "area", "col", "embed", "track"}

    def __init__(self, text: str):
        super().__init__()
        self.elements: list[dict] = []
        self._open: list[dict] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        inside = {name for element in self._open for name in element.get("class", "").split()}
        element = {"tag": tag, **{key: value or "" for key, value in attrs}, "text": "", "inside": inside}
        self.elements.append(element)
        if tag not in self.VOID:
            self._open.append(element)

    def handle_endtag(self, tag):
        while self._open and self._open.pop()["tag"] != tag:
            pass

    def handle_data(self, data):
        for element in self._open:
            element["text"] += data

    def all(self, tag: str, inside: str) -> list[dict]:
        return [e for e in self.elements if e["tag"] == tag and inside in e["inside"]]


def _language_folders(built, slug: str) -> list[tuple[str, str, Path]]:
    """(language, its folder's prefix in the site, the folder) of each language of a community."""
    languages = load_profile(slug, ROOT / "sites").profile.languages
    prefixes = [language_prefix(languages, lang) for lang in languages]
    return [(lang, prefix, built.output / slug / prefix) for lang, prefix in zip(languages, prefixes, strict=True)]


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


@pytest.mark.parametrize("slug", COMMUNITIES)
def test_each_document_page_links_its_own_pdf_with_its_length_and_size(built, slug):
    for lang, _, folder in _language_folders(built, slug):
        for kind in (kind for kind in community_kinds(slug).values() if kind.on_web):
            page = _Elements((folder / page_path(kind.name)).read_text(encoding="utf-8"))
            [link] = page.all("a", "pdf-box")
            assert link["href"] == pdf_path(slug, kind.name, lang) and link["type"] == "application/pdf"
            pdf = folder / link["href"]
            pages = len(built_pdf(pdf).pages)
            [facts] = [e["text"] for e in page.all("span", "pdf-box") if "pdf-facts" in e.get("class", "")]
            if lang == "en":
                assert facts == f"({pages} page{'s' if pages > 1 else ''}, {round(pdf.stat().st_size / 1024):,} KB)"
            else:  # the page count as the language writes numbers
                assert formatting.number(pages, formatting.page_locale(lang), 0) in facts, facts
            [thumbnail] = page.all("img", "pdf-box")
            assert thumbnail["src"] == thumbnail_path(slug, kind.name, lang) and thumbnail["alt"]
            assert _png_size(folder / thumbnail["src"]) == (int(thumbnail["width"]), int(thumbnail["height"]))


@pytest.mark.parametrize("slug", COMMUNITIES)
def test_home_cards_describe_every_document_with_a_thumbnail_of_its_first_page(built, slug):
    manifest = json.loads((built.output / slug / "manifest.json").read_text())
    pictures = {a["path"]: a for a in manifest["artifacts"] if a["format"] == "png" and a["kind"] != "social-card"}
    for lang, prefix, folder in _language_folders(built, slug):
        home = _Elements((folder / "index.html").read_text(encoding="utf-8"))
        thumbnails = home.all("img", "card")
        kinds = community_kinds(slug)
        # A card under each reader a document is for (the state agencies' section only in a state's kit).
        level = load_profile(slug, ROOT / "sites").profile.organisation.level.value
        readers = {a for kind in kinds.values() for a in kind.audiences if a != "state agencies" or level == "state"}
        cards = [kind for kind in kinds.values() for a in kind.audiences if a in readers]
        assert sorted(img["src"] for img in thumbnails) == sorted(thumbnail_path(slug, kind.name, lang) for kind in cards)
        for img in thumbnails:
            assert img["alt"].strip() and img["alt"] == pictures[prefix + img["src"]]["alt"]
            width, height = _png_size(folder / img["src"])
            assert 239 <= width <= 241 and height > 0  # a page (slides, banner and billboard lie on their side)
        assert len([p for p in home.all("p", "card") if "card-description" in p.get("class", "")]) == len(cards)
        pdfs = [a["href"] for a in home.all("a", "card") if a.get("type") == "application/pdf"]
        assert set(pdfs) == {pdf_path(slug, kind, lang) for kind in kinds}  # the booklet too
        assert all((folder / href).is_file() for href in pdfs)


@pytest.mark.parametrize("path", HOME_PAGES)
def test_first_tab_shows_the_skip_link_to_the_main_content(site_url, open_page, path):
    page = open_page()
    page.goto(f"{site_url}/{path}")
    page.keyboard.press("Tab")
    skip_link = _focused(page)
    assert skip_link["tag"] == "a" and skip_link["href"] == "#main" and skip_link["text"]
    assert _on_screen(skip_link, DESKTOP), skip_link

    page.keyboard.press("Enter")
    assert _focused(page)["id"] == "main"

    assert page.get_by_role("banner").count() == 1
    assert page.get_by_role("navigation").count() >= 1
    assert page.get_by_role("main").count() == 1
    assert page.get_by_role("contentinfo").count() == 1


@pytest.mark.parametrize("path", HOME_PAGES)
def test_every_link_shows_a_focus_ring_when_tabbed_to(site_url, open_page, path):
    # WCAG 2.4.7 and 1.4.11: a ring that stands out at 3:1 from the background it is drawn on.
    page = open_page()
    page.goto(f"{site_url}/{path}")
    page.locator(".language-choice").evaluate("choice => { choice.open = true; }")  # its links on white
    hard_to_see = []
    reachable = page.evaluate(
        """() => [...document.querySelectorAll('a[href], button, input, select, textarea, summary')]
                   .filter(element => element.getClientRects().length > 0).length"""
    )
    assert reachable > 10
    for _ in range(reachable):
        page.keyboard.press("Tab")
        focused = _focused(page)
        if not focused["ring"] or _contrast(focused["ring"], focused["behind"]) < 3:
            hard_to_see.append(f"{focused['text']!r}: ring {focused['ring']} on {focused['behind']}")
    assert not hard_to_see


def test_language_switcher_leads_to_the_same_page_in_each_language(site_url, open_page):
    page = open_page()
    page.goto(f"{site_url}/oakland/letter.html")
    # oakland's languages (en is its root), visited one after another through the switcher
    for code in ["es", "zh-Hant", "vi", "ar", "en"]:
        page.locator("nav.language-switcher summary").click()  # the button named after the page's language
        page.locator(f'nav.language-switcher a[hreflang="{code}"]').click()
        page.wait_for_load_state()
        folder = "" if code == "en" else f"{code}/"
        assert urlsplit(page.url).path == f"/oakland/{folder}letter.html"
        assert page.evaluate("document.documentElement.lang") == code
        assert page.evaluate("document.documentElement.dir") == ("rtl" if code == "ar" else "ltr")


def _visible_texts(page, selector: str) -> list[str]:
    return page.locator(selector).evaluate_all("nodes => nodes.filter(n => n.getClientRects().length).map(n => n.textContent)")


@pytest.mark.parametrize("javascript", [False, True], ids=["without-js", "with-js"])
def test_resource_filter_shows_only_the_chosen_kind_of_help_and_language(built, site_url, browser, javascript):
    context = browser.new_context(java_script_enabled=javascript)
    try:
        page = context.new_page()
        page.goto(f"{site_url}/oakland/resource-sheet.html")
        everything = _visible_texts(page, ".resource h3")
        assert len(everything) >= 8
        page.get_by_role("radio", name="Food").check()
        food = _visible_texts(page, ".resource h3")
        assert 0 < len(food) < len(everything)
        assert _visible_texts(page, ".resource-group h2") == ["Food"]
        page.get_by_role("radio", name="All").first.check()
        page.locator('input[name="language"][value="vi"]').check()
        in_vietnamese = page.locator(".resource").evaluate_all(
            "nodes => nodes.filter(n => n.getClientRects().length).map(n => n.dataset.languages)"
        )
        assert in_vietnamese and all("vi" in languages.split() for languages in in_vietnamese)
        assert len(in_vietnamese) < len(everything)
        count = page.locator(".filter-count").text_content()
        assert count == (f"Showing {len(in_vietnamese)} of {len(everything)} services" if javascript else "")
    finally:
        context.close()


def test_social_posts_copy_count_and_share_images(site_url, browser):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    try:
        page = context.new_page()
        page.goto(f"{site_url}/oakland/social-posts.html")
        first = page.locator("textarea.post-text").first
        text = first.input_value()
        page.get_by_role("button", name="Copy").first.click()
        assert page.evaluate("navigator.clipboard.readText()") == text
        assert page.get_by_role("button", name="Copied").count() == 1

        counter = page.locator("#post-1-length")
        edited = "Hello https://example.org/a-very-long-address-that-counts-as-23 学校 #SchoolEveryDay"
        first.fill(edited)
        # The page counts as the builder does (X's rules: a link is 23, a CJK character 2).
        from twitter_text import parse_tweet

        assert counter.text_content() == f"{parse_tweet(edited).weightedLength} of 280 characters"
        first.fill("x" * 281)
        assert "over-limit" in counter.get_attribute("class")
        first.fill("A longer post, " * 18 + "#SchoolEveryDay")  # the box grows with its text
        assert first.evaluate("box => box.scrollHeight <= box.clientHeight")

        for link in page.get_by_role("link", name="Share image").all():
            response = page.request.get(f"{site_url}/oakland/{link.get_attribute('href')}")
            assert response.ok and response.headers["content-type"] == "image/png"
    finally:
        context.close()


def test_post_boxes_grow_with_their_text_where_css_cannot_size_them(site_url, browser):
    # A browser without CSS field-sizing (Firefox, older Safari): the page's script sizes each box.
    context = browser.new_context(viewport=PHONE, bypass_csp=True)
    context.add_init_script("CSS.supports = () => false;")
    try:
        page = context.new_page()
        page.goto(f"{site_url}/oakland/ar/social-posts.html")
        page.add_style_tag(content="textarea.post-text { field-sizing: fixed !important; }")
        boxes = page.locator("textarea.post-text")
        boxes.last.fill(boxes.first.input_value() * 2)
        fits = boxes.evaluate_all("boxes => boxes.map(box => box.scrollHeight <= box.clientHeight)")
        assert fits and all(fits)
    finally:
        context.close()


def test_search_finds_pages_in_the_current_language(site_url, open_page):
    page = open_page()
    page.goto(f"{site_url}/oakland/es/search.html")
    page.get_by_role("searchbox").fill("transporte")
    page.get_by_role("searchbox").press("Enter")
    results = page.locator(".search-results a")
    results.first.wait_for()
    hrefs = results.evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert "resource-sheet.html" in hrefs
    assert page.locator(".search-status").text_content() == f"Páginas encontradas: {len(hrefs)}"
    results.first.click()
    assert urlsplit(page.url).path.startswith("/oakland/es/")


def test_pages_carry_link_preview_tags_and_the_footer_links(site_url, open_page):
    page = open_page()
    page.goto(f"{site_url}/oakland/handout.html")

    def meta(key):
        return page.locator(f'meta[property="{key}"], meta[name="{key}"]').get_attribute("content")

    assert meta("og:title") == "Every school day counts · Every Day Counts"
    assert meta("twitter:card") == "summary_large_image"
    footer = page.get_by_role("contentinfo")
    footer.get_by_role("link", name="Accessibility").click()
    assert page.get_by_role("heading", level=1).text_content() == "Accessibility statement"
    assert "Attendance and Family Support" in page.locator("main .contact").text_content()
