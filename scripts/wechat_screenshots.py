"""Screenshots of the WeChat previews in every theme, light and dark, for a human to look at.

Builds each sample with each WeChat theme, opens the preview in headless Chromium (the Debian
``chromium`` through Playwright), and saves ``<theme>-<sample>-light.png`` and ``-dark.png``.
Run: ``PYTHONPATH=src python scripts/wechat_screenshots.py [OUT_DIR]`` (default /tmp/wechat-shots).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from playwright.sync_api import sync_playwright  # noqa: E402

from misidao_publish.config import load_config  # noqa: E402
from misidao_publish.pipeline import build_source  # noqa: E402
from misidao_publish.render.layouts import themes  # noqa: E402

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/wechat-shots")
    samples = sorted((ROOT / "samples").glob("*.md"))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for theme in sorted(themes("wechat")):
            config = load_config(ROOT / "samples" / "misidao.toml", {"layout": theme})
            for sample in samples:
                build_source(sample, config, out / theme, ["wechat"])
                page = browser.new_page(viewport={"width": 760, "height": 1000})
                page.goto((out / theme / f"{sample.stem}.wechat.html").as_uri())
                page.screenshot(path=str(out / f"{theme}-{sample.stem}-light.png"), full_page=True)
                page.click("#theme")
                page.screenshot(path=str(out / f"{theme}-{sample.stem}-dark.png"), full_page=True)
                page.close()
                print(out / f"{theme}-{sample.stem}-{{light,dark}}.png")
        browser.close()


if __name__ == "__main__":
    main()
