"""How a person and a mail scanner's sandbox use a drill page in the browser tests.

Playwright's own `click()` is what a sandbox does: the pointer jumps to the button's exact centre, presses and
releases at once, and the classifier (drills/classify.py) rightly sets that aside. A person reads first, moves
the pointer there in small steps and holds the button for a moment: `person_presses`.
"""

from __future__ import annotations

CHROME = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
)
IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1"
# A person's browser does not say it is automated (and sandboxes hide it too): the interaction must decide.
NOT_AUTOMATED = "Object.defineProperty(Navigator.prototype, 'webdriver', {get: () => false});"


def browser_page(new_context, user_agent: str = CHROME, **options):  # type: ignore[no-untyped-def]
    context = new_context(user_agent=user_agent, **options)
    context.add_init_script(NOT_AUTOMATED)
    return context.new_page()


def person_presses(page, selector: str, reading_ms: int = 1800) -> None:  # type: ignore[no-untyped-def]
    """Reads for a while, travels to the button in small steps, presses off-centre and holds it a moment."""
    page.mouse.move(200, 150)
    page.wait_for_timeout(reading_ms)
    box = page.locator(selector).bounding_box()
    x, y = box["x"] + box["width"] * 0.37, box["y"] + box["height"] * 0.61
    with page.expect_navigation():
        page.mouse.move(x, y, steps=30)
        page.mouse.down()
        page.wait_for_timeout(110)
        page.mouse.up()
