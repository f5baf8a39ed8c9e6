from django.urls import path

from intake import views

app_name = "intake"

urlpatterns = [
    path("routing/", views.needs_routing, name="needs_routing"),
    path("new/", views.manual_intake, name="manual_intake"),
    path("requests/<ref:reference>/messages/", views.request_messages, name="request_messages"),
]
