#!/usr/bin/env python3
"""What the audience kit costs to print (issue 16): CPU per laid-out page, the builder's PDF stage against
WeasyPrint's own render of the same pages, side by side. Not a test: it measures, and the machine may be noisy.

    .venv/bin/python bench/kit_cost.py            # every community and language, 3 rounds
    .venv/bin/python bench/kit_cost.py --rounds 5 --communities oakland

For each document of the audience kit (and, apart, the family pieces and the booklets), the print page is
laid out once by the builder (`PdfRenderer`, which also tags the PDF for screen readers and subsets fonts)
and once by `weasyprint.HTML(...).write_pdf()` on the same HTML. Shrink-to-fit retries are measured apart:
the ratio compares one layout each, at the starting size (11 pt); the CPU that documents set smaller spent
on their retries is reported alone.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _pages(communities: list[str] | None) -> dict[str, list]:
    """The print HTML of every document, grouped: (label, html, kind) each."""
    from builder.i18n import load_translations
    from builder.kinds import _AUDIENCE_KINDS, DOCUMENT_KINDS
    from builder.printing import print_html
    from builder.profile import load_profiles
    from builder.render import Renderer

    kit = {kind.name for kind in _AUDIENCE_KINDS}
    groups: dict[str, list] = {"audience kit": [], "family pieces": [], "booklets": []}
    for community in load_profiles(communities, ROOT / "sites"):
        level = community.profile.organisation.level.value
        for lang in community.profile.languages:
            renderer = Renderer(community, lang, ROOT / "templates", load_translations(ROOT / "locales", lang))
            for kind in DOCUMENT_KINDS.values():
                if kind.levels is not None and level not in kind.levels:
                    continue
                group = "booklets" if kind.parts else "audience kit" if kind.name in kit else "family pieces"
                html = print_html(renderer, kind, ROOT / "templates")[1]
                groups[group].append((f"{community.slug}/{kind.name}/{lang}", html, kind))
    return groups


def _cpu(work) -> float:
    started = time.process_time()
    work()
    return time.process_time() - started


def measure(group: list, rounds: int) -> dict:
    import weasyprint

    from builder.pdf import PdfError, PdfRenderer

    renderer = PdfRenderer()
    templates = ROOT / "templates"
    allowed = [templates, ROOT / "sites"]
    settled = []  # each document that fits its budget, with its page count
    retries_s = 0.0
    for _label, html, kind in group:
        try:
            first = _cpu(lambda html=html, kind=kind: renderer.render(html, templates.as_uri() + "/", allowed, kind.max_pages))
            result = renderer.render(html, templates.as_uri() + "/", allowed, kind.max_pages)
        except PdfError:
            continue
        once = _cpu(lambda html=html: renderer.render(html, templates.as_uri() + "/", allowed, None))
        retries_s += max(0.0, first - once) if result.font_size_pt < 11 else 0.0
        settled.append((html, result.pages))
    pages = sum(count for _, count in settled)
    builder_rounds, weasy_rounds = [], []
    for _ in range(rounds):  # side by side, round by round
        builder_rounds.append(
            sum(_cpu(lambda h=h: renderer.render(h, templates.as_uri() + "/", allowed, None)) for h, _ in settled)
        )
        weasy_rounds.append(
            sum(_cpu(lambda h=h: weasyprint.HTML(string=h, base_url=templates.as_uri() + "/").write_pdf()) for h, _ in settled)
        )
    builder_s, weasy_s = statistics.median(builder_rounds), statistics.median(weasy_rounds)
    return {
        "documents": len(settled),
        "pages": pages,
        "builder_ms_per_page": 1000 * builder_s / pages,
        "weasyprint_ms_per_page": 1000 * weasy_s / pages,
        "ratio": builder_s / weasy_s,
        "shrink_retries_s": retries_s,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--communities", default=None, help="comma-separated slugs (default: all)")
    args = parser.parse_args()
    groups = _pages(args.communities.split(",") if args.communities else None)
    print("| documents | count | pages | builder CPU per page | WeasyPrint CPU per page | ratio | shrink retries |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for name, group in groups.items():
        r = measure(group, args.rounds)
        print(
            f"| {name} | {r['documents']} | {r['pages']} | {r['builder_ms_per_page']:.0f} ms | "
            f"{r['weasyprint_ms_per_page']:.0f} ms | {r['ratio']:.2f}x | {r['shrink_retries_s']:.2f} s |",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
