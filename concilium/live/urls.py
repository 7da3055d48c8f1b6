from django.urls import path

from concilium.live import views

app_name = "live"
urlpatterns = [
    path("stream", views.stream, name="stream"),
]
