"""The one gate: what an audience (owner, mentor, public) may see of a portfolio, and the
typed audience every later stage receives."""

from mentornet.audience.gate import View, for_audience, view
from mentornet.audience.policy import LooserThanPolicy, effective
from mentornet.audience.view import AUDIENCES, MENTOR, NAMES, OWNER, PUBLIC, Audience, UnknownAudience

__all__ = ["AUDIENCES", "Audience", "LooserThanPolicy", "MENTOR", "NAMES", "OWNER", "PUBLIC", "UnknownAudience",
           "View", "effective", "for_audience", "view"]
