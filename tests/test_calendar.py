"""The campaign calendar (issue 17, item 3): a post for every school weekday of September, skipping the
holidays a profile lists, published in every language as an iCalendar file that parses (one all-day
event per post) and a CSV for social-media schedulers (`date,time,text,link`)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path

import pytest
from conftest import COMMUNITIES, copy_project

from builder import calendar
from builder.layout import Project
from builder.paths import calendar_path, language_prefix
from builder.pipeline import build
from builder.profile import load_profile

KIND = "campaign-calendar"
HOLIDAY = dt.date(2027, 9, 6)  # a Monday: Labor Day in 2027
WITH_HOLIDAY = "solano"


def test_the_posting_days_are_septembers_weekdays_from_start_to_end_less_the_holidays():
    days = calendar.posting_days(dt.date(2027, 9, 1), dt.date(2027, 9, 30))
    assert len(days) == 22 and days[0] == dt.date(2027, 9, 1) and days[-1] == dt.date(2027, 9, 30)
    assert all(day.weekday() < 5 and day.month == 9 for day in days)
    assert HOLIDAY not in calendar.posting_days(dt.date(2027, 9, 1), dt.date(2027, 9, 30), [HOLIDAY])
    # A campaign that runs past September (Connecticut's runs to the last day of school) posts in September.
    assert calendar.posting_days(dt.date(2027, 8, 20), dt.date(2028, 6, 15)) == days
    assert calendar.posting_days(dt.date(2027, 9, 15), dt.date(2027, 9, 17)) == [dt.date(2027, 9, d) for d in (15, 16, 17)]


def test_the_posts_cycle_through_the_messages_when_the_days_outnumber_them():
    days = calendar.posting_days(dt.date(2027, 9, 1), dt.date(2027, 9, 7))
    posts = calendar.calendar_posts(days, ["One.", "Two."], "https://example.org/", ["#SchoolEveryDay"])
    assert [post.message for post in posts] == ["One. #SchoolEveryDay", "Two. #SchoolEveryDay"] * 2 + ["One. #SchoolEveryDay"]
    assert posts[0].text == "One. https://example.org/ #SchoolEveryDay"


def test_long_lines_are_folded_at_75_octets_never_inside_a_character():
    posts = calendar.calendar_posts([HOLIDAY], ["مرحبا، " * 20 + "; \\ , end"], None, ["#SchoolEveryDay"])
    data = calendar.ics_calendar(posts, "Name, with; marks", "x-en", "example.org", dt.datetime(2027, 9, 1, tzinfo=dt.UTC))
    lines = data.split(b"\r\n")
    assert lines[-1] == b"" and all(len(line) <= 75 for line in lines)
    text = data.decode("utf-8")  # every folded piece is whole UTF-8
    assert "X-WR-CALNAME:Name\\, with\\; marks" in text
    assert "\\; \\\\ \\, end" in _unfold(text)


@pytest.fixture(scope="module")
def calendars(tmp_path_factory) -> Project:
    """Every community's campaign calendar, built once; one community lists a holiday."""
    project = copy_project(tmp_path_factory.mktemp("calendar") / "project")
    profile = project.sites_dir / WITH_HOLIDAY / "profile.yaml"
    # The shipped profiles list Labor Day: this one lists only the test's holiday.
    text = re.sub(r"\n  holidays: [^\n]*", "", profile.read_text(encoding="utf-8"))
    assert text.count("\n  end: 2027-09-30\n") == 1
    profile.write_text(text.replace("\n  end: 2027-09-30\n", f"\n  end: 2027-09-30\n  holidays: [{HOLIDAY}]\n"), encoding="utf-8")
    build(project, list(COMMUNITIES), kinds=[KIND], jobs=2)
    return project


def _expected_days(project: Project, slug: str) -> list[dt.date]:
    campaign = load_profile(slug, project.sites_dir).profile.campaign
    return calendar.posting_days(campaign.start, campaign.end, campaign.holidays)


@pytest.mark.parametrize("slug", COMMUNITIES)
def test_every_language_has_its_calendar_files_in_the_manifest(calendars, slug):
    profile = load_profile(slug, calendars.sites_dir).profile
    manifest = json.loads((calendars.output / slug / "manifest.json").read_text(encoding="utf-8"))
    entries = {(a["kind"], a["lang"], a["format"]): a for a in manifest["artifacts"]}
    for lang in profile.languages:
        for suffix in ("ics", "csv", "pdf", "html"):
            assert (KIND, lang, suffix) in entries, (slug, lang, suffix)
        for suffix in ("ics", "csv"):
            path = language_prefix(profile.languages, lang) + calendar_path(slug, lang, suffix)
            assert entries[(KIND, lang, suffix)]["path"] == path
            assert (calendars.output / slug / path).is_file()


@pytest.mark.parametrize("slug", COMMUNITIES)
def test_the_ics_parses_with_one_all_day_event_per_school_day(calendars, slug):
    profile = load_profile(slug, calendars.sites_dir).profile
    days = _expected_days(calendars, slug)
    assert days and HOLIDAY not in days  # every shipped profile lists Labor Day
    for lang in profile.languages:
        path = calendars.output / slug / language_prefix(profile.languages, lang) / calendar_path(slug, lang, "ics")
        data = path.read_bytes()
        assert data.endswith(b"\r\n") and b"\n" not in data.replace(b"\r\n", b"")
        assert all(len(line) <= 75 for line in data.split(b"\r\n"))
        events = _events(data.decode("utf-8"))
        assert [event["DTSTART;VALUE=DATE"] for event in events] == [day.strftime("%Y%m%d") for day in days]
        for event, day in zip(events, days, strict=True):
            assert event["DTEND;VALUE=DATE"] == (day + dt.timedelta(days=1)).strftime("%Y%m%d")
            assert event["SUMMARY"] and event["DESCRIPTION"] and event["DTSTAMP"].endswith("Z")
        assert len({event["UID"] for event in events}) == len(events)
        _parse_with_icalendar(data, days)


@pytest.mark.parametrize("slug", COMMUNITIES)
def test_the_csv_has_the_schedulers_columns_and_a_row_per_school_day(calendars, slug):
    profile = load_profile(slug, calendars.sites_dir).profile
    days = _expected_days(calendars, slug)
    link = str(profile.campaign.site_url) if profile.campaign.site_url else ""
    for lang in profile.languages:
        path = calendars.output / slug / language_prefix(profile.languages, lang) / calendar_path(slug, lang, "csv")
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
        assert rows[0] == ["date", "time", "text", "link"]
        assert [row[0] for row in rows[1:]] == [day.isoformat() for day in days]
        for row in rows[1:]:
            assert len(row) == 4 and dt.time.fromisoformat(row[1]) and row[2].strip() and row[3] == link
            assert all(tag.lower() in row[2].lower() for tag in profile.campaign.hashtags)


def test_a_holiday_is_skipped_in_the_calendar_files(calendars):
    profile = load_profile(WITH_HOLIDAY, calendars.sites_dir).profile
    assert profile.campaign.holidays == [HOLIDAY]
    lang = profile.languages[0]
    site = calendars.output / WITH_HOLIDAY
    ics = _unfold((site / calendar_path(WITH_HOLIDAY, lang, "ics")).read_text(encoding="utf-8"))
    assert f"DTSTART;VALUE=DATE:{HOLIDAY:%Y%m%d}" not in ics and "DTSTART;VALUE=DATE:20270907" in ics
    assert f"\n{HOLIDAY.isoformat()}," not in (site / calendar_path(WITH_HOLIDAY, lang, "csv")).read_text(encoding="utf-8")
    assert ics.count("BEGIN:VEVENT") == 21


def _unfold(text: str) -> str:
    """RFC 5545 §3.1: a line break followed by a space or tab continues the line before."""
    return text.replace("\r\n ", "").replace("\r\n\t", "")


def _events(text: str) -> list[dict[str, str]]:
    """The VEVENTs of a calendar, each a mapping of property (with its parameters) to value; checks that
    the calendar is one VCALENDAR with balanced components and a version and product id."""
    lines = _unfold(text).split("\r\n")
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR" and lines[-1] == ""
    properties = dict(line.split(":", 1) for line in lines[1:-2] if not line.startswith(("BEGIN:", "END:")))
    assert properties["VERSION"] == "2.0" and properties["PRODID"]
    events, current, depth = [], None, 0
    for line in lines[:-1]:
        name, _, value = line.partition(":")
        assert name and _, line
        if name == "BEGIN":
            depth += 1
            if value == "VEVENT":
                current = {}
        elif name == "END":
            depth -= 1
            if value == "VEVENT":
                events.append(current)
                current = None
        elif current is not None:
            assert name not in current, line
            current[name] = value
    assert depth == 0
    return events


def _parse_with_icalendar(data: bytes, days: list[dt.date]) -> None:
    """When the `icalendar` library is installed, it reads the file too."""
    try:
        import icalendar
    except ImportError:
        return
    parsed = icalendar.Calendar.from_ical(data)
    starts = [event.decoded("DTSTART") for event in parsed.walk("VEVENT")]
    assert starts == days


def test_a_calendar_path_is_under_calendar():
    assert calendar_path("oakland", "ar", "ics") == "calendar/oakland-campaign-calendar-ar.ics"
    assert Path(calendar_path("oakland", "en", "csv")).suffix == ".csv"
