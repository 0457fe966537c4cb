"""The one gate: what an audience (owner, mentor, public) may see of a portfolio."""

from mentornet.audience.gate import for_audience

__all__ = ["for_audience"]
