from django.urls import path, register_converter

from concilium.web import (
    accounts,
    chair,
    documents,
    notifications,
    projector,
    translations,
    views,
)


class SymbolConverter:
    """Everything to the end of the path, new lines included: a symbol stored before the
    symbol grammar was enforced must still link to its room, never break `{% url %}`."""

    regex = "(?s:.+)"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(SymbolConverter, "symbol")

app_name = "web"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("organization/", views.organization, name="organization"),
    path("meetings/", views.meetings, name="meetings"),
    path("meetings.ics", views.calendar, name="calendar"),
    path("meetings/<slug:slug>.ics", views.calendar, name="meeting_calendar"),
    path("meetings/<slug:slug>/", views.meeting, name="meeting"),
    path("registry/", views.registry, name="registry"),
    path("notifications/", notifications.notification_list, name="notifications"),
    path("notifications/read", notifications.notification_read, name="notification_read"),
    path("notifications/count", notifications.notification_count, name="notification_count"),
    path("notifications/settings/", notifications.notification_settings,
         name="notification_settings"),
    path("calendar/<str:token>.ics", notifications.calendar_feed, name="calendar_feed"),
    path("search/", views.search, name="search"),
    # Symbols contain slashes (SCO/CFM/2020/1): the symbol is always the last part.
    path("room/<symbol:symbol>", views.room, name="room"),
    path("fragment/<slug:fragment>/<symbol:symbol>", views.room_fragment, name="room_fragment"),
    path("act/<symbol:symbol>", views.act_form, name="act_form"),
    path("propose/<symbol:symbol>", views.propose, name="propose"),
    path("decide/<symbol:symbol>", views.decide, name="decide"),
    path("position/<symbol:symbol>", views.position, name="position"),
    path("redline/<symbol:symbol>", views.redline, name="redline"),
]
urlpatterns += [
    path("exports/start", views.export_start, name="export_start"),
    path("exports/job/<uuid:job_id>", views.export_progress, name="export_progress"),
]

# documents workspace
urlpatterns += [
    path("documents/", documents.documents, name="documents"),
    path("documents/new", documents.document_create, name="document_create"),
    path("documents/import", documents.document_import, name="document_import"),
    path("documents/translations/<symbol:symbol>", translations.translations,
         name="document_translations"),
    path("documents/release/<symbol:symbol>", documents.document_release, name="document_release"),
    path("accounts/", accounts.accounts, name="accounts"),
    path("accounts/new", accounts.account_create, name="account_create"),
    path("accounts/<str:username>/", accounts.account, name="account"),
]

# chair
urlpatterns += [
    path("chair/text/<symbol:symbol>", chair.chair_text, name="chair_text"),
    path("chair/meeting/<slug:slug>/", chair.meeting_desk, name="meeting_desk"),
    path("chair/meeting/<slug:slug>/decisions", chair.desk_fragment, name="desk_fragment"),
    path("chair/meeting/<slug:slug>/decide", chair.meeting_decide, name="meeting_decide"),
    path("chair/meeting/<slug:slug>/package", chair.meeting_package, name="meeting_package"),
    path("chair/meeting/<slug:slug>/floor", chair.meeting_floor, name="meeting_floor"),
    path("chair/document/<symbol:symbol>", chair.text_page, name="chair_text_page"),
    path("chair/panel/<symbol:symbol>", chair.text_panel, name="chair_text_panel"),
    path("chair/outcome/<symbol:symbol>", chair.text_outcome, name="chair_outcome"),
    path("chair/focus/<symbol:symbol>", chair.text_focus, name="chair_focus"),
    path("chair/silence/<symbol:symbol>", chair.text_silence, name="chair_silence"),
    path("chair/silence-banner/<symbol:symbol>", chair.silence_banner, name="silence_banner"),
    path("screen/frame/<symbol:symbol>", projector.projector_frame, name="projector_frame"),
    path("screen/<symbol:symbol>", projector.projector, name="projector"),
]

# meetings workspace: the Secretariat plans, edits, builds the agenda, records delegations and
# side events, circulates, and publishes a meeting's outcome texts.
from concilium.web import meetings_admin, publishing  # noqa: E402  (kept with its block)

urlpatterns[0:0] = [  # before `meetings/<slug>/`, which would take "new" for a slug
    path("meetings/new/", meetings_admin.meeting_new, name="meeting_new"),
    path("meetings/new/chair", meetings_admin.chair_rule, name="meeting_chair_rule"),
]
urlpatterns += [
    path("meetings/<slug:slug>/edit/", meetings_admin.meeting_edit, name="meeting_edit"),
    path("meetings/<slug:slug>/cancel/", meetings_admin.meeting_cancel, name="meeting_cancel"),
    path("meetings/<slug:slug>/agenda/", meetings_admin.agenda, name="meeting_agenda"),
    path("meetings/<slug:slug>/agenda/<slug:action>", meetings_admin.agenda_act,
         name="meeting_agenda_act"),
    path("meetings/<slug:slug>/attendance/", meetings_admin.attendance,
         name="meeting_attendance"),
    path("meetings/<slug:slug>/attendance/<slug:action>", meetings_admin.attendance_act,
         name="meeting_attendance_act"),
    path("meetings/<slug:slug>/circulate/", meetings_admin.circulate, name="meeting_circulate"),
    path("meetings/<slug:slug>/minutes/", publishing.minutes, name="meeting_minutes"),
    path("meetings/<slug:slug>/publish/", publishing.publish, name="meeting_publish"),
    path("meetings/<slug:slug>/publish/<slug:kind>/save", publishing.save,
         name="meeting_publish_save"),
    path("publish/<path:symbol>", publishing.release, name="publish_release"),
]

# correspondence: the delegations' composition and credentials; notes verbales and the list
# of participants composed from the records.
from concilium.web import correspondence, delegations  # noqa: E402  (kept with its block)

urlpatterns += [
    path("meetings/<slug:slug>/delegations/", delegations.delegations,
         name="meeting_delegations"),
    path("meetings/<slug:slug>/delegations/<slug:action>", delegations.delegations_act,
         name="meeting_delegations_act"),
    path("meetings/<slug:slug>/correspondence/", correspondence.correspondence,
         name="meeting_correspondence"),
    path("meetings/<slug:slug>/correspondence/download", correspondence.download,
         name="meeting_correspondence_download"),
    path("meetings/<slug:slug>/correspondence/issue", correspondence.issue,
         name="meeting_correspondence_issue"),
]

# the gates before an agreement (exceptions, waivers) and votes where the charter says vote
from concilium.web import gates, votes  # noqa: E402  (kept with its block)

urlpatterns += [
    path("meetings/<slug:slug>/exceptions/", gates.exceptions, name="meeting_exceptions"),
    path("meetings/<slug:slug>/votes/", votes.votes, name="meeting_votes"),
]

# verify
from concilium.web import verify  # noqa: E402  (kept with its block)

urlpatterns += [
    path("verify/", verify.verify, name="verify"),
]
