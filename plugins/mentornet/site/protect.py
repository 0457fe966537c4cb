"""Password protection (mkdocs-encryptcontent-plugin): what mentornet checks before building."""

from __future__ import annotations

from mkdocs.exceptions import PluginError


def check_password(options) -> None:
    """mkdocs-encryptcontent-plugin given ``global_password`` but an empty one (an unset
    variable, typically) would publish every page unprotected: stop the build instead."""
    raw = {}
    for user_config in getattr(options, "user_configs", None) or ():
        raw.update(user_config)
    if "global_password" in raw and not options.get("global_password"):
        raise PluginError("mentornet: encryptcontent's global_password is empty (is MENTORNET_PASSWORD "
                          "set?); the site was not built, so nothing is published unprotected")
