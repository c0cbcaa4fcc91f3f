"""The kinds of document a toolkit holds, and the pages only its website has: the one registry.

Standard library only: the plan, the workers and `toolkit serve` read it without loading Jinja.
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import UsageError

AUDIENCES = (
    "families",
    "teachers and principals",
    "superintendents and school boards",
    "health providers",
    "community and faith groups",
    "local leaders",
    "media",
    "state agencies",
)
"""Who a document or page is written for: the one list every part of the builder uses (the home page groups
the documents by it, the manifest names it, a page's front matter picks from it)."""


@dataclass(frozen=True)
class DocumentKind:
    name: str
    template: str
    max_pages: int | None
    exact_pages: bool = False
    """True when the document must fill exactly `max_pages` (a one-page handout), not merely fit."""
    paper: dict[str, str] | None = None
    """CSS page size for this kind by the profile's page size (a poster: Tabloid, 11 x 17 in, for Letter; A3 for A4)."""
    parts: tuple[str, ...] = ()
    """Other kinds this one binds together, each from its own template (the booklet); such a kind is print only."""
    blocks: tuple[str, ...] = ()
    """The named text blocks of its template a profile may replace (`documents: <kind>: <block>:`). Stable
    names: later versions add blocks, never rename them."""
    base: str | None = None
    """For a version of another kind (the handout for families of older students): that kind's name. The
    version's template extends the base's and replaces the parts that differ."""
    variant: str | None = None
    """The version's name (`secondary`): the kind is named `<base>-<variant>`, which is its path segment
    (`<slug>-handout-secondary-<lang>.pdf`) and its key under `documents:`; the manifest gives it apart."""
    audiences: tuple[str, ...] = ("families",)
    """Who it is written for (of AUDIENCES), the first being its main reader: the home page lists it under each,
    the manifest names the first."""
    in_menu: bool = True
    """True when the site's menu lists its page; the audience kit's pieces are found from the home page's
    section for each reader (and the downloads page), so the menu stays short."""
    levels: tuple[str, ...] | None = None
    """The organisation levels (`organisation.level`) whose toolkit has it; None for every level (talking
    points for state agencies are only in a state's toolkit)."""

    def __post_init__(self):
        unknown = [audience for audience in self.audiences if audience not in AUDIENCES]
        if unknown:
            raise ValueError(f"{self.name}: unknown audience {unknown}; known: {AUDIENCES}")

    @property
    def on_web(self) -> bool:
        """True when the document is also a page of the website (a booklet is only a PDF of pages that are)."""
        return not self.parts

    @property
    def family(self) -> str:
        """The kind a version belongs to (`handout` for `handout-secondary`), as the manifest names it."""
        return self.base or self.name

    def templates(self) -> list[str]:
        """Every document template this kind's content comes from."""
        # A version's template extends its base kind's; a family of versions without a kind of its own
        # (talking points) extends a layout in partials/, which every document's digest covers already.
        base = DOCUMENT_KINDS.get(self.base) if self.base else None
        own = [self.template, *([base.template] if base else [])]
        return own + [template for part in self.parts for template in DOCUMENT_KINDS[part].templates()]


HANDOUT_BLOCKS = ("lead", "facts", "tips", "stay-home", "help")
FOR_FAMILIES = ("families", "teachers and principals", "health providers", "community and faith groups")
"""Who reads or hands out the family pieces: families first, then the schools, clinics and groups that give them out."""

TALKING_POINTS = {
    "families": "families",
    "teachers": "teachers and principals",
    "superintendents": "superintendents and school boards",
    "health": "health providers",
    "community": "community and faith groups",
    "leaders": "local leaders",
    "media": "media",
    "state": "state agencies",
}
"""The versions of the talking points (`talking-points-<variant>`), one per audience."""

PROCLAMATIONS = {
    "official": "local leaders",
    "schools": "superintendents and school boards",
    "community": "community and faith groups",
}
"""Who proclaims September Attendance Awareness Month (`proclamation-<variant>`): an elected official (a mayor,
a county board, a governor), a superintendent or school board, a community organisation."""


def _one_page(name: str, audiences: tuple[str, ...], blocks: tuple[str, ...], **more) -> DocumentKind:
    return DocumentKind(name, f"documents/{name}.html", max_pages=1, audiences=audiences, blocks=blocks, in_menu=False, **more)


_AUDIENCE_KINDS = (
    *(
        DocumentKind(
            f"talking-points-{variant}",
            f"documents/talking-points-{variant}.html",
            max_pages=2,
            blocks=("intro", "points", "asks"),
            base="talking-points",
            variant=variant,
            audiences=(audience,),
            in_menu=False,
            levels=("state",) if variant == "state" else None,
        )
        for variant, audience in TALKING_POINTS.items()
    ),
    _one_page("conference-guide", ("teachers and principals",), ("intro", "openers", "questions", "referrals")),
    _one_page("call-to-action", ("superintendents and school boards",), ("intro", "pledges", "closing")),
    _one_page("advocacy-brief", ("teachers and principals", "superintendents and school boards"), ("intro", "asks", "closing")),
    DocumentKind(
        "press-release",
        "documents/press-release.html",
        max_pages=2,
        audiences=("media", "state agencies"),
        blocks=("headline", "body", "quote", "about"),
        in_menu=False,
    ),
    _one_page("op-ed", ("media", "local leaders"), ("headline", "body")),
    _one_page("newsletter-article", ("community and faith groups", "teachers and principals"), ("headline", "body")),
    _one_page("robocall-script", ("teachers and principals", "superintendents and school boards"), ("voice", "text-message")),
    *(
        _one_page(
            f"psa-script-{seconds}", ("media", "community and faith groups"), ("script",), base="psa-script", variant=seconds
        )
        for seconds in ("30", "60")
    ),
    *(
        _one_page(
            f"proclamation-{variant}",
            (audience, "state agencies") if variant == "official" else (audience,),
            ("whereas", "proclaims"),
            base="proclamation",
            variant=variant,
        )
        for variant, audience in PROCLAMATIONS.items()
    ),
)
"""The kit for every audience (talking points, school and leader pieces, media pieces, proclamations)."""

_TOOL_KINDS = (
    # Family worksheets: printable with writing lines, and fillable PDF form fields named for screen readers.
    _one_page("success-plan", ("families", "teachers and principals"), ("intro", "goals", "routines")),
    _one_page("help-bank", ("families", "teachers and principals"), ("intro", "helpers")),
    # Several pledge cards to a sheet, with cut marks.
    _one_page("pledge-card", ("families", "teachers and principals", "community and faith groups"), ("pledge",)),
    # The campaign's plan month by month, with a post for every weekday of September (.ics and .csv too).
    DocumentKind(
        "campaign-calendar",
        "documents/campaign-calendar.html",
        max_pages=4,
        audiences=("community and faith groups", "teachers and principals", "local leaders"),
        blocks=("intro", "spring", "early-summer", "late-summer", "september"),
        in_menu=False,
    ),
    # Slides (16:9) for the coalition's first meeting or a school board.
    DocumentKind(
        "coalition-deck",
        "documents/coalition-deck.html",
        max_pages=10,
        paper={"Letter": "13.333in 7.5in", "A4": "338.7mm 190.5mm"},
        audiences=("local leaders", "superintendents and school boards", "community and faith groups"),
        blocks=("why", "figure", "partners", "asks"),
        in_menu=False,
    ),
    # Promotional formats beyond the poster: one message each.
    _one_page(
        "banner",
        ("teachers and principals", "community and faith groups"),
        ("message",),
        paper={"Letter": "72in 36in", "A4": "1830mm 915mm"},
    ),
    _one_page(
        "billboard",
        ("local leaders", "community and faith groups"),
        ("message",),
        paper={"Letter": "48in 14in", "A4": "1219mm 356mm"},
    ),
)
"""The kit's working tools (issue 17): worksheets, pledge cards, the campaign calendar, slides, banner, billboard."""

DOCUMENT_KINDS = {
    kind.name: kind
    for kind in (
        DocumentKind(
            "handout",
            "documents/handout.html",
            max_pages=1,
            exact_pages=True,
            blocks=HANDOUT_BLOCKS,
            audiences=FOR_FAMILIES,
        ),
        # Families of middle and high school students: their own lead, facts and tips; the rest is the handout's.
        DocumentKind(
            "handout-secondary",
            "documents/handout-secondary.html",
            max_pages=1,
            exact_pages=True,
            blocks=HANDOUT_BLOCKS,
            base="handout",
            variant="secondary",
            audiences=FOR_FAMILIES,
        ),
        DocumentKind(
            "letter",
            "documents/letter.html",
            max_pages=1,
            exact_pages=True,
            blocks=("greeting", "body", "closing"),
            audiences=("families", "teachers and principals", "superintendents and school boards"),
        ),
        DocumentKind("resource-sheet", "documents/resource-sheet.html", max_pages=2, blocks=("lead",), audiences=FOR_FAMILIES),
        DocumentKind(
            "social-posts",
            "documents/social-posts.html",
            max_pages=None,
            # Each shared post is a block of plain text (no Markdown: a post is pasted as it is).
            blocks=("lead", "awareness-month", "absences-add-up", "routines", "help", "not-truancy", "thanks"),
            audiences=("community and faith groups", "teachers and principals", "local leaders", "media", "state agencies"),
        ),
        DocumentKind(
            "poster",
            "documents/poster.html",
            max_pages=1,
            exact_pages=True,
            paper={"Letter": "11in 17in", "A4": "A3"},
            blocks=("headline", "key-fact", "call-to-action", "actions"),
            audiences=("teachers and principals", "community and faith groups", "health providers"),
        ),
        *_AUDIENCE_KINDS,
        *_TOOL_KINDS,
        # The whole toolkit in one PDF on the profile's paper: cover, contents, then each document from its own template.
        DocumentKind(
            "booklet",
            "documents/booklet.html",
            max_pages=None,
            parts=("handout", "handout-secondary", "letter", "resource-sheet", "social-posts"),
            blocks=("cover-subtitle",),
            audiences=("teachers and principals",),
        ),
    )
}
"""The documents of a toolkit, each rendered as a web page and a PDF."""


TEXT_BLOCKS = {kind.name: kind.blocks for kind in DOCUMENT_KINDS.values() if kind.blocks}
"""The text blocks a profile may replace, by document kind."""


def kinds_for(level: str) -> list[DocumentKind]:
    """The document kinds of a toolkit whose organisation is at `level` (state, county or district), in order."""
    return [kind for kind in DOCUMENT_KINDS.values() if kind.levels is None or level in kind.levels]


def select_kinds(names: list[str] | None) -> dict[str, DocumentKind]:
    """The document kinds to build, in their usual order; all of them when `names` is empty."""
    unknown = sorted(set(names or ()) - DOCUMENT_KINDS.keys())
    if unknown:
        raise UsageError(f"no document kind named {', '.join(map(repr, unknown))}; known: {', '.join(DOCUMENT_KINDS)}")
    return {name: kind for name, kind in DOCUMENT_KINDS.items() if not names or name in names}


SITE_PAGES = {
    kind.name: kind
    for kind in (
        DocumentKind("home", "pages/home.html", max_pages=None),
        DocumentKind("downloads", "pages/downloads.html", max_pages=None),
        DocumentKind("accessibility", "pages/accessibility.html", max_pages=None),
        DocumentKind("search", "pages/search.html", max_pages=None),
        DocumentKind("404", "pages/404.html", max_pages=None),
    )
}
"""Pages that exist only on the website."""


CUSTOM_PAGE = DocumentKind("page", "pages/page.html", max_pages=None)
"""A coordinator's own page (`sites/<slug>/pages/<name>.md`), wrapped by its template."""

SCHOOL_KINDS = ("handout", "handout-secondary", "letter")
"""The documents a school's own edition may hold (from `schools.csv`); `edition_kinds` chooses by its grades."""

LAST_ELEMENTARY_GRADE = 5


def edition_kinds(grades: tuple[int, int] | None) -> tuple[str, ...]:
    """The documents of a school's edition: the letter, and the handout for the grades it teaches (both for
    a K-8 school; the handout for younger children when its grades are not given)."""
    if grades is None:
        return ("handout", "letter")
    low, high = grades
    handouts = (("handout",) if low <= LAST_ELEMENTARY_GRADE else ()) + (
        ("handout-secondary",) if high > LAST_ELEMENTARY_GRADE else ()
    )
    return (*handouts, "letter")
