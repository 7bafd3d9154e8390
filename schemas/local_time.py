"""The municipality's own time: moments are stored in UTC and read, dated and exported in Dutch time."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def local_day(moment: datetime.datetime) -> datetime.date:
    """The day a moment falls on in the Netherlands, as the public pages show it."""
    return moment.astimezone(AMSTERDAM).date()
