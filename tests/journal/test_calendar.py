"""The calendar feed: `mentornet calendar` and `calendar.ics` in the owner's and mentor's sites."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys

import icalendar
import pytest

from tests.conftest import MKDOCS_YML
from mentornet.core.layout import Layout
from mentornet.journal import calendar
from mentornet.load import load

TODAY = dt.date(2026, 11, 22)

PEOPLE = """\
- id: diane-roberts
  name: Diane Roberts
  cadence: monthly
  last_contact: 2026-11-01
- id: sami-wonder
  name: Sami Wonder
  cadence: weekly
  last_contact: 2026-09-01
- id: zed-private
  name: ZED-CANARY-NAME
  cadence: monthly
  visibility: private
- id: gone-person
  name: Gone Person
  cadence: monthly
  until: 2025
"""


@pytest.fixture
def feed(portfolio):
    portfolio.write("mkdocs.yml", MKDOCS_YML.replace('today: "2026-11-22"', 'today: "2026-11-22"\n'
                                                     '      audience: !ENV [MENTORNET_AUDIENCE, owner]'), dedent=False)
    portfolio.write("data/people.yaml", PEOPLE)
    portfolio.entry("2026-12-03-lunch", """
        title: Lunch with Diane
        date: 2026-12-03
        people: [diane-roberts]
        agenda: [The fellowship]
    """)
    portfolio.entry("2026-11-15-secret", """
        date: 2026-11-15
        people: [sami-wonder]
        visibility: private
        actions:
          - text: SECRET-ACTION-CANARY
            due: 2026-12-01
    """)
    portfolio.entry("2026-11-16-review", """
        date: 2026-11-16
        people: [sami-wonder]
        actions:
          - {text: Send the draft, due: 2026-12-05, by: them}
          - {text: Done already, due: 2026-11-20, done: true}
          - {text: No date}
    """)
    return portfolio


def parsed(data: bytes) -> icalendar.Calendar:
    """The feed read back; every property RFC 5545 requires is there."""
    found = icalendar.Calendar.from_ical(data)
    assert str(found["VERSION"]) == "2.0" and str(found["PRODID"]) == calendar.PRODID
    for event in found.walk("VEVENT"):
        for required in ("UID", "DTSTAMP", "DTSTART"):
            assert required in event, f"{required} missing from {event}"
    assert data.endswith(b"\r\n") and all(len(line) <= 75 for line in data.split(b"\r\n"))
    return found


def summaries(found: icalendar.Calendar) -> dict[str, tuple[dt.date, str]]:
    return {str(e["UID"]).split("@")[0]: (e.decoded("DTSTART"), str(e["SUMMARY"])) for e in found.walk("VEVENT")}


def test_next_contacts_actions_due_and_planned_meetings(feed):
    data = calendar.ics_bytes(load(Layout.of(feed.root)), TODAY)
    events = summaries(parsed(data))
    assert events["contact-diane-roberts"] == (dt.date(2026, 12, 1), "Get in touch with Diane Roberts")
    # weekly, and the journal's entry of 16 November is newer than last_contact
    assert events["contact-sami-wonder"] == (dt.date(2026, 11, 23), "Get in touch with Sami Wonder")
    [send] = [uid for uid in events if uid.startswith("action-2026-11-16-review-")]
    assert events[send] == (dt.date(2026, 12, 5), "Due from Sami Wonder: Send the draft")
    assert events["entry-2026-12-03-lunch"] == (dt.date(2026, 12, 3), "Lunch with Diane (Diane Roberts)")
    assert "contact-gone-person" not in events  # left the network
    assert [uid for uid in events if uid.startswith("action-2026-11-16")] == [send]  # not the done, nor the undated


def test_a_lapsed_contact_is_dated_today(feed):
    events = summaries(parsed(calendar.ics_bytes(load(Layout.of(feed.root)), dt.date(2026, 12, 2))))
    assert events["contact-diane-roberts"] == (dt.date(2026, 12, 2), "Get in touch with Diane Roberts (due 2026-12-01)")


def test_the_same_data_on_the_same_day_gives_the_same_bytes_and_uids_survive_other_changes(feed):
    first = calendar.ics_bytes(load(Layout.of(feed.root)), TODAY)
    assert calendar.ics_bytes(load(Layout.of(feed.root)), TODAY) == first
    feed.write("data/people.yaml", PEOPLE + "- id: new-person\n  name: New Person\n  cadence: monthly\n"
               "  last_contact: 2026-11-20\n")
    again = summaries(parsed(calendar.ics_bytes(load(Layout.of(feed.root)), TODAY)))
    assert set(summaries(parsed(first))) < set(again)


def test_the_command_writes_an_ics_for_the_owner(feed):
    result = feed.mentornet("calendar", "--out", "reminders.ics")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Wrote reminders.ics: 2 next contact(s), 3 action(s) due, 1 planned meeting(s)")
    events = summaries(parsed((feed.root / "reminders.ics").read_bytes()))
    assert any("SECRET-ACTION-CANARY" in summary for _, summary in events.values())


def test_the_mentor_calendar_leaves_out_what_the_mentor_may_not_see(feed):
    result = subprocess.run([sys.executable, "-m", "mentornet", "calendar", "--audience", "mentor", "--out", "-"],
                            cwd=feed.root, capture_output=True)
    assert result.returncode == 0, result.stderr
    parsed(result.stdout)
    assert b"CANARY" not in result.stdout and b"zed-private" not in result.stdout
    assert b"Get in touch with Diane Roberts" in result.stdout


def test_there_is_no_public_calendar(feed):
    result = feed.mentornet("calendar", "--audience", "public")
    assert result.returncode == 2 and "'public' is not one of 'owner', 'mentor'" in result.stderr


def test_the_owner_and_mentor_sites_have_a_calendar_and_the_public_one_has_none(feed):
    feed.build("--strict")
    owner = (feed.site / "calendar.ics").read_bytes()
    assert "SECRET-ACTION-CANARY" in str(summaries(parsed(owner)))
    feed.build("--strict")
    assert (feed.site / "calendar.ics").read_bytes() == owner  # a rebuild changes nothing
    feed.build("--strict", env={"MENTORNET_AUDIENCE": "mentor"})
    mentor = (feed.site / "calendar.ics").read_bytes()
    parsed(mentor)
    assert b"CANARY" not in mentor and b"Diane Roberts" in mentor
    feed.build("--strict", env={"MENTORNET_AUDIENCE": "public"})
    assert not (feed.site / "calendar.ics").exists()


def test_names_never_become_markup_in_a_calendar_app(portfolio):
    portfolio.write("data/people.yaml", "- id: diane-roberts\n  name: \"<b>Diane</b>\"\n  cadence: monthly\n"
                    "  last_contact: 2026-11-01\n")
    data = calendar.ics_bytes(load(Layout.of(portfolio.root)), TODAY)
    assert b"<b>" not in data
    assert "Get in touch with \u2039b\u203aDiane\u2039/b\u203a" in str(summaries(parsed(data)))


# --- UIDs from stable ids only --------------------------------------------------------------------


def uids(folder) -> dict[str, str]:
    """Each event's UID, by its summary."""
    found = parsed(calendar.ics_bytes(load(Layout.of(folder)), TODAY))
    return {str(e["SUMMARY"]): str(e["UID"]) for e in found.walk("VEVENT")}


def test_uids_survive_renaming_yourself_and_inserting_an_action_above_another(feed):
    before = uids(feed.root)
    assert len(before) == 6 and not any("Ada" in uid for uid in before.values())
    profile = feed.root / "data/profile.yaml"
    profile.write_text(profile.read_text().replace("name: Ada Example", "name: Dr Ada Example-Renamed"))
    review = feed.root / "content/journal/2026-11-16-review.md"
    review.write_text(review.read_text().replace(
        "  - {text: Send the draft", "  - {text: A new first action, due: 2026-12-04}\n  - {text: Send the draft"))
    after = uids(feed.root)
    assert set(after) == set(before) | {"Due: A new first action"}
    assert {summary: after[summary] for summary in before} == before


def test_an_action_with_an_id_keeps_its_uid_when_its_text_changes(feed):
    review = feed.root / "content/journal/2026-11-16-review.md"
    review.write_text(review.read_text().replace("{text: Send the draft,", "{id: draft, text: Send the draft,"))
    uid = uids(feed.root)["Due from Sami Wonder: Send the draft"]
    assert uid == "action-2026-11-16-review-draft@mentornet"
    review.write_text(review.read_text().replace("Send the draft", "Send the second draft"))
    assert uids(feed.root)["Due from Sami Wonder: Send the second draft"] == uid


def test_two_actions_of_one_entry_with_the_same_text_have_two_uids(feed):
    review = feed.root / "content/journal/2026-11-16-review.md"
    review.write_text(review.read_text().replace(
        "  - {text: Send the draft, due: 2026-12-05, by: them}",
        "  - {text: Send the draft, due: 2026-12-05, by: them}\n  - {text: Send the draft, due: 2026-12-09, by: them}"))
    found = parsed(calendar.ics_bytes(load(Layout.of(feed.root)), TODAY))
    sent = [str(e["UID"]) for e in found.walk("VEVENT") if "Send the draft" in str(e["SUMMARY"])]
    assert len(sent) == len(set(sent)) == 2


def test_an_action_id_given_twice_in_an_entry_is_refused(feed):
    feed.entry("2026-11-17-twice", """
        date: 2026-11-17
        actions:
          - {id: same, text: One}
          - {id: same, text: Two}
    """)
    result = feed.mentornet("check")
    assert result.returncode == 1 and "the action id 'same' is given twice in this entry" in result.stderr


KHAL_CONFIG = """\
[calendars]
[[mentoring]]
path = {folder}/calendar
type = calendar
[sqlite]
path = {folder}/khal.db
[locale]
timeformat = %H:%M
dateformat = %Y-%m-%d
longdateformat = %Y-%m-%d
datetimeformat = %Y-%m-%d %H:%M
longdatetimeformat = %Y-%m-%d %H:%M
"""


@pytest.mark.skipif(shutil.which("khal") is None, reason="khal is not installed (apt-get install khal)")
def test_khal_imports_the_feed_twice_after_a_rename_and_an_insert_without_duplicating(feed, tmp_path):
    config = tmp_path / "khal.conf"
    config.write_text(KHAL_CONFIG.format(folder=tmp_path))
    (tmp_path / "calendar").mkdir()

    def imported() -> int:
        feed_file = tmp_path / "feed.ics"
        feed_file.write_bytes(calendar.ics_bytes(load(Layout.of(feed.root)), TODAY))
        result = subprocess.run(["khal", "-c", str(config), "import", "--batch", "-a", "mentoring", str(feed_file)],
                                capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        return len(list((tmp_path / "calendar").glob("*.ics")))

    assert imported() == 6
    assert imported() == 6  # the same feed again: the same events, updated
    profile = feed.root / "data/profile.yaml"
    profile.write_text(profile.read_text().replace("name: Ada Example", "name: Ada Renamed"))
    review = feed.root / "content/journal/2026-11-16-review.md"
    review.write_text(review.read_text().replace(
        "  - {text: Send the draft", "  - {text: A new first action, due: 2026-12-04}\n  - {text: Send the draft"))
    assert imported() == 7  # one new action, nothing duplicated


def test_the_site_links_the_calendar_where_a_person_looks_with_how_to_subscribe(feed):
    feed.write("content/index.md", "# Home\n\n```mentornet\nattention\n```\n")
    for audience in ("owner", "mentor"):
        feed.build("--strict", env={"MENTORNET_AUDIENCE": audience})
        assert (feed.site / "calendar.ics").is_file()
        for page, link in (("journal/actions", "../../calendar.ics"), ("", "calendar.ics")):
            html = (feed.site / page / "index.html").read_text(encoding="utf-8")
            assert f'href="{link}"' in html, (audience, page)
            assert "Subscribe from web" in html and "New Calendar Subscription" in html
    feed.build("--strict", env={"MENTORNET_AUDIENCE": "public"})
    assert "calendar.ics" not in (feed.site / "index.html").read_text(encoding="utf-8")
