"""mentornet's stylesheets and scripts as a site serves them: one stylesheet and one script.

The sources stay a file per concern under ``assets/`` (the diagrams, printing, private
passages, the site's repairs, the worksheet). Every engine's site links the two bundles, made
of the sources in the order they sort, so the cascade is the one a link per file would give;
a page costs one link of each, not seven.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

#: The sources, one file per concern.
SOURCES = Path(__file__).parent / "assets"
STYLESHEET = "assets/mentornet/mentornet.css"
SCRIPT = "assets/mentornet/mentornet.js"


@lru_cache(maxsize=None)
def files() -> dict[str, str]:
    """The bundles, by their place in the site: each source under a comment naming it. The
    scripts are each a function called at once, so one cannot see another's names."""
    def joined(pattern: str, separator: str) -> str:
        return separator.join(f"/* mentornet: {source.name} */\n{source.read_text(encoding='utf-8').strip()}\n"
                              for source in sorted(SOURCES.glob(pattern)))

    return {STYLESHEET: joined("*.css", "\n"), SCRIPT: joined("*.js", ";\n")}
