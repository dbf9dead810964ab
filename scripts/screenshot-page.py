"""The README's picture of the web page: the sample PDF read, one measure shown where it was read.

    python scripts/screenshot-page.py [docs/page.png]

Needs the test extras (Playwright) and the system's Chromium (apt-get install chromium)."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from browser import chromium_path, served  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402


def main() -> None:
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "page.png"
    executable = chromium_path()
    if executable is None:
        sys.exit("screenshot-page: no Chromium found; apt-get install chromium")
    with served() as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable)
        page = browser.new_page(base_url=url, viewport={"width": 1280, "height": 900})
        page.goto("/")
        with page.expect_navigation():
            page.set_input_files("#upload input[type=file]", str(ROOT / "samples" / "handlingsplan-2022-2024.pdf"))
        page.locator("details").first.evaluate("details => { details.open = false; }")
        row = page.locator("tr.measure").nth(5)
        with page.expect_response(lambda response: response.url.endswith(".png")):
            row.click()
        page.locator("#where img.page").wait_for()
        page.wait_for_timeout(300)
        page.locator("h1").evaluate("heading => heading.scrollIntoView()")
        target.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(target))
        browser.close()
    print(f"screenshot-page: {target}")


if __name__ == "__main__":
    main()
