"""Every page of the published sites allows only the site's own scripts and styles (Content-Security-Policy),
and holds no inline script or style that such a policy would have to allow."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from conftest import COMMUNITIES

POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'"


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.policies: list[str] = []
        self.inline_scripts = self.style_elements = 0
        self.style_attributes: list[str] = []
        self.event_attributes: list[str] = []
        self.stylesheets: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "meta" and (values.get("http-equiv") or "").lower() == "content-security-policy":
            self.policies.append(values.get("content") or "")
        if tag == "script" and not values.get("src"):
            self.inline_scripts += 1
        if tag == "style":
            self.style_elements += 1
        if tag == "link" and values.get("rel") == "stylesheet":
            self.stylesheets.append(values.get("href") or "")
        self.style_attributes += [tag for name, _ in attrs if name == "style"]
        self.event_attributes += [f"{tag} {name}" for name, _ in attrs if name.startswith("on")]


@pytest.mark.parametrize("slug", COMMUNITIES)
def test_every_page_carries_the_policy_and_nothing_inline(built, slug):
    pages = sorted((built.output / slug).rglob("*.html"))
    assert len(pages) >= 10
    for path in pages:
        page = _Page()
        page.feed(path.read_text(encoding="utf-8"))
        where = path.relative_to(built.output)
        assert page.policies == [POLICY], where
        assert (page.inline_scripts, page.style_elements, page.style_attributes, page.event_attributes) == (0, 0, [], []), where
        # The brand colours come from the community's own stylesheet, published beside the theme's.
        community_css = next(href for href in page.stylesheets if href.endswith("css/community.css"))
        stylesheet = (path.parent / community_css).resolve()
        assert stylesheet.is_file(), where
        assert "--primary: #" in stylesheet.read_text(encoding="utf-8")


def test_the_resource_filter_rules_are_in_the_community_stylesheet(built):
    css = (built.output / "oakland" / "es" / "css" / "community.css").read_text(encoding="utf-8")
    for category in ("health", "transportation"):
        assert f'[name="category"][value="{category}"]:checked) .resource-group:not(#{category})' in css
    for lang in ("en", "es", "zh-Hant", "vi", "ar"):
        assert f'[name="language"][value="{lang}"]:checked)' in css
