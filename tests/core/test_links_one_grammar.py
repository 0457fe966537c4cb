"""One grammar for a link in Markdown (core/urls.py), for the files a site publishes and the
links of an entry's notes shown on a person's page: a destination in angle brackets may hold
spaces, a bare one its parentheses."""

from __future__ import annotations

from mentornet.core import urls


def test_a_destination_in_angle_brackets_or_with_balanced_parentheses_is_read_whole():
    text = "The [offer](<offer letter.pdf>), the ![chart]( report_(final).png \"t\").\n[ref]: <a b.pdf>"
    assert [urls.destination(m["target"]) for m in urls.INLINE_LINK.finditer(text)] == [
        "offer letter.pdf", "report_(final).png"]
    assert [(m["label"], urls.destination(m["target"])) for m in urls.REFERENCE_DEFINITION.finditer(text)] == [
        ("ref", "a b.pdf")]


def test_a_link_within_the_site_has_no_scheme_and_does_not_start_at_the_root():
    assert urls.within_site("../files/a.pdf") and urls.within_site("#notes")
    for outside in ("/files/a.pdf", "//host/a", "https://x.org", "JavaScript:alert(1)", "java\tscript:x"):
        assert not urls.within_site(outside), outside


def test_files_linked_in_angle_brackets_or_with_parentheses_are_published(portfolio):
    portfolio.entry("2026-02-02-offer", "date: 2026-02-02\npeople: [diane-roberts]\nkind: meeting",
                    body="The [offer](<offer letter.pdf>) and the [report](report_(final).pdf).\n")
    (portfolio.root / "content/journal/offer letter.pdf").write_bytes(b"%PDF offer")
    (portfolio.root / "content/journal/report_(final).pdf").write_bytes(b"%PDF report")
    portfolio.build()
    assert (portfolio.site / "journal/offer letter.pdf").read_bytes() == b"%PDF offer"
    assert (portfolio.site / "journal/report_(final).pdf").read_bytes() == b"%PDF report"
    person = portfolio.page("people/diane-roberts")
    assert 'href="../../journal/report_%28final%29.pdf"' in person  # the entry's notes, rebased
