"""The family worksheets, the pledge cards and the teacher's box: their write-in lines are PDF form fields, each
named (in English, the same in every language) and labelled for screen readers, and stand at least 8 mm apart."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import ROOT, copy_project, set_languages
from pypdf import PdfReader

from builder.pipeline import build

WORKSHEETS = {"success-plan": 14, "help-bank": 26, "pledge-card": 6}
"""Each worksheet's form fields: how many it has."""

TEACHER_FIELDS = {"teacher-name", "teacher-room", "teacher-hours", "teacher-contact"}

MM = 72 / 25.4
LINE_GAP_MM = 8


@pytest.fixture(scope="module")
def forms_built(tmp_path_factory) -> Path:
    """Oakland's worksheets and pledge cards (and the handout and letter, for the teacher's box), in
    English and Arabic, built into a copy of the project."""
    project = copy_project(tmp_path_factory.mktemp("forms") / "project")
    set_languages(project, "oakland", ["en", "ar"])
    (project.sites_dir / "oakland" / "schools.csv").unlink()  # its rows name the languages cut here
    build(project, ["oakland"], jobs=1, kinds=[*WORKSHEETS, "handout", "letter"])
    return project.output / "oakland"


def pdf(site: Path, kind: str, lang: str) -> PdfReader:
    return PdfReader(site / ("" if lang == "en" else lang) / "pdf" / f"oakland-{kind}-{lang}.pdf")


def widgets(reader: PdfReader) -> list[tuple[int, str, str, tuple[float, ...]]]:
    """Each form field's page, name (/T), accessible name (/TU) and rectangle."""
    found = []
    for number, page in enumerate(reader.pages):
        for annotation in page.get("/Annots") or ():
            annotation = annotation.get_object()
            if annotation.get("/Subtype") == "/Widget":
                found.append(
                    (number, str(annotation["/T"]), str(annotation.get("/TU", "")), tuple(map(float, annotation["/Rect"])))
                )
    return found


@pytest.mark.parametrize("kind", WORKSHEETS)
def test_worksheets_have_named_and_labelled_form_fields(forms_built, kind):
    english, arabic = pdf(forms_built, kind, "en"), pdf(forms_built, kind, "ar")
    fields = english.get_fields()
    assert fields and len(fields) == WORKSHEETS[kind]
    for name, field in fields.items():
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", name), f"{kind}: field {name!r} is not named in plain English"
        assert field.get("/FT") == "/Tx"
        label = str(field.get("/TU", ""))
        assert label.strip() and label != name, f"{kind}: field {name!r} has no accessible name"
        assert label.isascii(), f"{kind}: field {name!r} is labelled {label!r}, not in English"
    # The same fields in every language: a filled form means the same in each.
    assert set(arabic.get_fields()) == set(fields)
    assert len({label for _, _, label, _ in widgets(english)}) == WORKSHEETS[kind], "two fields share one accessible name"


@pytest.mark.parametrize("kind", WORKSHEETS)
def test_write_in_lines_stand_at_least_8_mm_apart(forms_built, kind):
    for lang in ("en", "ar"):
        found = widgets(pdf(forms_built, kind, lang))
        for index, (page, name, _, (x1, y1, x2, y2)) in enumerate(found):
            assert abs(y2 - y1) >= LINE_GAP_MM * MM - 0.5, f"{kind} ({lang}): {name} is shorter than 8 mm"
            for other_page, other, _, (u1, v1, u2, v2) in found[index + 1 :]:
                side_by_side = other_page != page or min(x2, u2) <= max(x1, u1) or abs(min(y1, y2) - min(v1, v2)) < 1
                if not side_by_side:
                    gap = abs(min(y1, y2) - min(v1, v2))
                    assert gap >= LINE_GAP_MM * MM, f"{kind} ({lang}): {name} and {other} are {gap / MM:.1f} mm apart"


def test_the_pledge_sheet_has_cards_in_each_language(forms_built):
    for lang in ("en", "ar"):
        reader = pdf(forms_built, "pledge-card", lang)
        assert len(reader.pages) == 1
        assert set(reader.get_fields()) == {f"card-{n}-child" for n in range(1, WORKSHEETS["pledge-card"] + 1)}


@pytest.mark.skipif(
    "partials/teacher-box.html" not in (ROOT / "templates/documents/handout.html").read_text(encoding="utf-8"),
    reason="the handout does not include the teacher's box yet",
)
@pytest.mark.parametrize("kind", ["handout", "letter"])
def test_the_handout_and_the_letter_have_a_fillable_teacher_box(forms_built, kind):
    for lang in ("en", "ar"):
        reader = pdf(forms_built, kind, lang)
        fields = reader.get_fields() or {}
        assert set(fields) == TEACHER_FIELDS, f"{kind} ({lang})"
        assert all(str(field.get("/TU", "")).strip() for field in fields.values())
        assert len(reader.pages) == 1
        text = reader.pages[0].extract_text() or ""
        assert "From your child" in text or lang != "en"
