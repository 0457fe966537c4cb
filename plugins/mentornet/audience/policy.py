"""The sharing policy a build applies: the portfolio's own, made stricter by a configuration.

What an unmarked item means and which attributes are shared is part of the portfolio
(``data/sharing.yaml``; ``private`` and none when it says nothing), so every build reads the
same policy whatever configuration file, engine or command runs it. A site's options
(``default_visibility``, ``default_page_visibility``, ``shared_attributes``) may narrow it for
one site; an option that would widen it stops the build, naming the file.
"""

from __future__ import annotations

from typing import Iterable, Optional

from mentornet.core.model import Sharing
from mentornet.core.visibility import openness

#: Where the policy lives, relative to the data folder.
POLICY_FILE = "sharing.yaml"

#: Each option a configuration may give, and the policy's field it narrows.
OPTIONS = {"default_visibility": "unmarked", "default_page_visibility": "pages", "shared_attributes": "attributes"}


class LooserThanPolicy(ValueError):
    """A configuration that would show more than the portfolio's sharing policy allows."""


def effective(stated: Sharing, where: str, policy_file: str, *, default_visibility: Optional[str] = None,
              default_page_visibility: Optional[str] = None,
              shared_attributes: Optional[Iterable[str]] = None) -> Sharing:
    """The policy a build applies: ``stated`` (the portfolio's), narrowed by the options given.

    Args:
        stated: the policy ``data/sharing.yaml`` states.
        where: the configuration file the options come from, for messages.
        policy_file: how messages name ``data/sharing.yaml``.
        default_visibility: a stricter visibility for unmarked items, or None.
        default_page_visibility: a stricter visibility for unmarked hand-written pages, or None.
        shared_attributes: the attributes this site may show (a subset of the policy's), or None.

    Raises:
        LooserThanPolicy: an option that would widen the policy.
    """
    update: dict[str, object] = {}
    for option, value in (("default_visibility", default_visibility),
                          ("default_page_visibility", default_page_visibility)):
        if value is None:
            continue
        field = OPTIONS[option]
        allowed = getattr(stated, field)
        if openness(value) > openness(allowed):
            raise LooserThanPolicy(
                f"{where}: {option}: {value} would show more than the portfolio's sharing policy "
                f"({policy_file} says `{field}: {allowed}`); a site's configuration can only make a build "
                f"stricter: remove the option, or change `{field}:` in {policy_file}")
        update[field] = value
    if shared_attributes is not None:
        wanted = tuple(dict.fromkeys(shared_attributes))
        extra = [name for name in wanted if name not in stated.attributes]
        if extra:
            raise LooserThanPolicy(
                f"{where}: shared_attributes lists {', '.join(extra)}, which the portfolio's sharing policy "
                f"does not share ({policy_file}: `attributes: [{', '.join(stated.attributes)}]`); a site's "
                f"configuration can only make a build stricter: remove them, or add them to `attributes:` "
                f"in {policy_file}")
        update["attributes"] = wanted
    return stated.model_copy(update=update) if update else stated
