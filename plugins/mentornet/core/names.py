"""People's names as keys: the same person however a program spelt them, and an id for any script.

Contact files spell one person many ways: "Dr Priya Nair" and "Priya Nair", "José" composed
(NFC) or decomposed (NFD, as macOS writes it), "ZOË" and "Zoë". :func:`name_key` folds those
together; :func:`slug` makes an id (lowercase ASCII letters, digits and ``-``) from a name in
any script, transliterating with anyascii, so "王小明" is ``wang-xiao-ming`` and never a
placeholder shared by everyone whose name is not in Latin letters.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from mentornet.core.voice import HONORIFICS

#: The longest id :func:`slug` makes (the model allows 100; ``-2`` suffixes need room).
MAX_SLUG = 80


def _without_honorifics(words: list[str]) -> list[str]:
    while len(words) > 1 and words[0].rstrip(".").casefold() in HONORIFICS:
        words = words[1:]
    return words


def name_key(name: str) -> str:
    """A name folded for comparison: case, composed or decomposed accents, compatibility
    forms, punctuation, spacing and leading honorifics (Dr, Prof, Ms, …) do not count.

    Letters of scripts without case or accents (Chinese, Arabic, Hebrew, Persian) are kept as
    they are, so two different names in those scripts stay different."""
    decomposed = unicodedata.normalize("NFKD", str(name))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    words = re.findall(r"[^\W_]+\.?", plain)
    return " ".join(word.rstrip(".") for word in _without_honorifics(words))


def _ascii(text: str) -> str:
    """``text`` in ASCII: each ideograph (or kana, hangul) as its own word, so a Chinese name
    reads as its syllables ("Wang Xiao Ming"), other scripts transliterated word by word."""
    from anyascii import anyascii

    out = []
    for ch in unicodedata.normalize("NFC", text):
        if ch.isascii():
            out.append(ch)
            continue
        spelt = anyascii(ch)
        wide = unicodedata.east_asian_width(ch) in ("W", "F") and ch.isalpha()
        out.append(f" {spelt} " if wide else spelt)
    return "".join(out)


def slug(name: str) -> str:
    """An id from a name in any script: ``Dr José Núñez`` → ``jose-nunez``, ``王小明`` →
    ``wang-xiao-ming``, ``محمد رضا`` → ``mhmd-rd``; a name with no letter or digit anyascii
    can spell (emoji, say) gets ``person-`` and a short hash of the name, the same each time."""
    words = re.findall(r"[a-z0-9]+", _ascii(str(name)).casefold())
    words = _without_honorifics(words)
    made = "-".join(words)[:MAX_SLUG].strip("-")
    if made:
        return made
    digest = hashlib.sha1(name_key(name).encode("utf-8")).hexdigest()[:8]
    return f"person-{digest}"
