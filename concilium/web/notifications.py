"""The reader's notifications: the list with mark-as-read, the unread count in the header
(fetched by htmx after the page, so that no page pays a query for it), what they follow and
how they are told, and the calendar feed served at its secret address.

Each write is one service call; a refusal is shown beside the field it names. Only a
signed-in account has notifications; the feed needs no session, its address is the key.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from concilium.core.errors import DomainError, NotFound
from concilium.core.text import content_disposition
from concilium.meetings.calendar import calendar
from concilium.notifications import delivery, selectors, services, texts
from concilium.notifications import models as n
from concilium.web.views import page, ui_lang


def _rows(rows, lang):
    out = []
    for row in rows:
        subject, sentence = texts.worded(row.kind, row.params, lang)
        out.append({"row": row, "subject": subject, "text": sentence,
                    "link": delivery.link_of(row)})
    return out


@require_GET
@page
def notification_list(request):
    """The latest notifications, unread first marked; one button marks them all read."""
    user = selectors.account_of(request.actor)
    rows = selectors.notification_list(user=user, unread_only=request.GET.get("unread") == "1")
    return render(request, "web/notifications/list.html", {
        "section": "notifications", "items": _rows(rows, ui_lang()),
        "unread": sum(1 for r in rows if r.read_at is None)})


@require_POST
@page
def notification_read(request):
    user = selectors.account_of(request.actor)
    ids = request.POST.getlist("id") or None
    services.notifications_mark_read(username=user.username, ids=ids, acting_user=request.actor)
    return redirect("web:notifications")


@require_GET
@page
def notification_count(request):
    """The header's link with the unread count (htmx); empty for the public."""
    if not request.actor.is_authenticated:
        return HttpResponse("")
    count = selectors.unread_count(user=selectors.account_of(request.actor))
    return render(request, "web/notifications/_count.html", {"count": count})


def _settings_page(request, user, error=None, status=200, token=None):
    return render(request, "web/notifications/settings.html", {
        "section": "notifications", "s": selectors.settings_of(user),
        "follows": selectors.follows_of(user), "modes": n.EmailMode.choices,
        "kinds": n.FollowKind.choices,
        "feed": n.CalendarFeed.objects.filter(user=user).exists(), "token": token,
        "feed_url": request.build_absolute_uri(f"/calendar/{token}.ics") if token else "",
        "error": error, "typed": request.POST if error else {}}, status=status)


SETTINGS_ACTIONS = ("save", "follow", "unfollow", "calendar-new", "calendar-revoke")


@require_http_methods(["GET", "POST"])
@page
def notification_settings(request):
    """What the reader follows, the language and e-mail mode, and the calendar address."""
    user = selectors.account_of(request.actor)
    if request.method == "GET":
        return _settings_page(request, user)
    p, actor, token = request.POST, request.actor, None
    action = p.get("action", "save")
    try:
        if action == "follow":
            services.follow_add(username=user.username, kind=p.get("kind", ""),
                                key=p.get("key", ""), acting_user=actor)
        elif action == "unfollow":
            services.follow_remove(username=user.username, kind=p.get("kind", ""),
                                   key=p.get("key", ""), acting_user=actor)
        elif action == "calendar-new":
            token = services.calendar_feed_create(username=user.username, acting_user=actor)
        elif action == "calendar-revoke":
            services.calendar_feed_revoke(username=user.username, acting_user=actor)
        else:
            services.notification_settings_update(
                username=user.username, language=p.get("language", ""),
                email=p.get("email", ""), defaults=p.get("defaults") == "on",
                acting_user=actor)
    except NotFound as error:
        return _settings_page(request, user, error, 404)
    except DomainError as error:
        return _settings_page(request, user, error, error.status)
    if token:
        return _settings_page(request, selectors.user_for(user.username), token=token)
    messages.success(request, _("Your notification settings are saved."))
    back = p.get("next", "")
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return redirect(back)
    return redirect("web:notification_settings")


@require_GET
def calendar_feed(request, token):
    """A subscriber's calendar: the meetings they follow, in their language; 404 once the
    address is revoked or replaced."""
    try:
        user, meetings = selectors.calendar_feed_meetings(token)
    except NotFound as error:
        raise Http404(error.message) from error
    lang = selectors.language_of(selectors.settings_of(user))
    body = calendar(meetings, lang=lang, name=_("Concilium: my meetings"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = content_disposition("meetings.ics")
    response["Cache-Control"] = "private, no-store"
    return response
