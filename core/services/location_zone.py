"""The time zone of a point on Earth, offline (timezonefinder's shipped boundaries)."""

from __future__ import annotations

from functools import cache
from zoneinfo import available_timezones

from timezonefinder import TimezoneFinder

UNSET_ZONES = ("UTC", "Etc/UTC")  # a person still on these never chose a zone


@cache
def _finder() -> TimezoneFinder:
    return TimezoneFinder()


def zone_at(latitude: float, longitude: float) -> str | None:
    """The IANA zone of a place on land ('Africa/Ouagadougou'), or None (at sea, off Earth)."""
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return None
    zone = _finder().timezone_at(lat=latitude, lng=longitude)
    if zone is None or zone.startswith("Etc/") or zone not in available_timezones():
        return None  # the open sea has hour offsets only: no place to name
    return zone
