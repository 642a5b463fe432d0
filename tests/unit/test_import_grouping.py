"""Import problems are reported once each, with the lines they affect as ranges."""

from __future__ import annotations

from core.services.imports import grouped, line_ranges


def test_line_ranges_join_consecutive_lines() -> None:
    assert line_ranges([4]) == "line 4"
    assert line_ranges(range(2, 1002)) == "lines 2-1001"
    assert line_ranges([9, 2, 3, 5, 6, 7, 3]) == "lines 2-3, 5-7, 9"


def test_each_distinct_problem_once_in_first_seen_order() -> None:
    problems = [(n, "unknown region Mars") for n in range(2, 1002)] + [(7, "bad zone")]
    assert grouped(problems) == ["lines 2-1001: unknown region Mars", "line 7: bad zone"]
