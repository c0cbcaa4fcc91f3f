"""The campaign calendar's September: a post for every school weekday, as an iCalendar file and a CSV.

The days are September's weekdays from the campaign's start to its end, less the holidays the profile
lists; the posts are the shared September messages (`templates/partials/september-posts.html`) in
order, from the first again when September has more school days than messages. Each post is checked
against X's limit as the social posts are (`posts.compose_post`).

The iCalendar file (RFC 5545) has one all-day event per post; the CSV is what social-media schedulers
import: `date,time,text,link`, the link in its own column (a scheduler adds it to the post). Both are
made from the community's profile and the build alone, so the same inputs give the same bytes.
Standard library only.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .posts import compose_post, measure_post

SEPTEMBER = 9
POST_TIME = "08:00"
"""When a scheduler posts each day's message (local time), unless the coordinator changes it."""

PRODID = "-//School attendance toolkit//Campaign calendar//EN"
_LINE_OCTETS = 75
"""RFC 5545 §3.1: content lines are folded so that none is longer than 75 octets."""


@dataclass(frozen=True)
class CalendarPost:
    day: dt.date
    message: str
    """The message with the hashtags it lacks, without the link (the CSV's `text`)."""
    text: str
    """The whole post: message, link and hashtags, as it is posted (within X's 280)."""
    link: str | None


def posting_days(start: dt.date, end: dt.date, holidays: Iterable[dt.date] = ()) -> list[dt.date]:
    """The school days of the campaign's September: Monday to Friday from `start` to `end`, less `holidays`."""
    skipped = set(holidays)
    first = dt.date(start.year, SEPTEMBER, 1)
    days = (first + dt.timedelta(days=offset) for offset in range(30))
    return [day for day in days if start <= day <= end and day.weekday() < 5 and day not in skipped]


def calendar_posts(days: Sequence[dt.date], messages: Sequence[str], link: str | None, hashtags: list[str]) -> list[CalendarPost]:
    """One post for each day, the messages in order and from the first again when the days outnumber them.
    Raises ValueError if a post is too long for X (message, link and hashtags)."""
    if days and not messages:
        raise ValueError("the campaign calendar has school days but no September posts")
    posts = []
    for index, day in enumerate(days):
        message = messages[index % len(messages)]
        whole = compose_post(message, link, hashtags)
        posts.append(CalendarPost(day, measure_post(message, None, hashtags).text, whole.text, link))
    return posts


def ics_calendar(posts: Sequence[CalendarPost], name: str, uid_prefix: str, uid_domain: str, stamp: dt.datetime) -> bytes:
    """An iCalendar file with one all-day event per post: the message as its summary, the whole post as its
    description. `uid_prefix` and `uid_domain` make each event's UID unique to the community and language
    (RFC 5545 §3.8.4.7); `stamp` is its DTSTAMP, in UTC."""
    stamped = stamp.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_escape(name)}",
    ]
    for post in posts:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{uid_prefix}-{post.day.isoformat()}@{uid_domain}",
            f"DTSTAMP:{stamped}",
            f"DTSTART;VALUE=DATE:{post.day.strftime('%Y%m%d')}",
            f"DTEND;VALUE=DATE:{(post.day + dt.timedelta(days=1)).strftime('%Y%m%d')}",
            f"SUMMARY:{_escape(post.message)}",
            f"DESCRIPTION:{_escape(post.text)}",
            *([f"URL;VALUE=URI:{post.link}"] if post.link else []),
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines).encode("utf-8")


def scheduler_csv(posts: Sequence[CalendarPost], time: str = POST_TIME) -> bytes:
    """The posts for a social-media scheduler's bulk import: `date,time,text,link`, UTF-8, one row a post."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(("date", "time", "text", "link"))
    for post in posts:
        writer.writerow((post.day.isoformat(), time, post.message, post.link or ""))
    return out.getvalue().encode("utf-8")


def _escape(text: str) -> str:
    """A TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and line breaks escaped."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def _fold(line: str) -> str:
    """A content line folded at 75 octets (a space begins each continuation), never inside a character."""
    parts: list[str] = []
    current: list[str] = []
    size = 0
    for char in line:
        octets = len(char.encode("utf-8"))
        limit = _LINE_OCTETS if not parts else _LINE_OCTETS - 1  # a continuation's leading space counts
        if size + octets > limit:
            parts.append("".join(current))
            current, size = [], 0
        current.append(char)
        size += octets
    parts.append("".join(current))
    return "\r\n ".join(parts)
