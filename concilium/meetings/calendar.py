"""iCalendar files of meetings: one all-day event per meeting and per side event.

UIDs are `<meeting slug>@<domain>` (side events: `<slug>-side-<n>@<domain>`); calendar
programs match events by UID, so a published UID must never change. They replace an event
they hold when its SEQUENCE is higher (`Meeting.sequence`, raised by a move or a
cancellation); a cancelled meeting stays in the file with STATUS:CANCELLED so that
subscribers' calendars strike it rather than keep the old one.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone, translation
from icalendar import Calendar, Event

from concilium.meetings import models as m
from concilium.meetings.selectors import calendar_entries
from concilium.meetings.wording import VIDEO_CONFERENCE, base_language, venue
from concilium.organization import models as om
from concilium.organization import selectors as org


def calendar_domain() -> str:
    """The domain part of calendar UIDs: setting CONCILIUM_CALENDAR_DOMAIN, else
    `<organization slug>.concilium`. UIDs must never change once published."""
    return getattr(settings, "CONCILIUM_CALENDAR_DOMAIN", "") or \
        f"{org.organization().slug}.concilium"


def calendar(meetings: list[m.Meeting], *, lang: str = "en", name: str = "") -> bytes:
    """An iCalendar file: one all-day event per meeting (DTEND is the day after the last),
    side events as their own all-day events. Agenda titles go in the description."""
    lang = base_language(lang)
    domain = calendar_domain()
    items, events = calendar_entries(meetings)
    cal = Calendar()
    cal.add("prodid", "-//Concilium//meetings//EN")
    cal.add("version", "2.0")
    if name:
        cal.add("x-wr-calname", name)
    stamp = timezone.now()
    with translation.override(lang):
        for meeting in meetings:
            ev = Event()
            ev.add("uid", f"{meeting.slug}@{domain}")
            ev.add("dtstamp", stamp)
            ev.add("sequence", meeting.sequence)
            cancelled = meeting.status == m.MeetingStatus.CANCELLED
            ev.add("status", "CANCELLED" if cancelled else "CONFIRMED")
            ev.add("dtstart", meeting.start)
            ev.add("dtend", meeting.end + dt.timedelta(days=1))
            place = meeting.city_name(lang) if meeting.format != m.MeetingFormat.VIDEO \
                else str(VIDEO_CONFERENCE)
            ev.add("summary", f"{meeting.body.name(lang)}, {place}")
            ev.add("location", venue(meeting, lang))
            desc = [f"{i.number}. {i.title(lang)}" for i in items.get(meeting.pk, [])]
            if desc:
                ev.add("description", "\n".join(desc))
            cal.add_component(ev)
            for n, side in enumerate(events.get(meeting.pk, []), start=1):
                se = Event()
                se.add("uid", f"{meeting.slug}-side-{n}@{domain}")
                se.add("dtstamp", stamp)
                se.add("sequence", meeting.sequence)
                if cancelled:
                    se.add("status", "CANCELLED")
                se.add("dtstart", side.date)
                se.add("dtend", side.date + dt.timedelta(days=1))
                se.add("summary", om.pick_name(side.titles, lang, ""))
                if side.format == m.MeetingFormat.VIDEO:
                    se.add("location", str(VIDEO_CONFERENCE))
                cal.add_component(se)
    return cal.to_ical()
