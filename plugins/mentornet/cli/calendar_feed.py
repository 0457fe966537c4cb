"""``mentornet calendar``: the journal's reminders as an ``.ics`` file for a calendar app."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from mentornet.cli import userfiles
from mentornet.cli.project import stages_for

from mentornet.audience import AUDIENCES

#: The public site has no calendar: reminders of whom to call are the owner's business.
CALENDAR_AUDIENCES = tuple(audience.name for audience in AUDIENCES if audience.calendar)


@click.command(name="calendar")
@click.argument("folder", default=".", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--audience", type=click.Choice(CALENDAR_AUDIENCES), default="owner", show_default=True,
              help="Only what this audience may see (the public site has no calendar).")
@click.option("--out", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path), default=Path("calendar.ics"),
              show_default=True, help="Where to write; - for standard output.")
def calendar_command(folder: Path, audience: str, out: Path) -> None:
    """Write each person's next contact, the actions due and the meetings planned, as an
    iCalendar file a calendar app can import or subscribe to."""
    from mentornet.journal import calendar

    stages = stages_for(folder, audience)
    if str(out) != "-":
        userfiles.refuse_kept_file(stages.layout, out)
    portfolio = stages.portfolio  # the audience's portfolio: nothing hidden reaches the feed
    data = calendar.ics_bytes(portfolio, stages.today)
    if str(out) == "-":
        sys.stdout.buffer.write(data)
        return
    userfiles.write_bytes(out, data)
    found = calendar.events(portfolio, stages.today)
    counts = {kind: sum(1 for e in found if e.kind == kind) for kind in ("contact", "action", "meeting")}
    click.echo(f"Wrote {out}: {counts['contact']} next contact(s), {counts['action']} action(s) due, "
               f"{counts['meeting']} planned meeting(s), for the {stages.audience} audience.")
