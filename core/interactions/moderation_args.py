"""What moderators type after a command: report numbers, reasons and queue filters."""

from __future__ import annotations

import re

from core.domain import vocabulary
from core.domain.errors import N_, InvalidInput
from core.domain.reports import ReportStatus, ReportType
from core.interactions.context import Context
from core.services.regions import region_index

_IDS = re.compile(r"^\s*((?:#?\d+[\s,]*)+)(.*)$", re.DOTALL)
STATUSES = {s.value: (s,) for s in ReportStatus} | {
    "open": (ReportStatus.SUBMITTED, ReportStatus.CHANGES_REQUESTED),
    "all": tuple(ReportStatus),
}


async def queue_filters(
    ctx: Context, args: str
) -> tuple[ReportType | None, tuple[ReportStatus, ...], str | None]:
    kind: ReportType | None = None
    statuses: tuple[ReportStatus, ...] = (ReportStatus.SUBMITTED,)
    region: str | None = None
    regions = await region_index(ctx.uow)

    def known(phrase: str) -> bool:
        concepts = (vocabulary.REPORT_TYPE, vocabulary.QUEUE_STATUS)
        return any(vocabulary.parse(c, phrase) for c in concepts) or bool(regions.match(phrase))

    for word in vocabulary.segments(args.replace("=", " "), known):
        if word.lower() in ("type", "status", "region"):
            continue
        if found := vocabulary.parse(vocabulary.REPORT_TYPE, word):
            kind = ReportType(found)
        elif found := vocabulary.parse(vocabulary.QUEUE_STATUS, word):
            statuses = STATUSES[found]
        elif found := regions.find(word):
            region = found
        else:
            raise InvalidInput(
                N_(
                    "I do not know the filter {word}. Try a type ({types}), a status "
                    "({statuses}) or a region."
                ),
                word=word[:40],
                types=vocabulary.Choices(vocabulary.REPORT_TYPE),
                statuses=vocabulary.Choices(vocabulary.QUEUE_STATUS),
            )
    return kind, statuses, region


def one_id(args: str) -> int:
    ids, _rest = ids_and_rest(args)
    if len(ids) != 1:
        raise InvalidInput(N_("Give the number of one report, for example 12."))
    return ids[0]


def ids_and_rest(args: str) -> tuple[list[int], str]:
    match = _IDS.match(args)
    if not match:
        return [], args.strip()
    ids = [int(n) for n in re.findall(r"\d+", match.group(1))]
    return ids, match.group(2).strip()
