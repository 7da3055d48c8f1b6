from django.urls import path

from concilium.web import views

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
    path("search/", views.search, name="search"),
    # Symbols contain slashes (SCO/CFM/2020/1): the symbol is always the last part.
    path("room/<path:symbol>", views.room, name="room"),
    path("fragment/<slug:fragment>/<path:symbol>", views.room_fragment, name="room_fragment"),
    path("act/<path:symbol>", views.act_form, name="act_form"),
    path("propose/<path:symbol>", views.propose, name="propose"),
    path("decide/<path:symbol>", views.decide, name="decide"),
    path("position/<path:symbol>", views.position, name="position"),
    path("redline/<path:symbol>", views.redline, name="redline"),
]
urlpatterns += [
    path("exports/start", views.export_start, name="export_start"),
    path("exports/job/<uuid:job_id>", views.export_progress, name="export_progress"),
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
