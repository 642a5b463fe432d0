"""Every table of the hub, imported here so that the metadata is complete."""

from core.persistence.models.base import Base, utcnow
from core.persistence.models.catalog import (
    AgroClimaticZone,
    Partner,
    Practice,
    Region,
    StrategicObjective,
    partner_objectives,
)
from core.persistence.models.delivery import (
    OutboxMessage,
    PartHeartbeat,
    ProcessedInbound,
    SchedulerState,
    SendPacing,
)
from core.persistence.models.desk import DeskCardRef
from core.persistence.models.events import Event, EventFollow, Rsvp
from core.persistence.models.imports import CatalogGeneration, StagedPractice
from core.persistence.models.inbound_work import InboundWork
from core.persistence.models.membership import BureauVote, MembershipApplication
from core.persistence.models.newsletter import Digest, NewsletterItem, Subscription
from core.persistence.models.people import (
    ConsentRecord,
    ConversationDraft,
    Identity,
    Invitation,
    Person,
    RoleGrant,
)
from core.persistence.models.questions import Question
from core.persistence.models.reports import FieldReport, ReportAttachment, ReportAuditEntry

__all__ = [
    "AgroClimaticZone",
    "Base",
    "BureauVote",
    "CatalogGeneration",
    "ConsentRecord",
    "ConversationDraft",
    "DeskCardRef",
    "Digest",
    "Event",
    "EventFollow",
    "FieldReport",
    "Identity",
    "InboundWork",
    "Invitation",
    "MembershipApplication",
    "NewsletterItem",
    "OutboxMessage",
    "PartHeartbeat",
    "Partner",
    "Person",
    "Practice",
    "ProcessedInbound",
    "Question",
    "Region",
    "ReportAttachment",
    "ReportAuditEntry",
    "RoleGrant",
    "Rsvp",
    "SchedulerState",
    "SendPacing",
    "StagedPractice",
    "StrategicObjective",
    "Subscription",
    "partner_objectives",
    "utcnow",
]
