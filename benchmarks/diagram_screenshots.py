"""Screenshots of the map (and the other diagrams) in light and dark, with headless Chromium.

    python benchmarks/diagram_screenshots.py [OUT_DIR]     (default: /tmp/mentornet-shots)

Builds small standalone pages with Material's own CSS, diagrams.css and the inline SVG that
a build would insert, then runs ``chromium --headless --screenshot`` on each. Needs Debian's
``chromium`` package (apt-get install -y chromium).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import markdown
import material

sys.path.insert(0, str(Path(__file__).parent))
from synthetic import synthetic  # noqa: E402

from mentornet.diagrams import DiagramSet, marker  # noqa: E402

ASSETS = Path(__file__).resolve().parents[1] / "plugins" / "mentornet" / "assets"
STYLES = Path(material.__file__).parent / "templates" / "assets" / "stylesheets"

PAGE = """<!doctype html><html><head><meta charset="utf-8">
<link rel="stylesheet" href="{main}"><link rel="stylesheet" href="{palette}">
<link rel="stylesheet" href="{css}"></head>
<body data-md-color-scheme="{scheme}" data-md-color-primary="indigo" data-md-color-accent="indigo">
<div class="md-container"><main class="md-main"><div class="md-main__inner md-grid">
<div class="md-content"><article class="md-content__inner md-typeset">{body}</article></div>
</div></main></div></body></html>"""


def page(n: int, names: list[str], scheme: str, out: Path) -> Path:
    portfolio = synthetic(n)
    diagrams = DiagramSet(portfolio, cache_dir=out / "cache")
    text = "# Map\n" + "".join(marker(name) for name in names)
    text, _ = diagrams.expand(text)
    diagrams.render()
    html = markdown.markdown(text, extensions=["attr_list", "md_in_html", "admonition"])
    html = diagrams.insert(html, "map/", lambda src: src.replace(".md", "/"))
    path = out / f"{'-'.join(n.replace(':', '_') for n in names)}-{n}-{scheme}.html"
    path.write_text(PAGE.format(main=next(STYLES.glob("main.*.min.css")).as_uri(),
                                palette=next(STYLES.glob("palette.*.min.css")).as_uri(),
                                css=(ASSETS / "diagrams.css").as_uri(), scheme=scheme, body=html),
                    encoding="utf-8")
    return path


def shoot(html: Path, size: str = "1200,1000") -> Path:
    png = html.with_suffix(".png")
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        raise SystemExit("chromium is not installed: apt-get install -y chromium")
    subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    f"--user-data-dir={tempfile.mkdtemp()}", f"--screenshot={png}",
                    f"--window-size={size}", html.as_uri()],
                   check=True, capture_output=True, timeout=120)
    return png


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/mentornet-shots")
    out.mkdir(parents=True, exist_ok=True)
    for n in (12, 300):
        for scheme in ("default", "slate"):
            for names in (["map"], ["roles"], ["range"], ["person:person-001"]):
                print(shoot(page(n, names, scheme, out)))


if __name__ == "__main__":
    main()
