from django.urls import path

from concilium.web import chair, projector, views

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

# chair
urlpatterns += [
    path("chair/text/<path:symbol>", chair.chair_text, name="chair_text"),
]
urlpatterns += [
    path("chair/meeting/<slug:slug>/", chair.meeting_desk, name="meeting_desk"),
    path("chair/meeting/<slug:slug>/decisions", chair.desk_fragment, name="desk_fragment"),
    path("chair/meeting/<slug:slug>/decide", chair.meeting_decide, name="meeting_decide"),
    path("chair/meeting/<slug:slug>/package", chair.meeting_package, name="meeting_package"),
]
urlpatterns += [
    path("chair/meeting/<slug:slug>/floor", chair.meeting_floor, name="meeting_floor"),
]
urlpatterns += [
    path("chair/document/<path:symbol>", chair.text_page, name="chair_text_page"),
    path("chair/panel/<path:symbol>", chair.text_panel, name="chair_text_panel"),
    path("chair/outcome/<path:symbol>", chair.text_outcome, name="chair_outcome"),
    path("chair/focus/<path:symbol>", chair.text_focus, name="chair_focus"),
    path("chair/silence/<path:symbol>", chair.text_silence, name="chair_silence"),
]
urlpatterns += [
    path("screen/frame/<path:symbol>", projector.projector_frame, name="projector_frame"),
    path("screen/<path:symbol>", projector.projector, name="projector"),
]
urlpatterns += [
    path("chair/silence-banner/<path:symbol>", chair.silence_banner, name="silence_banner"),
]
