"""The booklet (the whole toolkit in one PDF) and per-school editions from schools.csv."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import COMMUNITIES, ROOT, built_pdf, built_pdf_text, copy_project, kind_name

from builder.errors import ProfileError
from builder.i18n import load_translations
from builder.kinds import DOCUMENT_KINDS, edition_kinds
from builder.pipeline import Project, build, check
from builder.profile import load_profile

BOOKLET_PARTS = DOCUMENT_KINDS["booklet"].parts


def _booklet(built, slug: str, lang: str) -> Path:
    languages = load_profile(slug, ROOT / "sites").profile.languages
    prefix = "" if lang == languages[0] else f"{lang}/"
    return built.output / slug / f"{prefix}pdf/{slug}-booklet-{lang}.pdf"


@pytest.mark.parametrize("slug,lang", [(slug, "en") for slug in COMMUNITIES] + [("oakland", "ar"), ("oakland", "zh-Hant")])
def test_booklet_contents_give_the_pages_where_each_document_starts(built, slug, lang):
    path = _booklet(built, slug, lang)
    reader = built_pdf(path)
    pages = list(built_pdf_text(path))
    cover, contents = pages[0], pages[1]
    name = load_profile(slug, ROOT / "sites").profile.campaign.name
    assert _squeezed(name if isinstance(name, str) else name[lang]) in _squeezed(cover)
    # Each line of the contents ends with the page number the print stylesheet computed.
    printed = [int(number) for number in re.findall(r"\.{3,}\s*(\d+)", contents)]
    assert len(printed) == len(BOOKLET_PARTS), contents
    starts = {name: reader.get_destination_page_number(dest) + 1 for name, dest in reader.named_destinations.items()}
    actual = [starts[f"part-{part}"] for part in BOOKLET_PARTS]
    assert printed == actual
    assert actual == sorted(actual) and actual[0] == 3  # cover, contents, then the documents in order
    # And a document really starts there: its title is on that page (the letter's title is for screen readers only).
    outline_titles = [item["/Title"] for item in reader.outline if not isinstance(item, list)][1:]
    for title, page in zip(outline_titles, actual, strict=True):
        assert _squeezed(title) in _squeezed(pages[page - 1]), (title, page)


def _squeezed(text: str) -> str:
    """Text without spaces, line breaks or direction marks (a narrow box breaks a title over lines)."""
    return re.sub(r"[\s\u2066-\u2069]", "", text)


def test_booklet_marks_every_page_sample_when_a_document_in_it_shows_an_example(built):
    pages = built_pdf_text(_booklet(built, "oakland", "en"))
    assert len(pages) >= 6
    for number, page in enumerate(pages, start=1):
        assert "SAMPLE" in page, f"page {number}"


def _manifest(built, slug):
    return json.loads((built.output / slug / "manifest.json").read_text())


def test_every_school_gets_the_handouts_for_its_grades_and_a_letter_in_each_of_its_languages(built):
    schools = check(Project(ROOT), ["oakland"])[0].schools
    assert len(schools.schools) == len((ROOT / "sites" / "oakland" / "schools.csv").read_text().splitlines()) - 1
    assert not schools.problems
    listed = [a for a in _manifest(built, "oakland")["artifacts"] if "school" in a]
    expected = {(s.slug, kind, lang) for s in schools.schools for lang in s.languages for kind in edition_kinds(s.grades)}
    assert {(a["school"], kind_name(a), a["lang"]) for a in listed} == expected
    assert len(listed) == len(expected)
    # A middle school gets the handout for older students only; a K-8 school both.
    by_school = {slug: {kind for s, kind, _ in expected if s == slug} for slug, _, _ in expected}
    assert by_school["lakeshore-heights-middle-school"] == {"handout-secondary", "letter"}
    assert by_school["bayview-terrace-k-8-school"] == {"handout", "handout-secondary", "letter"}
    assert by_school["maple-grove-elementary-school"] == {"handout", "letter"}
    for school in schools.schools:
        folder = built.output / "oakland" / "schools" / school.slug
        for lang in school.languages:
            # Every shipped row is example data: each document says SAMPLE, in its own language.
            sample = load_translations(ROOT / "locales", lang).gettext("SAMPLE")
            (letter,) = built_pdf_text(folder / f"{school.slug}-letter-{lang}.pdf")
            assert school.principal in letter and school.phone in letter and sample in letter
            if lang == "en":
                assert school.name in letter
            for kind in edition_kinds(school.grades)[:-1]:  # its handouts
                (handout,) = built_pdf_text(folder / f"{school.slug}-{kind}-{lang}.pdf")
                assert school.phone in handout and school.email in handout and sample in handout, (school.slug, kind, lang)
                if lang == "en":
                    assert school.name.upper() in handout.upper()
    other = [a for slug in ("solano", "connecticut") for a in _manifest(built, slug)["artifacts"] if "school" in a]
    assert other == []


BAD_CSV = """school,principal,contact_name,phone,email,languages,example
Good Example School,Pat Doe,Lee Kim,(860) 555-0140,good@example.org,en es,yes
Bad Phone School,Pat Doe,Lee Kim,call us,bad@example.org,en,yes
Short Row School,Pat Doe,Lee Kim,(860) 555-0141
"Quoted, Name School",Pat Doe,,(860) 555-0142,quoted@example,en ko,maybe
"""


def test_bad_school_rows_are_reported_by_line_and_the_others_still_build(tmp_path):
    project = copy_project(tmp_path)
    (project.sites_dir / "connecticut" / "schools.csv").write_text(BAD_CSV)
    report = build(project, ["connecticut"], kinds=["handout", "letter"], jobs=1)
    warnings = [w for w in report.warnings if "schools.csv" in w]
    assert warnings == [
        "sites/connecticut/schools.csv:3:1: phone: expected a phone number such as '(510) 555-0142' or '211', found 'call us'; this school is left out",
        "sites/connecticut/schools.csv:4:1: expected 7 cells as in the header, found 4; this school is left out",
        "sites/connecticut/schools.csv:5:1: contact_name: expected a value, found an empty cell; this school is left out",
        "sites/connecticut/schools.csv:5:1: email: expected an e-mail address such as 'attendance@example.org', found 'quoted@example'; this school is left out",
        "sites/connecticut/schools.csv:5:1: languages: expected some of the community's languages (en es pt), found ko; this school is left out",
        "sites/connecticut/schools.csv:5:1: example: expected yes or no, found 'maybe'; this school is left out",
    ]
    built_schools = {a["school"] for a in _manifest(project, "connecticut")["artifacts"] if "school" in a}
    assert built_schools == {"good-example-school"}
    with pytest.raises(ProfileError) as caught:
        check(project, ["connecticut"])
    assert [p.line for p in caught.value.problems] == [3, 4, 5, 5, 5, 5]


def test_a_schools_csv_without_a_required_column_names_the_columns(tmp_path):
    project = copy_project(tmp_path)
    (project.sites_dir / "solano" / "schools.csv").write_text("school,principal,phone\nA School,Pat Doe,(707) 555-0100\n")
    with pytest.raises(ProfileError) as caught:
        check(project, ["solano"])
    (problem,) = caught.value.problems
    assert str(problem) == (
        "sites/solano/schools.csv:1:1: expected the columns school, principal, contact_name, phone, email, languages, grades, "
        "example (grades and example optional), each once; missing contact_name, email, languages"
    )


def test_downloads_page_links_each_schools_edition_in_that_language(built):
    schools = check(Project(ROOT), ["oakland"])[0].schools.schools
    for lang, page in (("en", "downloads.html"), ("es", "es/downloads.html"), ("ar", "ar/downloads.html")):
        html = (built.output / "oakland" / page).read_text()
        links = re.findall(r'href="((?:\.\./)?schools/[^"]+)"', html)
        expected = {s.slug for s in schools if lang in s.languages}
        assert {link.split("/")[-2] for link in links} == expected, lang
        for link in links:
            assert (built.output / "oakland" / page).parent.joinpath(link).resolve().is_file(), link
        assert "sample-banner" in html  # the shipped schools are invented


def test_a_schools_grades_choose_its_handouts_and_a_bad_cell_is_named(tmp_path):
    from builder.schools import load_schools

    path = tmp_path / "schools.csv"
    rows = ["TK-5", "9-12", "k–8", "", "7-3", "middle"]
    path.write_text(
        "school,principal,contact_name,phone,email,languages,grades\n"
        + "".join(f"School {n},Pat Doe,Lee Kim,211,s{n}@example.org,en,{grades}\n" for n, grades in enumerate(rows)),
        encoding="utf-8",
    )
    loaded = load_schools(path, "sites/x/schools.csv", ["en"])
    assert [edition_kinds(s.grades) for s in loaded.schools] == [
        ("handout", "letter"),
        ("handout-secondary", "letter"),
        ("handout", "handout-secondary", "letter"),
        ("handout", "letter"),  # grades not given: the handout for younger children, as before
    ]
    assert [str(p) for p in loaded.problems] == [
        f"sites/x/schools.csv:{line}:1: grades: expected grades such as K-5, 6-8 or 9-12, found {cell!r}"
        for line, cell in ((6, "7-3"), (7, "middle"))
    ]
