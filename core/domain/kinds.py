"""Kinds used by partners, practices, events and newsletter items."""

from __future__ import annotations

from enum import StrEnum


class PartnerCategory(StrEnum):
    STATE = "state"
    INTL_ORG = "intl_org"
    DEV_BANK = "dev_bank"
    FOUNDATION = "foundation"
    PRODUCER_ORG = "producer_org"
    RESEARCH = "research"
    NGO = "ngo"
    COMPANY = "company"


# Platform colleges (2018); for-profit companies may be Partners but never Members.
COLLEGE_OF_CATEGORY = {
    PartnerCategory.STATE: 1,
    PartnerCategory.INTL_ORG: 1,
    PartnerCategory.DEV_BANK: 1,
    PartnerCategory.RESEARCH: 2,
    PartnerCategory.PRODUCER_ORG: 3,
    PartnerCategory.NGO: 4,
    PartnerCategory.FOUNDATION: 4,
    PartnerCategory.COMPANY: 5,
}


def may_be_member(category: PartnerCategory) -> bool:
    return category is not PartnerCategory.COMPANY


class PracticeCategory(StrEnum):
    SOIL_COVER = "soil-cover"
    TILLAGE = "tillage"
    AGROFORESTRY = "agroforestry"
    NUTRIENT_MANAGEMENT = "nutrient-management"
    WATER_SOIL_CONSERVATION = "water-soil-conservation"
    GRAZING = "grazing"
    CROPPING_SYSTEM = "cropping-system"
    WETLAND_PEATLAND = "wetland-peatland"
    INTEGRATED_SYSTEM = "integrated-system"


class ConceptualBasis(StrEnum):
    FIELD = "field"
    SCIENTIFIC = "scientific"
    BOTH = "both"


class PublicationStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    ARCHIVED = "archived"


class EventKind(StrEnum):
    CONSORTIUM = "consortium"
    DAY = "day"
    BUREAU = "bureau"
    STC = "stc"
    REGIONAL = "regional"
    WEBINAR = "webinar"


class EventStatus(StrEnum):
    DRAFT = "draft"
    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"


class RsvpAnswer(StrEnum):
    GOING = "going"
    MAYBE = "maybe"
    NOT_GOING = "not_going"


DEFAULT_REMINDER_OFFSETS_MINUTES = (7 * 24 * 60, 24 * 60, 60)


class Rubric(StrEnum):
    NEWS = "news"
    SUCCESS_STORY = "success_story"
    KEY_FIGURE = "key_figure"
    PRACTICE_SHEET = "practice_sheet"
    EVENT = "event"
    PRESS_REVIEW = "press_review"


class Frequency(StrEnum):
    WEEKLY = "weekly"
    MONTHLY = "monthly"


class ApplicationStatus(StrEnum):
    SUBMITTED = "submitted"
    CHECKED = "checked"
    VOTING = "voting"
    APPROVED = "approved"
    REJECTED = "rejected"
    CONFIRMED = "confirmed"


class Vote(StrEnum):
    YES = "yes"
    NO = "no"
    ABSTAIN = "abstain"
