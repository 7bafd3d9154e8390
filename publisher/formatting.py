"""Dates and moments as a Dutch (or English) reader expects them."""

from __future__ import annotations

import datetime

from schemas.local_time import AMSTERDAM, local_day

MONTHS = {
    "nl": ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
           "november", "december"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"),
}


def format_date(value: datetime.date | datetime.datetime, lang: str = "nl") -> str:
    if isinstance(value, datetime.datetime):
        value = local_day(value)
    month = MONTHS["en" if lang == "en" else "nl"][value.month - 1]
    return f"{value.day} {month} {value.year}"


def format_moment(value: datetime.datetime, lang: str = "nl") -> str:
    local = value.astimezone(AMSTERDAM)
    return f"{format_date(local, lang)}, {local:%H:%M}"
