"""World regions as the brochure groups partners, derived from the ISO country code."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.TextChoices):
    EUROPE = "europe", _("Europe")
    NORTH_AMERICA = "north_america", _("North America")
    LATIN_AMERICA = "latin_america", _("Latin America")
    ASIA = "asia", _("Asia")
    AFRICA_MIDDLE_EAST = "africa_middle_east", _("Africa & Middle East")
    OCEANIA = "oceania", _("Oceania")


_EUROPE = [
    "AD",
    "AL",
    "AM",
    "AT",
    "AZ",
    "BA",
    "BE",
    "BG",
    "BY",
    "CH",
    "CY",
    "CZ",
    "DE",
    "DK",
    "EE",
    "ES",
    "FI",
    "FO",
    "FR",
    "GB",
    "GE",
    "GI",
    "GR",
    "HR",
    "HU",
    "IE",
    "IS",
    "IT",
    "LI",
    "LT",
    "LU",
    "LV",
    "MC",
    "MD",
    "ME",
    "MK",
    "MT",
    "NL",
    "NO",
    "PL",
    "PT",
    "RO",
    "RS",
    "RU",
    "SE",
    "SI",
    "SK",
    "SM",
    "TR",
    "UA",
    "VA",
    "XK",
    "GG",
    "JE",
    "IM",
    "AX",
    "SJ",
]
_NORTH_AMERICA = ["US", "CA", "GL", "PM", "BM"]
_LATIN_AMERICA = [
    "MX",
    "GT",
    "BZ",
    "SV",
    "HN",
    "NI",
    "CR",
    "PA",
    "CU",
    "DO",
    "HT",
    "JM",
    "PR",
    "TT",
    "BB",
    "BS",
    "AG",
    "DM",
    "GD",
    "KN",
    "LC",
    "VC",
    "AW",
    "CW",
    "SX",
    "BQ",
    "GP",
    "MQ",
    "BL",
    "MF",
    "KY",
    "TC",
    "VG",
    "VI",
    "AI",
    "MS",
    "CO",
    "VE",
    "GY",
    "SR",
    "GF",
    "EC",
    "PE",
    "BR",
    "BO",
    "PY",
    "CL",
    "AR",
    "UY",
    "FK",
]
_ASIA = [
    "AF",
    "BD",
    "BT",
    "BN",
    "KH",
    "CN",
    "HK",
    "MO",
    "IN",
    "ID",
    "JP",
    "KZ",
    "KG",
    "LA",
    "MY",
    "MV",
    "MN",
    "MM",
    "NP",
    "KP",
    "KR",
    "PK",
    "PH",
    "SG",
    "LK",
    "TW",
    "TJ",
    "TH",
    "TL",
    "TM",
    "UZ",
    "VN",
]
_OCEANIA = [
    "AU",
    "NZ",
    "FJ",
    "PG",
    "SB",
    "VU",
    "NC",
    "PF",
    "WS",
    "TO",
    "KI",
    "TV",
    "NR",
    "FM",
    "MH",
    "PW",
    "CK",
    "NU",
    "TK",
    "WF",
    "AS",
    "GU",
    "MP",
    "NF",
]

REGION_OF_COUNTRY = {
    **dict.fromkeys(_EUROPE, Region.EUROPE),
    **dict.fromkeys(_NORTH_AMERICA, Region.NORTH_AMERICA),
    **dict.fromkeys(_LATIN_AMERICA, Region.LATIN_AMERICA),
    **dict.fromkeys(_ASIA, Region.ASIA),
    **dict.fromkeys(_OCEANIA, Region.OCEANIA),
}


def region_of(country_code: str) -> str:
    """Everything not listed (Africa, the Middle East: LB, IL, SA, ...) is Africa & Middle East."""
    return REGION_OF_COUNTRY.get((country_code or "").upper(), Region.AFRICA_MIDDLE_EAST)


# The language a partner's local name is written in, for `lang` on the page (screen readers
# pronounce it right). Countries with several official languages are left out: their local name
# may be in any of them, and a wrong `lang` is worse than none. A country code is not a language
# code (AR is Argentina but Arabic, SI Slovenia but Sinhala, AT is no language at all).
LOCAL_LANGUAGE_OF_COUNTRY = {
    "AR": "es", "AT": "de", "BG": "bg", "BR": "pt", "CL": "es", "CN": "zh", "CO": "es", "CZ": "cs",
    "DE": "de", "DK": "da", "EE": "et", "ES": "es", "FI": "fi", "FR": "fr", "GB": "en", "GR": "el",
    "HR": "hr", "HU": "hu", "IE": "en", "IT": "it", "JP": "ja", "KR": "ko", "LT": "lt", "LV": "lv",
    "MX": "es", "NL": "nl", "NO": "no", "PL": "pl", "PT": "pt", "RO": "ro", "RS": "sr", "SE": "sv",
    "SI": "sl", "SK": "sk", "TR": "tr", "US": "en",
}  # fmt: skip


def local_language(country_code: str) -> str:
    """The language of local names in that country, or "" where it cannot be told."""
    return LOCAL_LANGUAGE_OF_COUNTRY.get((country_code or "").upper(), "")
