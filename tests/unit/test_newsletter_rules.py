"""Digest periods and local send times, item filters, the STOP words."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from core.domain.kinds import Frequency
from core.domain.newsletter import current_period, is_stop_word, matches, next_period

PARIS, LIMA = ZoneInfo("Europe/Paris"), ZoneInfo("America/Lima")


@pytest.mark.parametrize("word", ["STOP", "stop", "Arrêt", "ARRET", "alto!", "Parar", " baja "])
def test_stop_words_in_three_languages(word: str) -> None:
    assert is_stop_word(word)


@pytest.mark.parametrize("text", ["stop the rain", "non-stop", "arrêter le labour", ""])
def test_other_text_is_not_a_stop(text: str) -> None:
    assert not is_stop_word(text)


def test_weekly_digest_leaves_monday_0800_local_in_each_zone() -> None:
    # Monday 16 November 2026, 07:30 UTC: 08:30 in Paris, 02:30 in Lima.
    now = datetime(2026, 11, 16, 7, 30, tzinfo=UTC)
    paris = current_period(Frequency.WEEKLY, now, PARIS)
    lima = current_period(Frequency.WEEKLY, now, LIMA)
    assert paris.label == "2026-W47"
    assert paris.send_at == datetime(2026, 11, 16, 7, 0, tzinfo=UTC)
    assert lima.label == "2026-W46"  # Lima's Monday 08:00 has not come yet
    assert lima.send_at == datetime(2026, 11, 9, 13, 0, tzinfo=UTC)
    assert lima.previous_send_at == datetime(2026, 11, 2, 13, 0, tzinfo=UTC)


def test_monthly_digest_on_the_first_and_across_new_year() -> None:
    now = datetime(2027, 1, 1, 6, 0, tzinfo=UTC)  # 07:00 in Paris: not yet
    period = current_period(Frequency.MONTHLY, now, PARIS)
    assert period.label == "2026-12"
    assert period.previous_send_at == datetime(2026, 11, 1, 7, 0, tzinfo=UTC)
    later = current_period(Frequency.MONTHLY, datetime(2027, 1, 1, 7, 0, tzinfo=UTC), PARIS)
    assert later.label == "2027-01"


def test_next_period_is_the_first_send_after_now() -> None:
    now = datetime(2026, 11, 18, 12, 0, tzinfo=UTC)
    upcoming = next_period(Frequency.WEEKLY, now, PARIS)
    assert upcoming.label == "2026-W48"
    assert upcoming.previous_send_at <= now < upcoming.send_at


def test_filters_empty_means_everything_and_worldwide_items_reach_regions() -> None:
    assert matches("news", "europe", frozenset(), frozenset())
    assert matches("news", None, frozenset({"news"}), frozenset({"west-africa"}))
    assert not matches("news", "europe", frozenset(), frozenset({"west-africa"}))
    assert not matches("press_review", None, frozenset({"news"}), frozenset())
