"""Accessibility (issue 14, WCAG 2.1 AA): axe-core, vendored in static/vendor/axe-core/, runs on the
public pages in English and French, on the demo data, and fails on any serious or critical violation
with one readable line per element (rule, impact, target, help)."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from tests.conftest import login_as
from tests.core.pages import people_and_their_pages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = (Path(settings.BASE_DIR) / "static" / "vendor" / "axe-core" / "axe.min.js").read_text()
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"serious", "critical"}
PUBLIC_PAGES = [
    "/",
    "/partners/",
    "/partners/networks/",
    "/programmes/",
    "/summer-schools/",
    "/projects/",
    "/key-figures/",
    "/accounts/login/",
    "/accounts/signup/",
    "/privacy/",
]


@pytest.fixture
def axe_page(browser, live_server):
    """A tab that may inject axe-core: the site's policy forbids inline scripts, so this context
    (and only this one) bypasses the Content-Security-Policy."""
    context = browser.new_context(
        locale="en-GB",
        timezone_id="Europe/Paris",
        viewport={"width": 1280, "height": 900},
        bypass_csp=True,
    )
    context.set_default_timeout(15_000)
    pg = context.new_page()
    pg.live_server_url = live_server.url
    yield pg
    context.close()


def set_language(page, code):
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": code, "url": page.live_server_url}]
    )


def axe_violations(page, url, disabled=(), status=None):
    """Serious and critical violations of `url`, one line per element (rules in `disabled` not run);
    `status`: the error an error page is expected to answer with."""
    response = page.goto(page.live_server_url + url)
    if status is None:
        assert response.status < 400, (url, response.status)
    else:
        assert response.status == status, (url, response.status)
    assert page.url == page.live_server_url + url, (url, page.url)  # not sent to the login page
    page.add_script_tag(content=AXE)
    result = page.evaluate(
        """([tags, disabled]) => axe.run(document, {
          runOnly: {type: "tag", values: tags},
          rules: Object.fromEntries(disabled.map((id) => [id, {enabled: false}])),
          resultTypes: ["violations"],
        })""",
        [TAGS, list(disabled)],
    )
    lines = []
    for violation in result["violations"]:
        if violation["impact"] not in BLOCKING:
            continue
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            checks = node["any"] or node["all"] or node["none"]
            detail = f" ({checks[0]['message']})" if checks else ""
            lines.append(
                f"{url} [{violation['id']}, {violation['impact']}] {target}: {violation['help']}{detail}"
            )
    return lines


def report(lines):
    return f"{len(lines)} serious or critical axe-core violations:\n" + "\n".join(lines)


# The focused element's outline, its colour's contrast with the first opaque background behind it
# (WCAG 2.4.7 and 1.4.11: a visible indicator of at least 3:1), and whether it is on top at its centre.
FOCUS_STATE = """
() => {
  const el = document.activeElement;
  const rgb = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  let node = el.parentElement, bg = [255, 255, 255];
  while (node) {
    const css = getComputedStyle(node);
    const c = rgb(css.backgroundColor);
    if (c.length === 3 || (c.length === 4 && c[3] === 1)) { bg = c.slice(0, 3); break; }
    const gradient = css.backgroundImage.match(/rgb\\([^)]*\\)/);  // a gradient (the hero): its first stop
    if (gradient) { bg = rgb(gradient[0]); break; }
    node = node.parentElement;
  }
  const style = getComputedStyle(el);
  const ring = rgb(style.outlineColor).slice(0, 3);
  const [hi, lo] = [lum(ring), lum(bg)].sort((a, b) => b - a);
  const box = el.getBoundingClientRect();
  const top = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
  return {
    tag: el.tagName.toLowerCase(),
    text: (el.innerText || el.getAttribute("aria-label") || el.name || "").trim().slice(0, 40),
    style: style.outlineStyle,
    width: parseFloat(style.outlineWidth),
    contrast: (hi + 0.05) / (lo + 0.05),
    onTop: top !== null && (top === el || el.contains(top)),
    visible: box.width > 1 && box.height > 1,
  };
}
"""


def focus_problems(page, stops):
    """Tab through the first `stops` tab stops; one line for each without a solid 3:1 ring of 2 px or more."""
    problems = []
    for _ in range(stops):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUS_STATE)
        if state["tag"] == "body":
            break
        if state["style"] in ("none", "hidden") or state["width"] < 2 or state["contrast"] < 3:
            problems.append(state)
    return problems


WIDTHS = [1280, 390]  # a laptop, a phone


def detail_pages():
    """The demo's calls, summer schools and projects, one page each."""
    from mobility.models import Call
    from projects.models import Project
    from summerschool.models import SummerSchool

    pages = [reverse("mobility:call", kwargs={"pk": c.pk, "slug": c.slug}) for c in Call.objects.all()]
    pages += [reverse("summerschool:detail", kwargs={"slug": s.slug}) for s in SummerSchool.objects.all()]
    pages += [reverse("projects:detail", kwargs={"slug": p.slug}) for p in Project.objects.all()]
    return [*pages, reverse("mobility:incoming"), reverse("summerschool:verify_form")]


def partner_pages(local_names_only=False):
    """The partners' pages (or those of partners with a local name); the home school has none."""
    from partners.models import Institution

    institutions = Institution.objects.exclude(is_home=True).order_by("pk")
    if local_names_only:
        institutions = institutions.exclude(local_name="")
    return [reverse("partners:detail", kwargs={"pk": pk}) for pk in institutions.values_list("pk", flat=True)]


@pytest.mark.parametrize("language", ["en", "fr"])
def test_public_pages_have_no_serious_violations(axe_page, language):
    """Every public list and detail page of the demo, at both widths. The demo is seeded once per
    language (it is the slow part); a failure names the page and the width."""
    call_command("seed_demo", stdout=io.StringIO())
    set_language(axe_page, language)
    pages = PUBLIC_PAGES + detail_pages() + partner_pages()[:4]
    lines = []
    for width in WIDTHS:
        axe_page.set_viewport_size({"width": width, "height": 900})
        lines += [f"{width} px {line}" for url in pages for line in axe_violations(axe_page, url)]
    assert axe_page.evaluate("document.documentElement.lang") == language
    if language == "en":  # partners' local names carry a valid language (the rule runs above too)
        local_names = partner_pages(local_names_only=True)
        assert local_names
        for url in local_names:
            lines += [line for line in axe_violations(axe_page, url) if "[valid-lang," in line]
        problems = []  # every tab stop of the home page has a visible focus ring, on a phone too
        for width in WIDTHS:
            axe_page.set_viewport_size({"width": width, "height": 900})
            axe_page.goto(axe_page.live_server_url + "/")
            problems += [(width, state) for state in focus_problems(axe_page, 80)]
        assert not problems, problems
    if lines:
        pytest.fail(report(lines), pytrace=False)


# Both languages on a laptop; on a phone in French, whose longer words are the ones that overflow
# (the English phone run, dropped to save a minute of CI, had never found a violation).
@pytest.mark.parametrize(("language", "width"), [("en", 1280), ("fr", 1280), ("fr", 390)])
def test_student_participant_coordinator_account_and_error_pages_have_no_serious_violations(
    axe_page, language, width
):
    people, error_pages = people_and_their_pages()
    axe_page.set_viewport_size({"width": width, "height": 900})
    lines = []
    for person, urls in people.items():
        axe_page.context.clear_cookies()
        if person is not None:
            login_as(axe_page, person)
        set_language(axe_page, language)
        for url in urls:
            lines += axe_violations(axe_page, url)
    for url, status in error_pages:
        lines += axe_violations(axe_page, url, status=status)
    assert axe_page.evaluate("document.documentElement.lang") == language
    if lines:
        pytest.fail(report(lines), pytrace=False)


@pytest.mark.parametrize("width", [1280, 390])
def test_the_skip_link_shows_above_the_navbar_when_focused(axe_page, width, screenshot):
    axe_page.set_viewport_size({"width": width, "height": 900})
    axe_page.goto(axe_page.live_server_url + "/")
    axe_page.keyboard.press("Tab")
    state = axe_page.evaluate(FOCUS_STATE)
    assert state["text"] == "Skip to content"
    assert state["visible"] and state["onTop"], state
    assert state["contrast"] >= 3, state
    screenshot(axe_page, f"a11y-skip-link-{width}")
    axe_page.keyboard.press("Enter")
    assert axe_page.evaluate("location.hash") == "#main"


@pytest.mark.parametrize("width", WIDTHS)
def test_every_tab_stop_of_the_signed_in_pages_has_a_visible_focus_ring(axe_page, width):
    """Tabbing through every page a student, an incoming student, a coordinator or a visitor sees:
    each stop has a solid ring of 2 px or more at 3:1 against what is behind it (WCAG 2.4.7, 1.4.11)."""
    people, _error_pages = people_and_their_pages()
    axe_page.set_viewport_size({"width": width, "height": 900})
    problems = []
    for person, urls in people.items():
        axe_page.context.clear_cookies()
        if person is not None:
            login_as(axe_page, person)
        for url in urls:
            axe_page.goto(axe_page.live_server_url + url)
            problems += [(url, state) for state in focus_problems(axe_page, 40)]
    assert not problems, problems
