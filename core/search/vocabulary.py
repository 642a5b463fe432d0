"""Names of the catalog's kinds (gettext ids) and which continent each region is on."""

from __future__ import annotations

from core.domain.errors import N_
from core.domain.kinds import ConceptualBasis, PartnerCategory, PracticeCategory

PRACTICE_CATEGORIES: dict[str, str] = {
    PracticeCategory.SOIL_COVER: N_("soil cover"),
    PracticeCategory.TILLAGE: N_("tillage"),
    PracticeCategory.AGROFORESTRY: N_("agroforestry"),
    PracticeCategory.NUTRIENT_MANAGEMENT: N_("nutrient management"),
    PracticeCategory.WATER_SOIL_CONSERVATION: N_("water and soil conservation"),
    PracticeCategory.GRAZING: N_("grazing"),
    PracticeCategory.CROPPING_SYSTEM: N_("cropping system"),
    PracticeCategory.WETLAND_PEATLAND: N_("wetlands and peatlands"),
    PracticeCategory.INTEGRATED_SYSTEM: N_("integrated system"),
}

PARTNER_CATEGORIES: dict[str, str] = {
    PartnerCategory.STATE: N_("state or province"),
    PartnerCategory.INTL_ORG: N_("international organisation"),
    PartnerCategory.DEV_BANK: N_("development bank or fund"),
    PartnerCategory.FOUNDATION: N_("foundation"),
    PartnerCategory.PRODUCER_ORG: N_("farmer or forester organisation"),
    PartnerCategory.RESEARCH: N_("research and education"),
    PartnerCategory.NGO: N_("civil society, NGO"),
    PartnerCategory.COMPANY: N_("company"),
}

COLLEGES: dict[int, str] = {
    1: N_("college 1: states, international organisations, development banks"),
    2: N_("college 2: research and education"),
    3: N_("college 3: farmer and forester organisations"),
    4: N_("college 4: civil society and foundations"),
    5: N_("college 5: private companies"),
}

BASES: dict[str, str] = {
    ConceptualBasis.FIELD: N_("field experience"),
    ConceptualBasis.SCIENTIFIC: N_("scientific"),
    ConceptualBasis.BOTH: N_("field experience and science"),
}

# Continents of the Initiative's regions, for "comparable conditions on another continent".
CONTINENT_OF_REGION = {
    "north-america": "americas-north",
    "central-america": "americas-north",
    "south-america": "americas-south",
    "sub-saharan-africa": "africa",
    "central-southern-africa": "africa",
    "west-africa": "africa",
    "north-africa-middle-east": "africa",
    "europe": "europe",
    "central-asia": "asia",
    "south-asia": "asia",
    "south-east-asia": "asia",
    "east-asia": "asia",
    "oceania": "oceania",
}


def continent_of(region: str | None) -> str | None:
    return CONTINENT_OF_REGION.get(region or "")
