"""The built sites in a real browser, used as a visitor would: axe-core's WCAG 2.1 A and AA rules on
every page, phone and desktop layouts, the keyboard, and the language switcher.

The browser is Debian's `chromium` package driven by Playwright (`playwright install` downloads a
browser of its own, which CI cannot do). A missing browser fails these tests; set
TOOLKIT_SKIP_BROWSER=1 to skip them on purpose.
"""

from __future__ import annotations

import functools
import os
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import COMMUNITIES

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


@pytest.fixture(scope="module")
def survey(built, site_url, browser):
    """Visits every web page of a community once, in a tab of its own: runs axe-core's WCAG 2.1 A and AA
    rules on the page at desktop size, then narrows the window to 320 px (400 % zoom) and measures how
    wide the page is. Gives {path: (axe violations, width at 320 px)}; each community is visited once,
    for the two tests that read the results."""
    from axe_playwright_python.base import AXE_SCRIPT  # the axe-core that axe-playwright-python bundles

    context = browser.new_context(viewport=DESKTOP)
    context.add_init_script(AXE_SCRIPT)  # in every page this tab opens, before the page's own scripts
    page = context.new_page()
    found: dict[str, dict[str, tuple[list, int]]] = {}

    def survey(slug: str) -> dict[str, tuple[list, int]]:
        if slug not in found:
            results = {}
            for path in _pages(built, slug):
                page.set_viewport_size(DESKTOP)
                page.goto(f"{site_url}/{path}")
                violations = page.evaluate("options => axe.run(options).then(results => results.violations)", AXE_OPTIONS)
                page.set_viewport_size(ZOOMED_400)
                results[path] = (violations, _page_width(page))
            found[slug] = results
        return found[slug]

    yield survey
    context.close()


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
        problems += [_describe(path, violation) for violation in results[path][0]]
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
    for path, (_, width) in results.items():
        if width != ZOOMED_400["width"]:
            too_wide[path] = width
    assert not too_wide


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
    hard_to_see = []
    for _ in range(page.locator("a[href], button, input, select, textarea").count()):
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
        page.get_by_role("navigation").locator(f'a[hreflang="{code}"]').click()
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

        for link in page.get_by_role("link", name="Share image").all():
            response = page.request.get(f"{site_url}/oakland/{link.get_attribute('href')}")
            assert response.ok and response.headers["content-type"] == "image/png"
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
