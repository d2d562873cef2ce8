"""Learning's models, one module per concept, re-exported here:

- agreements: learning agreements, their versions, components (Tables A and B) and signatures;
- period: the confirmed stay, the Transcript of Records and the recognition of each component;
- grants: Erasmus+ rates per call year and country group, each student's grant and its payments.
"""

from .agreements import (
    VERSION_MACHINE,
    AgreementVersion,
    CEFRLevel,
    Component,
    ComponentChange,
    LearningAgreement,
    Party,
    Signature,
    VersionStatus,
    VersionTransition,
)
from .grants import CountryGroup, Grant, GrantPayment, GrantRate, GrantYear, Instalment
from .period import ConfirmedFrom, Recognition, Stay, Transcript, stay_file_path

__all__ = [
    "VERSION_MACHINE",
    "AgreementVersion",
    "CEFRLevel",
    "Component",
    "ComponentChange",
    "ConfirmedFrom",
    "CountryGroup",
    "Grant",
    "GrantPayment",
    "GrantRate",
    "GrantYear",
    "Instalment",
    "LearningAgreement",
    "Party",
    "Recognition",
    "Signature",
    "Stay",
    "Transcript",
    "VersionStatus",
    "VersionTransition",
    "stay_file_path",
]
