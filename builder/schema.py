"""The declarative profile schema: every key a community profile may hold.

Each field carries a description; `toolkit schema` turns these models into a
JSON Schema for editors, and the README's profile reference is generated from
the same descriptions, so the two never disagree.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from enum import StrEnum
from typing import Annotated, ClassVar, Literal

from babel import Locale, UnknownLocaleError
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from . import contrast
from .kinds import TEXT_BLOCKS


def _check_local_text(value: object) -> object:
    # One clear message instead of pydantic's two (one per union member).
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and value and all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        return value
    raise ValueError("expected text, or a mapping of language code to text (for example `en: ...`, `es: ...`)")


def _check_language(value: object) -> object:
    if not isinstance(value, str):
        raise ValueError("expected a language code such as 'en' or 'zh-Hant'")
    try:
        Locale.parse(value, sep="-")
    except (ValueError, UnknownLocaleError):
        raise ValueError(f"expected a language code such as 'en', 'es' or 'zh-Hant', found {value!r}") from None
    return value


LocalText = Annotated[str | dict[str, str], BeforeValidator(_check_local_text)]
"""Text shown to families: one string, or one string per language code."""

LanguageCode = Annotated[str, BeforeValidator(_check_language)]
PHONE_PATTERN = r"^(\+|\(?[0-9])[0-9 ().\-]{1,24}$"
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$"
WEB_PATTERN = r"^https?://[^\s]+$"
COLOUR_PATTERN = r"^#[0-9A-Fa-f]{6}$"
HASHTAG_PATTERN = r"^#[A-Za-z][A-Za-z0-9_]*$"
IDENTIFIER_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
SCHOOL_YEAR_PATTERN = r"^\d{4}-\d{2}$"

UNPRINTABLE = ("Cc", "Cs", "Co", "Cn", "Zl", "Zp")
"""Unicode categories no value may hold: controls, lone surrogates, private-use and unassigned code
points, and the line and paragraph separators (U+2028, U+2029), which no font draws."""
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
"""Embeddings, overrides and isolates: in a value they could reorder the text around it (the builder adds
its own isolates where right-to-left text needs them)."""


def first_unprintable(text: str, allowed: str = "") -> str | None:
    """The first character of `text` that no page, PDF or terminal should be given, except those in `allowed`."""
    for char in text:
        if char not in allowed and (unicodedata.category(char) in UNPRINTABLE or char in BIDI_CONTROLS):
            return char
    return None


def unprintable_message(char: str) -> str:
    return f"expected printable text, found the control character U+{ord(char):04X}"


PATTERN_NAMES = {
    PHONE_PATTERN: "a phone number such as '(510) 555-0142' or '211'",
    EMAIL_PATTERN: "an e-mail address such as 'attendance@example.org'",
    WEB_PATTERN: "a web address starting with https:// or http://",
    COLOUR_PATTERN: "a colour written as '#RRGGBB', such as '#0B4F8A'",
    HASHTAG_PATTERN: "a hashtag such as '#SchoolEveryDay' (letters, digits and _ only)",
    IDENTIFIER_PATTERN: "an id of lowercase letters, digits and hyphens, such as 'food-bank'",
    SCHOOL_YEAR_PATTERN: "a school year such as '2023-24'",
}
"""What each pattern means, for error messages a coordinator can act on."""

Phone = Annotated[str, Field(pattern=PHONE_PATTERN, examples=["(510) 555-0142", "211"])]
Email = Annotated[str, Field(pattern=EMAIL_PATTERN)]
WebAddress = Annotated[str, Field(pattern=WEB_PATTERN, examples=["https://www.ousd.org/"])]
Colour = Annotated[str, Field(pattern=COLOUR_PATTERN, examples=["#0B4F8A"])]
Hashtag = Annotated[str, Field(pattern=HASHTAG_PATTERN, examples=["#SchoolEveryDay"])]
Identifier = Annotated[str, Field(pattern=IDENTIFIER_PATTERN)]


class Strict(BaseModel):
    """Base of every profile section: unknown keys are errors and values never change."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)

    example_covers: ClassVar[frozenset[str] | None] = None
    """The keys a section's `example: true` marks as SAMPLE; None for all of them."""


class Level(StrEnum):
    state = "state"
    county = "county"
    district = "district"


class Category(StrEnum):
    """Barriers that keep children home, in the order a resource sheet lists them."""

    health = "health"
    dental = "dental"
    mental_health = "mental-health"
    transportation = "transportation"
    housing = "housing"
    food = "food"
    child_care = "child-care"
    internet = "internet"
    family_support = "family-support"
    legal = "legal"
    crisis = "crisis"


class Partner(Strict):
    name: LocalText
    """Name of a partner organisation of the campaign."""
    website: WebAddress | None = None
    """The partner's web address."""
    example: bool = False
    """True when the partner or its web address is not a verified public fact; output shows it as SAMPLE."""


class District(Strict):
    name: str
    """Name of the school district."""
    example: bool = False
    """True when it is not a verified public fact that the district takes part; output shows it as SAMPLE."""


def _check_district(value: object) -> object:
    # A mapping is validated as a District here, so that a mistake in it gets one message, not one per form.
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return District.model_validate(value)
    raise ValueError("expected a district's name, or a mapping such as `{name: ..., example: true}`")


DistrictEntry = Annotated[str | District, BeforeValidator(_check_district)]
"""A district: its name, or a mapping with its name and an example mark."""


class Organisation(Strict):
    example_covers = frozenset({"name", "short_name", "website"})
    name: LocalText
    """Full name of the organisation that runs the campaign, e.g. 'Oakland Unified School District'."""
    short_name: LocalText | None = None
    """Short name used in running text, e.g. 'OUSD'. Defaults to the full name."""
    level: Level
    """Whether the organisation is a state agency, a county office or a school district."""
    website: WebAddress
    """The organisation's public web address, shown on the letter's letterhead and in the site's footer."""
    districts: list[DistrictEntry] = []
    """For a county or state: the school districts it serves, listed on the home page. Each is its name, or `{name: ..., example: true}` when not verified."""
    partners: list[Partner] = []
    """Organisations that run the campaign with it."""
    example: bool = False
    """True when the organisation's name, short name or web address is not a verified public fact; output shows it as SAMPLE. Partners and districts carry their own marks."""


class Campaign(Strict):
    example_covers = frozenset({"name", "slogan", "hashtags"})
    name: LocalText
    """The campaign's name, e.g. 'Every Day Counts'."""
    slogan: LocalText
    """A one-line slogan printed under the name."""
    hashtags: list[Hashtag] = Field(min_length=1)
    """Hashtags added to every social post: the national #SchoolEveryDay plus a local one."""
    start: dt.date
    """First day of the campaign (Attendance Awareness Month is September)."""
    end: dt.date
    """Last day of the campaign."""
    holidays: list[dt.date] = []
    """Days without school in the campaign's September (e.g. Labor Day, a teacher training day): the campaign calendar posts on every other weekday of September from `start` to `end`."""
    site_url: WebAddress | None = None
    """Where the campaign website is published; linked from social posts."""
    example: bool = False
    """True when the campaign's name, slogan or hashtags are not verified (the hashtags are added to every social post, so those posts show as SAMPLE too)."""

    @model_validator(mode="after")
    def _end_after_start(self) -> Campaign:
        if self.end < self.start:
            raise PydanticCustomError(
                "end_before_start",
                "expected `end` on or after `start` ({start}), found {end}",
                {"start": str(self.start), "end": str(self.end), "at": ("end",)},
            )
        return self


class Leader(Strict):
    name: str
    """Name of the person who signs the back-to-school letter."""
    title: LocalText
    """Their title, e.g. 'Superintendent'."""
    example: bool = False
    """True when this is not a verified public fact; output shows it as SAMPLE."""


class Proclaimer(Strict):
    name: str
    """Who signs the proclamation, e.g. 'Mayor Pat Example' or 'Board of Education'."""
    title: LocalText
    """Their office, e.g. 'Mayor of Oakland'."""
    place: LocalText | None = None
    """Where they proclaim, e.g. 'the City of Oakland'; the organisation's name when not set."""
    example: bool = False
    """True when this is not a verified public fact; output shows it as SAMPLE."""


class Proclaimers(Strict):
    """Who proclaims September Attendance Awareness Month, for each version of the proclamation; a version
    without one leaves lines to fill in by hand."""

    official: Proclaimer | None = None
    """An elected official or body: a mayor, a county board, a governor."""
    schools: Proclaimer | None = None
    """A superintendent or a school board."""
    community: Proclaimer | None = None
    """A community organisation."""


class Contact(Strict):
    name: LocalText
    """Office or person to contact."""
    phone: Phone | None = None
    """Telephone number as families would dial it."""
    email: Email | None = None
    """E-mail address."""
    website: WebAddress | None = None
    """Web page for this contact."""
    example: bool = False
    """True when any value here is invented; output shows it as SAMPLE."""


class Contacts(Strict):
    attendance: Contact
    """Where families call about absences and attendance support."""
    press: Contact
    """Media enquiries about the campaign."""
    accessibility: Contact | None = None
    """Who families ask for a document in another format or tell about a barrier on the site; named in the site's accessibility statement (the attendance contact when not set)."""


class Logo(Strict):
    file: str
    """SVG or PNG file, relative to the profile that sets it."""
    alt: LocalText = Field(min_length=1)
    """Alternative text read aloud in place of the logo."""


class Brand(Strict):
    primary: Colour
    """Main brand colour: links, headings and the background of the site header. Use a dark colour: `toolkit check` requires a contrast of at least 4.5:1 with white and with the light grey of contact boxes."""
    accent: Colour
    """Second colour, for decorative rules and borders only (never text), so it has no contrast requirement."""
    logo: Logo
    """The campaign or organisation logo."""

    @field_validator("primary", "accent")
    @classmethod
    def _readable(cls, colour: str, info: ValidationInfo) -> str:
        # contrast.PAIRINGS says where the theme puts each colour and the contrast each use needs.
        message = contrast.check(str(info.field_name), colour, info.data)
        if message:
            raise PydanticCustomError("low_contrast", "{message}", {"message": message, "at": ()})
        return colour


class Statistic(Strict):
    chronic_absence_percent: float = Field(ge=0, le=100)
    """Share of students chronically absent, in percent."""
    school_year: str = Field(pattern=SCHOOL_YEAR_PATTERN)
    """School year the figure describes, e.g. '2023-24'."""
    source: LocalText
    """Who published the figure."""
    example: bool = False
    """True when the figure is not a verified public fact; output shows it as SAMPLE."""


class Resource(Strict):
    id: Identifier
    """Stable identifier; a fork overrides or omits a parent's resource by this id."""
    category: Category
    """The barrier it helps with."""
    name: LocalText
    """Name of the service."""
    offers: LocalText
    """What it offers families, in one or two sentences."""
    phone: Phone | None = None
    """Telephone number."""
    website: WebAddress | None = None
    """Web address."""
    languages: list[LanguageCode] = ["en"]
    """Languages the service is offered in."""
    interpreters: bool = False
    """True when the service also offers interpreters for many other languages (988 and 2-1-1 do): the sheet says so, and its language filter shows the service for every language."""
    example: bool = False
    """True when the service or any of its values is invented; output shows it as SAMPLE."""
    omit: bool = False
    """In a fork: leave out the parent's resource with this id."""


class Profile(Strict):
    """A community's campaign toolkit: `sites/<slug>/profile.yaml`."""

    extends: str | None = None
    """Slug of the profile this one forks; everything not set here is inherited from it."""
    organisation: Organisation
    """Who runs the campaign."""
    campaign: Campaign
    """The campaign's name, slogan, hashtags and dates."""
    leader: Leader
    """The leader who signs the back-to-school letter."""
    proclaimers: Proclaimers = Proclaimers()
    """Who signs each version of the Attendance Awareness Month proclamation (optional)."""
    contacts: Contacts
    """Attendance and press contacts."""
    brand: Brand
    """Colours and logo."""
    page_size: Literal["Letter", "A4"] = "Letter"
    """Paper size of every PDF."""
    languages: list[LanguageCode] = Field(default=["en"], min_length=1)
    """Languages the toolkit is published in; the first is the site's default."""
    statistic: Statistic | None = None
    """A local chronic-absence figure for the handout."""
    resources: list[Resource] = []
    """Local services, grouped by category on the resource sheet."""
    extra_posts: list[LocalText] = []
    """Local social-media posts added after the shared ones (hashtags are appended)."""
    documents: dict[str, dict[str, LocalText]] = {}
    """The community's own wording of a document's text blocks, `documents: <kind>: <block>: text` (see [Document text blocks](#document-text-blocks)): inline Markdown (emphasis, links, lists), up to 4,000 characters per language. A block replaced in the first language only shows that text, marked with its language, in the others (with a warning). In a fork a block replaces the parent's whole, in every language."""

    @field_validator("resources")
    @classmethod
    def _unique_resource_ids(cls, resources: list[Resource]) -> list[Resource]:
        seen: set[str] = set()
        for index, resource in enumerate(resources):
            if resource.id in seen:
                raise PydanticCustomError(
                    "duplicate_id",
                    "expected unique resource ids, found '{id}' twice",
                    {"id": resource.id, "at": (index, "id")},
                )
            seen.add(resource.id)
        return resources

    @field_validator("documents", mode="before")
    @classmethod
    def _known_blocks(cls, documents: object) -> object:
        # Each kind and block named, like any unknown key, with the valid ones listed.
        if not isinstance(documents, dict):
            return documents
        for kind, blocks in documents.items():
            if kind not in TEXT_BLOCKS:
                raise PydanticCustomError(
                    "unknown_block",
                    "unknown document kind '{kind}' (valid keys here: {valid})",
                    {"kind": str(kind), "valid": ", ".join(TEXT_BLOCKS), "at": (kind,)},
                )
            for block in blocks if isinstance(blocks, dict) else ():
                if block not in TEXT_BLOCKS[kind]:
                    raise PydanticCustomError(
                        "unknown_block",
                        "unknown block '{block}' of the {kind} (valid keys here: {valid})",
                        {"block": str(block), "kind": kind, "valid": ", ".join(TEXT_BLOCKS[kind]), "at": (kind, block)},
                    )
        return documents

    @field_validator("languages")
    @classmethod
    def _english_offered(cls, languages: list[str]) -> list[str]:
        # English is the fallback for every untranslated text, so it must be built.
        if "en" not in languages:
            raise ValueError(f"expected a list that includes 'en', found {languages}")
        if len(set(languages)) != len(languages):
            raise ValueError(f"expected each language once, found {languages}")
        return languages


def json_schema() -> dict:
    """The JSON Schema of a profile, for editors' completion and validation."""
    schema = Profile.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Attendance campaign toolkit profile"
    return schema
