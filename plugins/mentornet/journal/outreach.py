"""A first message to a prospective mentor, drafted from the profile and the prospect.

Guidance on approaching a mentor agrees on the shape: say how you came across them, who
you are in a sentence or two, why them, ask for a short conversation, and make the timing
easy for them. The draft is a starting point to rewrite in your own voice.
"""

from __future__ import annotations

from mentornet.core.model import Portfolio, Prospect
from mentornet.core.vocabulary import need_label


def draft(portfolio: Portfolio, prospect: Prospect) -> str:
    profile = portfolio.profile
    via = portfolio.people_by_id.get(prospect.via) if prospect.via else None
    lines = [f"Dear {prospect.name},", ""]
    if via is not None:
        lines.append(f"{via.name} suggested I get in touch with you.")
    if prospect.found:
        lines.append(f"I came across your work through {_lower_first(prospect.found)}.")
    if profile.pitch:
        lines += ["", profile.pitch.strip()]
    if prospect.why:
        lines += ["", f"I am writing to you in particular because {_lower_first(prospect.why)}"]
    if prospect.needs:
        wanted = ", ".join(need_label(n).lower() for n in prospect.needs)
        lines += ["", f"I would value your perspective on this ({wanted})."]
    lines += [
        "",
        "Would you have 20 to 30 minutes for a short conversation in the coming weeks? "
        "I am glad to fit around your diary, online or in person, and I will come with "
        "specific questions so it is a good use of your time. I would also like to hear "
        "what might be useful to you.",
        "",
        "With thanks,",
        profile.name,
    ]
    return "\n".join(lines)


def _lower_first(text: str) -> str:
    text = text.strip()
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        text = text[0].lower() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."
