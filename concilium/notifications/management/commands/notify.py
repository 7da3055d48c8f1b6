"""`concilium notify`: an account's notifications, what it follows, and the sending.

    concilium notify list USER [--unread] [--json]   what USER was told, in USER's language
    concilium notify follow USER KIND KEY            follow a state, body, meeting or document
    concilium notify unfollow USER KIND KEY
    concilium notify settings USER [--language L] [--email each|daily|off] [--defaults on|off]
    concilium notify send                            reminders due, then every e-mail due
    concilium notify digest                          the daily digests due
    concilium notify calendar USER [--revoke]        a new secret calendar address, or none

`send` and `digest` are what the worker's periodic tasks run; both give the same result
however often they run.
"""

from __future__ import annotations

from concilium.core.commands import ConciliumCommand
from concilium.notifications import delivery, selectors, services, texts
from concilium.notifications import models as n


class Command(ConciliumCommand):
    help = "Notifications: list, follow, settings, send the e-mails due, the daily digest."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        lst = sub.add_parser("list", help="an account's notifications, newest first")
        lst.add_argument("username")
        lst.add_argument("--unread", action="store_true")
        lst.add_argument("--json", action="store_true", help="print one JSON document")
        for name in ("follow", "unfollow"):
            p = sub.add_parser(name, help=f"{name} a state, body, meeting or document")
            p.add_argument("username")
            p.add_argument("kind", choices=n.FollowKind.values)
            p.add_argument("key")
        st = sub.add_parser("settings", help="language, e-mail mode, the role's defaults")
        st.add_argument("username")
        st.add_argument("--language", help="en, ru, zh-hans; '' for the site's language")
        st.add_argument("--email", choices=n.EmailMode.values)
        st.add_argument("--defaults", choices=["on", "off"])
        sub.add_parser("send", help="the silence reminders due, then every e-mail due")
        sub.add_parser("digest", help="the daily digests due")
        cal = sub.add_parser("calendar", help="a new secret calendar address (or --revoke)")
        cal.add_argument("username")
        cal.add_argument("--revoke", action="store_true")

    def handle(self, *args, **options):
        getattr(self, f"do_{options['action']}")(options)

    def do_list(self, o):
        user = selectors.user_for(o["username"])
        lang = selectors.language_of(selectors.settings_of(user))
        rows = selectors.notification_list(user=user, unread_only=o["unread"], limit=200)
        worded = [(r, *texts.worded(r.kind, r.params, lang)) for r in rows]
        if o["json"]:
            return self.write_json([
                {"id": r.pk, "kind": r.kind, "subject": subject, "text": text,
                 "document": r.document, "meeting": r.meeting, "created_at": r.created_at,
                 "read": r.read_at is not None, "email": r.email_state}
                for r, subject, text in worded])
        for r, subject, _text in worded:
            mark = " " if r.read_at else "*"
            self.stdout.write(f"{mark} {r.created_at:%Y-%m-%d %H:%M}  {subject}  [{r.email_state}]")

    def do_follow(self, o):
        services.follow_add(username=o["username"], kind=o["kind"], key=o["key"],
                            acting_user=self.actor)
        self.stdout.write(f"{o['username']} follows {o['kind']} {o['key']}.")

    def do_unfollow(self, o):
        services.follow_remove(username=o["username"], kind=o["kind"], key=o["key"],
                               acting_user=self.actor)
        self.stdout.write(f"{o['username']} no longer follows {o['kind']} {o['key']}.")

    def do_settings(self, o):
        defaults = None if o["defaults"] is None else o["defaults"] == "on"
        row = services.notification_settings_update(
            username=o["username"], language=o["language"], email=o["email"],
            defaults=defaults, acting_user=self.actor)
        self.stdout.write(f"{o['username']}: language {row.language or 'of the site'}, "
                          f"e-mail {row.email}, defaults {'on' if row.defaults else 'off'}.")

    def do_send(self, o):
        reminders = delivery.silence_reminders_create()
        sent = delivery.emails_send()
        self.stdout.write(f"{len(reminders)} reminders made, {sent} e-mails sent.")

    def do_digest(self, o):
        self.stdout.write(f"{delivery.digests_send()} digests sent.")

    def do_calendar(self, o):
        if o["revoke"]:
            revoked = services.calendar_feed_revoke(username=o["username"],
                                                    acting_user=self.actor)
            return self.stdout.write("Revoked." if revoked else "There was no address.")
        token = services.calendar_feed_create(username=o["username"], acting_user=self.actor)
        self.stdout.write(f"/calendar/{token}.ics")
