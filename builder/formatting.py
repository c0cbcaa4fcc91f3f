"""Dates, numbers and lists written the locale's way, with Babel."""

from __future__ import annotations

import copy
import datetime as dt
import functools

from babel import Locale, localedata
from babel.dates import format_date, format_interval
from babel.lists import format_list
from babel.numbers import format_decimal


@functools.cache
def page_locale(lang: str) -> Locale:
    """The Babel locale that formats dates, numbers and lists in `lang`, with locale data of its own.

    Babel resolves an alias in its locale data (stand-alone month names → format month names) by
    writing the result back into dictionaries that locales share with their parent locale. Once
    zh-Hant had resolved one, a language loaded later printed "9月" for September (seen in Filipino
    letters rendered after Chinese ones). A private copy of the data keeps each language to itself.
    """
    locale = Locale.parse(lang, sep="-")
    identifier = getattr(locale, "_Locale__data_identifier", str(locale))
    data = copy.deepcopy(dict(localedata.load(identifier)))
    locale._Locale__data = localedata.LocaleDataDict(data)  # type: ignore[attr-defined,arg-type]
    return locale


def date(value: dt.date, locale: Locale, format: str = "long") -> str:
    return format_date(value, format=format, locale=locale)


def date_range(start: dt.date, end: dt.date, locale: Locale) -> str:
    return format_interval(start, end, skeleton="yMMMd", locale=locale)


def number(value: float, locale: Locale, digits: int = 1) -> str:
    return format_decimal(value, format=f"#,##0.{'#' * digits}", locale=locale)


def list_of(items: list, locale: Locale) -> str:
    return format_list([str(item) for item in items], locale=locale)
