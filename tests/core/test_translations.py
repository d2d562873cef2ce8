"""The French catalogues keep up with the source: every message of a template or of the code has a
French translation that is neither empty nor fuzzy, and the compiled catalogues are current.

The messages are extracted again (Django's makemessages, GNU gettext) from a copy of the source, so
a string added without updating the catalogue fails here rather than showing up in English on a
French page.
"""

import os
import re
import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

ROOT = Path(settings.BASE_DIR)
APPS = [
    "accounts",
    "core",
    "partners",
    "mobility",
    "summerschool",
    "projects",
    "privacy",
    "reminders",
    "learning",
]
APPS_WITH_CATALOGUE = [app for app in APPS if (ROOT / app / "locale").is_dir()]
SKIPPED = (".venv", ".git", "media", "test-artifacts", "staticfiles", "__pycache__", "*.mo", "*.sqlite3")


def catalogues(root):
    yield root / "locale/fr/LC_MESSAGES/django.po"
    for app in APPS_WITH_CATALOGUE:
        yield root / app / "locale/fr/LC_MESSAGES/django.po"


def untranslated(path, root):
    return [
        f"{path.relative_to(root)}: {entry.msgid!r}"
        + (f" (context {entry.msgctxt!r})" if entry.msgctxt else "")
        + (" is fuzzy" if "fuzzy" in entry.flags else " has no translation")
        for entry in polib.pofile(str(path))
        if not entry.obsolete and ("fuzzy" in entry.flags or not entry.translated())
    ]


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext is not installed")
def test_every_message_of_the_source_has_a_french_translation(tmp_path):
    copy = tmp_path / "src"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(*SKIPPED))
    here = os.getcwd()
    try:
        with override_settings(LOCALE_PATHS=[str(copy / "locale")]):
            for app in APPS_WITH_CATALOGUE:
                os.chdir(copy / app)
                call_command("makemessages", locale=["fr"], no_obsolete=True, verbosity=0)
            os.chdir(copy)
            ignored = [f"{app}/*" for app in APPS_WITH_CATALOGUE] + ["tests/*", "benchmarks/*"]
            call_command(
                "makemessages", locale=["fr"], no_obsolete=True, ignore_patterns=ignored, verbosity=0
            )
    finally:
        os.chdir(here)
    missing = [line for path in catalogues(copy) for line in untranslated(path, copy)]
    assert not missing, "Messages to translate (run makemessages, then translate):\n" + "\n".join(missing)


@pytest.mark.parametrize("po_path", list(catalogues(ROOT)), ids=lambda p: str(p.relative_to(ROOT)))
def test_the_compiled_catalogue_matches_its_source(po_path):
    """The .mo files are committed (no gettext on the servers): they must say what the .po says."""
    compiled = {
        (e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural)
        for e in polib.mofile(str(po_path.with_suffix(".mo")))
    }
    source = {
        (e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural)
        for e in polib.pofile(str(po_path))
        if not e.obsolete and "fuzzy" not in e.flags and e.translated()
    }
    stale = sorted(repr(key[1]) for key, value in source.items() if compiled.get(key) != value)
    assert not stale, f"Run compilemessages: {po_path.relative_to(ROOT)} differs for " + ", ".join(stale[:10])


ELISION = re.compile(r"(?<=[^\W\d_])'(?=[^\W\d_]|%|\{)")


@pytest.mark.parametrize("po_path", list(catalogues(ROOT)), ids=lambda p: str(p.relative_to(ROOT)))
def test_french_writes_one_apostrophe(po_path):
    """French pages mixed « d'été » and « d’été » (the catalogues used both): the typographic one."""
    straight = [
        repr(text)
        for entry in polib.pofile(str(po_path))
        for text in (entry.msgstr, *entry.msgstr_plural.values())
        if ELISION.search(text)
    ]
    assert not straight, f"{po_path.relative_to(ROOT)}: write ’ instead of ' in " + ", ".join(straight[:10])
