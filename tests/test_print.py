"""Print production: accessible (PDF/UA-1) structure in every PDF, and print-shop bleed and crop marks."""

from __future__ import annotations

import pytest
from conftest import COMMUNITIES, built_pdf, built_pdf_text, copy_project
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from builder.pipeline import build

BLEED_PT = {"Letter": 9.0, "A4": 3 / 25.4 * 72}


def _structure(node, found: list) -> list:
    node = node.get_object()
    if isinstance(node, DictionaryObject):
        if "/S" in node:
            found.append(node)
        kids = node.get("/K")
        for kid in kids if isinstance(kids, ArrayObject) else [kids]:
            if isinstance(kid, (IndirectObject, DictionaryObject)):
                _structure(kid, found)
    return found


@pytest.mark.parametrize("slug", COMMUNITIES)
def test_every_pdf_is_tagged_with_language_title_and_alt_text(built, slug):
    pdfs = sorted((built.output / slug).rglob("*.pdf"))
    assert len(pdfs) >= 12
    for path in pdfs:
        reader = built_pdf(path)
        root = reader.trailer["/Root"]
        assert bool(root["/MarkInfo"]["/Marked"]), path.name
        expected_lang = "zh-Hant" if path.stem.endswith("zh-Hant") else path.stem.rsplit("-", 1)[-1]
        assert str(root["/Lang"]) == expected_lang, path.name
        assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
        assert reader.metadata.title
        assert b"pdfuaid:part" in root["/Metadata"].get_object().get_data(), path.name  # declares PDF/UA
        elements = _structure(root["/StructTreeRoot"], [])
        kinds = {str(e["/S"]) for e in elements}
        assert {"/Document", "/H1", "/P"} <= kinds, (path.name, kinds)
        for figure in (e for e in elements if e["/S"] == "/Figure"):
            assert str(figure.get("/Alt", "")).strip(), f"{path.name}: a figure without alt text"


def test_letter_logo_is_a_figure_with_the_profiles_alt_text(built):
    root = built_pdf(built.output / "oakland" / "pdf" / "oakland-letter-en.pdf").trailer["/Root"]
    figures = [e for e in _structure(root["/StructTreeRoot"], []) if e["/S"] == "/Figure"]
    assert [str(f["/Alt"]) for f in figures] == ["Every Day Counts, Oakland Unified School District"]


def _boxes(path):
    page = PdfReader(path).pages[0]
    return [float(v) for v in page.mediabox], [float(v) for v in page.trimbox]


def test_desktop_pdfs_have_no_bleed(built):
    media, trim = _boxes(built.output / "solano" / "pdf" / "solano-handout-en.pdf")
    assert media == trim == [0, 0, 612, 792]


# Around the trimmed page a print shop's PDF has the bleed (BleedBox), then the crop marks and the slug line
# outside it (MediaBox): half an inch on US paper, 13 mm on ISO paper.
MARK_AREA_PT = {"Letter": 36.0, "A4": 13 / 25.4 * 72}


@pytest.mark.parametrize("page_size", ["Letter", "A4"])
def test_print_shop_adds_bleed_around_the_trimmed_page(tmp_path, page_size):
    project = copy_project(tmp_path)
    (project.sites_dir / "shop").mkdir()
    (project.sites_dir / "shop" / "profile.yaml").write_text(f"extends: connecticut\nlanguages: [en]\npage_size: {page_size}\n")
    build(project, ["shop"], kinds=["handout", "letter"], print_shop=True, jobs=1)
    bleed, area = BLEED_PT[page_size], MARK_AREA_PT[page_size]
    width, height = (612, 792) if page_size == "Letter" else (595.28, 841.89)
    for kind in ("handout", "letter"):
        path = project.output / "shop" / "pdf" / f"shop-{kind}-en.pdf"
        media, trim = _boxes(path)
        bleed_box = [float(v) for v in PdfReader(path).pages[0].bleedbox]
        assert trim[:2] == [0, 0] and trim[2] == pytest.approx(width, abs=0.5) and trim[3] == pytest.approx(height, abs=0.5)
        assert bleed_box == pytest.approx([-bleed, -bleed, trim[2] + bleed, trim[3] + bleed], abs=0.1)
        assert media == pytest.approx([-area, -area, trim[2] + area, trim[3] + area], abs=0.1)


def _decode_qr_codes(pdf_path) -> list[str]:
    pdfium = pytest.importorskip("pypdfium2")
    zxingcpp = pytest.importorskip("zxingcpp")
    document = pdfium.PdfDocument(str(pdf_path))
    found = []
    for index in range(len(document)):
        image = document[index].render(scale=3).to_pil()
        found += [result.text for result in zxingcpp.read_barcodes(image)]
    return found


def test_qr_code_on_every_printed_document_leads_to_its_web_page(tmp_path):
    project = copy_project(tmp_path)
    (project.sites_dir / "qr").mkdir()
    (project.sites_dir / "qr" / "profile.yaml").write_text(
        "extends: oakland\nlanguages: [en, es]\ncampaign:\n  site_url: https://attendance.example.org/oakland/\n"
    )
    kinds = ["handout", "letter", "resource-sheet", "social-posts"]
    report = build(project, ["qr"], kinds=kinds, jobs=1)
    assert not any("no QR code" in warning for warning in report.warnings)
    root = project.output / "qr"
    for kind in kinds:
        assert _decode_qr_codes(root / "pdf" / f"qr-{kind}-en.pdf") == [f"https://attendance.example.org/oakland/{kind}.html"]
        assert _decode_qr_codes(root / "es" / "pdf" / f"qr-{kind}-es.pdf") == [
            f"https://attendance.example.org/oakland/es/{kind}.html"
        ]
    # The address the QR code leads to is a page the build published.
    assert (root / "es" / "letter.html").is_file()


def test_without_site_url_no_qr_code_and_a_warning(built, tmp_path):
    assert _decode_qr_codes(built.output / "solano" / "pdf" / "solano-handout-en.pdf") == []
    project = copy_project(tmp_path)
    report = build(project, ["connecticut"], kinds=["letter"], jobs=1)
    assert "connecticut: campaign.site_url is not set, so printed documents have no QR code to their web page" in report.warnings


def test_poster_is_one_tabloid_page_or_one_a3_page(built, tmp_path):
    for path in sorted(built.output.rglob("*-poster-*.pdf")):
        reader = built_pdf(path)
        page = reader.pages[0]
        assert len(reader.pages) == 1
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (792, 1224), path.name
    text = " ".join(built_pdf_text(built.output / "connecticut" / "pdf" / "connecticut-poster-en.pdf")[0].split())
    assert "Attend Today, Achieve Tomorrow" in text and "18 days" in text
    project = copy_project(tmp_path)
    (project.sites_dir / "a4").mkdir()
    (project.sites_dir / "a4" / "profile.yaml").write_text("extends: solano\nlanguages: [en]\npage_size: A4\n")
    build(project, ["a4"], kinds=["poster"], jobs=1)
    page = PdfReader(project.output / "a4" / "pdf" / "a4-poster-en.pdf").pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (842, 1191)


def test_share_cards_have_exact_sizes_and_alt_text(built):
    import json
    import re

    from PIL import Image

    for slug in COMMUNITIES:
        manifest = json.loads((built.output / slug / "manifest.json").read_text())
        cards = [a for a in manifest["artifacts"] if a["kind"] == "social-card"]
        posts = [a for a in manifest["artifacts"] if a["kind"] == "social-posts" and a["format"] == "html"]
        assert cards and all(card["format"] == "png" for card in cards)
        assert len(cards) == 2 * 6 * len(posts)  # two sizes of each of the six shared posts, per language
        for card in cards:
            width, height = (int(n) for n in re.search(r"-(\d+)x(\d+)-", card["path"]).groups())
            with Image.open(built.output / slug / card["path"]) as image:
                assert image.size == (width, height) and (width, height) in {(1200, 630), (1080, 1080)}
            assert card["alt"].strip() and "#SchoolEveryDay" in card["alt"]
