"""``mkdocs build`` writes the site aside and swaps it in only when the build succeeded
(:mod:`mentornet.site.swap`): a failed or ``--strict``-refused build leaves the old site."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Optional

from mkdocs.plugins import get_plugin_logger
from mkdocs.utils import CountHandler

from mentornet.core.locking import FolderLock
from mentornet.site import swap

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

log = get_plugin_logger(__name__)


class Aside:
    """The site folder the configuration names, and the sibling this build writes instead."""

    def __init__(self) -> None:
        self.final: Optional[Path] = None
        self.partial: Optional[Path] = None
        self.lock: Optional[FolderLock] = None

    def start(self, config: MkDocsConfig) -> None:
        """Build into a sibling folder, once the layout's rule accepted the site folder; builds
        into one folder take turns."""
        final = Path(config.site_dir)
        self.release()
        self.lock = swap.prepare(final, lambda: log.info(f"another build is writing {final}; waiting for it to "
                                                         "finish"))
        self.final, self.partial = final, final.with_name(final.name + ".partial")
        config.site_dir = str(self.partial)

    def finish(self, config: MkDocsConfig) -> None:
        """Swap the new site in, or with warnings under ``--strict`` (MkDocs aborts after this
        event) keep the old one."""
        if self.final is None or self.partial is None:
            return
        if strict_warnings(config):
            shutil.rmtree(self.partial, ignore_errors=True)
            config.site_dir = str(self.final)
            self.release()
            log.info("the build had warnings in strict mode, so the previous site was kept")
            return
        try:
            swap.swap_in(self.partial, self.final)
        finally:
            self.release()
        config.site_dir = str(self.final)

    def abandon(self) -> None:
        """A failed build (or none aside): its half-written site goes, the old one stays."""
        if self.partial is not None and self.lock is not None:
            shutil.rmtree(self.partial, ignore_errors=True)
        self.release()

    def release(self) -> None:
        if self.lock is not None:
            self.lock.release()
            self.lock = None


def strict_warnings(config: MkDocsConfig) -> bool:
    """Whether MkDocs will abort this build for its warnings (``--strict``), as it decides it:
    by the counting handler it put on its logger."""
    if not config.strict:
        return False
    return any(isinstance(handler, CountHandler) and handler.get_counts()
               for handler in logging.getLogger("mkdocs").handlers)
