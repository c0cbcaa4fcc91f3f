"""An end-to-end build of every real community, checked the way a user would check it."""

from __future__ import annotations

import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from conftest import (
    COMMUNITIES,
    ROOT,
    built_pdf,
    built_pdf_text,
    community_kinds,
    copy_built,
    copy_project,
    kind_name,
    set_languages,
)
from pypdf import PdfReader

from builder.errors import BuildFailed, ProfileError
from builder.kinds import DOCUMENT_KINDS
from builder.pipeline import build
from builder.printing import points
from builder.profile import load_profile

LETTER = (612, 792)  # points
A4 = (595, 842)
PAPER = {"Letter": LETTER, "A4": A4, "11in 17in": (792, 1224), "A3": (842, 1191)}


def _manifest(output: Path, slug: str) -> dict:
    return json.loads((output / slug / "manifest.json").read_text())


def _pdf_text(path: Path) -> str:
    return " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(path).pages)


def _built_pdf_text(path: Path) -> str:
    """`_pdf_text` of one of the shared build's PDFs."""
    return " ".join(" ".join(text.split()) for text in built_pdf_text(path))


@pytest.mark.parametrize("slug", COMMUNITIES)
def test_manifest_matches_the_files(built, slug):
    root = built.output / slug
    manifest = _manifest(built.output, slug)
    assert manifest["community"] == slug
    listed = set()
    for artifact in manifest["artifacts"]:
        assert set(artifact) >= {"kind", "lang", "format", "path", "bytes", "sha256"}
        data = (root / artifact["path"]).read_bytes()
        assert artifact["bytes"] == len(data)
        assert artifact["sha256"] == hashlib.sha256(data).hexdigest()
        if artifact["format"] == "pdf":
            assert artifact["pages"] == len(built_pdf(root / artifact["path"]).pages)
        elif artifact["format"] == "png":
            # A share card, or a document's first-page thumbnail (listed under the document's own kind).
            assert artifact["alt"] and (artifact["kind"] == "social-card" or kind_name(artifact) in DOCUMENT_KINDS)
        elif artifact["format"] in ("txt", "xml"):
            assert artifact["kind"] in ("robots", "sitemap")
        elif artifact["format"] in ("ics", "csv"):
            assert artifact["kind"] == "campaign-calendar"
        else:
            assert artifact["format"] == "html" and "pages" not in artifact
        listed.add(artifact["path"])
    on_disk = {
        p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if p.suffix in (".html", ".pdf", ".png", ".txt", ".xml", ".ics", ".csv")
    }
    assert on_disk == listed
    kinds = {(kind_name(a), a["format"]) for a in manifest["artifacts"]}
    for kind in community_kinds(slug).values():
        assert {(kind.name, "html"), (kind.name, "pdf")} <= kinds if kind.on_web else (kind.name, "pdf") in kinds
    assert {("home", "html"), ("downloads", "html")} <= kinds
    assert manifest["artifacts"][0]["path"] and (root / "index.html").is_file()


def _paper_points(paper: str) -> tuple[int, int]:
    """A kind's own paper size (`13.333in 7.5in`, `1830mm 915mm`) in points."""
    width, height = paper.split()
    return round(points(width)), round(points(height))


@pytest.mark.parametrize("slug", COMMUNITIES)
def test_pdfs_keep_their_page_budget_size_and_metadata(built, slug):
    profile = load_profile(slug, ROOT / "sites").profile
    for artifact in _manifest(built.output, slug)["artifacts"]:
        if artifact["format"] != "pdf":
            continue
        reader = built_pdf(built.output / slug / artifact["path"])
        kind = DOCUMENT_KINDS[kind_name(artifact)]
        pages = len(reader.pages)
        if kind.exact_pages:
            assert pages == kind.max_pages, artifact["path"]
        elif kind.max_pages:
            assert 1 <= pages <= kind.max_pages, artifact["path"]
        paper = (kind.paper or {}).get(profile.page_size, profile.page_size)
        for page in reader.pages:
            size = (round(float(page.mediabox.width)), round(float(page.mediabox.height)))
            assert size == (PAPER[paper] if paper in PAPER else _paper_points(paper)), (artifact["path"], size)
        campaign = profile.campaign.name if isinstance(profile.campaign.name, str) else profile.campaign.name[artifact["lang"]]
        assert reader.metadata.title and campaign in reader.metadata.title
        assert reader.metadata.author == profile.organisation.name
        assert reader.trailer["/Root"]["/Lang"] == artifact["lang"]


@pytest.mark.parametrize("slug", COMMUNITIES)
def test_pdfs_embed_every_font(built, slug):
    for pdf in (built.output / slug).rglob("*.pdf"):
        fonts = 0
        for page in built_pdf(pdf).pages:
            for font in page["/Resources"]["/Font"].values():
                font = font.get_object()
                descriptor = font.get("/FontDescriptor") or font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
                descriptor = descriptor.get_object()
                assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), (pdf.name, font["/BaseFont"])
                fonts += 1
        assert fonts, pdf.name


@pytest.mark.parametrize("slug", COMMUNITIES)
def test_pdf_text_names_the_community_and_its_resources(built, slug):
    profile = load_profile(slug, ROOT / "sites").profile
    pdf_dir = built.output / slug / "pdf"
    names = (profile.organisation.name, profile.organisation.short_name or profile.organisation.name)
    for kind in community_kinds(slug):
        if kind in ("banner", "billboard"):  # one message seen from afar: the campaign's name, not the community's
            continue
        text = _built_pdf_text(pdf_dir / f"{slug}-{kind}-en.pdf")
        assert any(name in text for name in names), kind
    sheet = _built_pdf_text(pdf_dir / f"{slug}-resource-sheet-en.pdf")
    for resource in profile.resources:
        name = resource.name if isinstance(resource.name, str) else resource.name["en"]
        assert name in sheet, resource.id
    letter = _built_pdf_text(pdf_dir / f"{slug}-letter-en.pdf")
    assert profile.leader.name in letter and "chronic absence" in letter
    handout = _built_pdf_text(pdf_dir / f"{slug}-handout-en.pdf")
    assert "10%" in handout and "18 days" in handout and "truancy" in handout


def test_social_posts_fit_and_carry_the_hashtags(built):
    for slug in COMMUNITIES:
        profile = load_profile(slug, ROOT / "sites").profile
        page = (built.output / slug / "social-posts.html").read_text()
        posts = re.findall(
            r'<textarea class="post-text"[^>]*>(.*?)</textarea>\s*<p class="post-length"[^>]*>(\d+) of 280', page, re.S
        )
        assert len(posts) >= 6
        for text, length in posts:
            assert 0 < int(length) <= 280
            for tag in profile.campaign.hashtags:
                assert tag in text


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.images_without_alt = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        for name in ("href", "src"):
            if attrs.get(name) is not None:
                self.links.append(attrs[name])
        if tag == "img" and not attrs.get("alt"):
            self.images_without_alt += 1


@pytest.mark.parametrize("slug", COMMUNITIES)
def test_every_link_and_image_in_the_site_resolves(built, slug):
    root = built.output / slug
    pages = list(root.rglob("*.html"))
    assert (root / "index.html") in pages
    checked = 0
    for page in pages:
        parser = _Links()
        parser.feed(page.read_text())
        assert parser.images_without_alt == 0, page.name
        for link in parser.links:
            parts = urlsplit(link)
            if parts.scheme in ("https", "http", "mailto", "tel"):
                continue
            assert not parts.scheme and not parts.netloc and not link.startswith("/"), f"{page.name}: {link} is not relative"
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            assert target.is_file(), f"{page.name}: {link} does not resolve"
            assert root.resolve() in target.parents, f"{page.name}: {link} leaves the site"
            if parts.fragment:
                other = _Links()
                other.feed(target.read_text())
                assert parts.fragment in other.ids, f"{page.name}: {link}"
            checked += 1
    assert checked > 20


def test_example_values_are_marked_sample(built):
    # Oakland's contacts and leader are examples: every document that shows them says SAMPLE.
    root = built.output / "oakland"
    for kind in ("handout", "letter", "resource-sheet"):
        assert "SAMPLE" in _built_pdf_text(root / "pdf" / f"oakland-{kind}-en.pdf"), kind
        assert 'class="sample-banner"' in (root / f"{kind}.html").read_text(), kind


def test_documents_without_example_values_are_not_marked_sample(tmp_path):
    project = copy_project(tmp_path)
    fork = project.sites_dir / "verified"
    fork.mkdir()
    (fork / "profile.yaml").write_text(
        "extends: connecticut\n"
        "languages: [en]\n"
        "leader: {example: false}\n"
        "contacts:\n"
        "  attendance: {name: Attendance Office, phone: '211', email: null, example: false}\n"
        "  press: {example: false}\n"
        "resources:\n"
        + "".join(f"  - {{id: {rid}, omit: true}}\n" for rid in ("community-health-center", "housing-liaison", "food-pantry"))
    )
    build(project, ["verified"], kinds=["handout", "resource-sheet", "social-posts"], jobs=1)
    root = project.output / "verified"
    for kind in ("handout", "resource-sheet", "social-posts"):
        assert "SAMPLE" not in _pdf_text(root / "pdf" / f"verified-{kind}-en.pdf"), kind
        assert "sample-banner" not in (root / f"{kind}.html").read_text(), kind


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_overflowing_document_fails_the_build_and_keeps_previous_output(tmp_path):
    project = copy_project(tmp_path)
    set_languages(project, "solano", ["en"])
    build(project, ["solano"], kinds=["resource-sheet"], jobs=1)
    before = _snapshot(project.output / "solano")
    profile = project.sites_dir / "solano" / "profile.yaml"
    extra = "".join(
        f"  - id: extra-{i}\n    category: family-support\n    name: Extra service {i}\n"
        f"    offers: {'Help with many things for families across the county. ' * 3}\n    example: true\n"
        for i in range(40)
    )
    profile.write_text(profile.read_text() + extra)
    with pytest.raises(BuildFailed) as caught:
        build(project, ["solano"], kinds=["resource-sheet"], jobs=1)
    message = str(caught.value)
    assert "resource-sheet (en) for solano" in message and "2 pages" in message
    assert caught.value.exit_status == 1
    assert _snapshot(project.output / "solano") == before


def test_invalid_profile_changes_nothing_under_output(built, tmp_path):
    project = copy_built(built, tmp_path / "project")  # every community built, as a previous build left it
    before = _snapshot(project.output)
    profile = project.sites_dir / "oakland" / "profile.yaml"
    profile.write_text(profile.read_text().replace("  slogan:", "  slogen:"))
    with pytest.raises(ProfileError):
        build(project)
    assert _snapshot(project.output) == before


def test_a4_profile_gives_a4_pages(tmp_path):
    project = copy_project(tmp_path)
    (project.sites_dir / "a4").mkdir()
    (project.sites_dir / "a4" / "profile.yaml").write_text("extends: oakland\nlanguages: [en]\npage_size: A4\n")
    build(project, ["a4"], kinds=["handout"], jobs=1)
    page = PdfReader(project.output / "a4" / "pdf" / "a4-handout-en.pdf").pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == A4


def test_profile_text_is_escaped_never_trusted(tmp_path):
    project = copy_project(tmp_path)
    (project.sites_dir / "hostile").mkdir()
    (project.sites_dir / "hostile" / "profile.yaml").write_text(
        'extends: oakland\nlanguages: [en]\ncampaign:\n  slogan: "<script>alert(1)</script> *not emphasis*"\n'
    )
    build(project, ["hostile"], kinds=["poster"], jobs=1)
    page = (project.output / "hostile" / "index.html").read_text()
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; *not emphasis*" in page
