"""Loading a portfolio from disk (or from a revision's texts) into a typed, validated Portfolio."""

from mentornet.load.memo import Memo, SharedMemo
from mentornet.load.portfolio import check, load, read_portfolio, read_texts

__all__ = ["Memo", "SharedMemo", "check", "load", "read_portfolio", "read_texts"]
