"""Mobility's forms: the application steps (applications) and the coordinators' nominations."""

from .applications import (
    STEP_NAMES,
    STEPS,
    AcademicForm,
    DocumentForm,
    MotivationForm,
    PersonalForm,
    PreferencesForm,
    StatusChangeForm,
    step_names_for,
    steps_for,
)
from .nominations import NominationForm, WithdrawForm

__all__ = [
    "STEPS",
    "STEP_NAMES",
    "AcademicForm",
    "DocumentForm",
    "MotivationForm",
    "NominationForm",
    "PersonalForm",
    "PreferencesForm",
    "StatusChangeForm",
    "WithdrawForm",
    "step_names_for",
    "steps_for",
]
