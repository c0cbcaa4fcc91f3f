"""Make the README's gallery: small first-page pictures of the pieces a community gets.

    .venv/bin/python docs/gallery/make_gallery.py            # (or: make gallery) writes docs/gallery/*.png
    .venv/bin/python docs/gallery/make_gallery.py --out docs/gallery/before --project <an older checkout>

It builds Oakland (English, and Arabic for a right-to-left page) into a temporary folder, draws the first
page of the handout, letter, poster and booklet, takes a share image, and photographs the home page at
phone size in Debian's chromium. Each picture is reduced to a small palette PNG: the folder is committed,
so all of it stays under 1 MB.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[2]
WIDTH = 300
"""Pixels across each picture: enough to see the layout, small enough to commit."""
PIECES = (
    ("handout", "pdf/oakland-handout-en.pdf"),
    ("handout-secondary", "pdf/oakland-handout-secondary-en.pdf"),
    ("letter", "pdf/oakland-letter-en.pdf"),
    ("poster", "pdf/oakland-poster-en.pdf"),
    ("booklet-cover", "pdf/oakland-booklet-en.pdf"),
    ("handout-ar", "ar/pdf/oakland-handout-ar.pdf"),
    ("talking-points-teachers", "pdf/oakland-talking-points-teachers-en.pdf"),
    ("proclamation", "pdf/oakland-proclamation-official-en.pdf"),
)
CHROMIUM = "/usr/bin/chromium"


def _small(source: Path, target: Path, width: int = WIDTH) -> None:
    """`source` scaled to `width` pixels across and reduced to 64 colours."""
    with Image.open(source) as image:
        image = image.convert("RGB")
        height = round(image.height * width / image.width)
        image = image.resize((width, height), Image.Resampling.LANCZOS)
        image.quantize(colors=64, method=Image.Quantize.MEDIANCUT).save(target, optimize=True)


def _first_page(pdf: Path, target: Path, work: Path) -> None:
    stem = work / target.stem
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(stem)], check=True)
    _small(stem.with_suffix(".png"), target)


def _phone(page: Path, target: Path, work: Path) -> None:
    """The page as a 375 x 812 phone shows its first screen."""
    shot = work / f"{target.stem}-full.png"
    subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=375,812",
         f"--screenshot={shot}", page.as_uri()],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    _small(shot, target, width=WIDTH * 375 // 612)


def make_gallery(project_root: Path, out: Path) -> list[Path]:
    """Build Oakland from `project_root` and write the gallery's pictures into `out`."""
    sys.path.insert(0, str(project_root))  # the builder of the checkout being pictured
    import builder
    from builder.pipeline import Project, build

    assert Path(builder.__file__).is_relative_to(project_root), f"imported {builder.__file__}, not {project_root}'s builder"
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as temporary:
        work = Path(temporary)
        project = work / "project"
        for folder in ("templates", "sites", "locales"):
            shutil.copytree(project_root / folder, project / folder)
        build(Project(project), ["oakland"], jobs=2)
        site = project / "output" / "oakland"
        written = []
        for name, path in PIECES:
            if (site / path).is_file():
                _first_page(site / path, out / f"{name}.png", work)
                written.append(out / f"{name}.png")
        card = next(iter(sorted((site / "cards").glob("*-1080x1080-en.png"))), None)
        if card is not None:
            _small(card, out / "share-image.png", width=WIDTH * 2 // 3)
            written.append(out / "share-image.png")
        _phone(site / "index.html", out / "home-phone.png", work)
        written.append(out / "home-phone.png")
    return written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", type=Path, default=ROOT, help="the checkout to picture (default: this one)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "gallery")
    args = parser.parse_args()
    written = make_gallery(args.project.resolve(), args.out)
    total = sum(path.stat().st_size for path in written)
    print(f"wrote {len(written)} pictures to {args.out} ({total / 1024:.0f} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
