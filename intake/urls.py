from django.urls import path

from intake import views

app_name = "intake"

urlpatterns = [
    path("routing/", views.needs_routing, name="needs_routing"),
    path("routing/emergencies/", views.held_emergencies, name="held_emergencies"),
    path("routing/<int:pk>/attach/", views.held_attach, name="held_attach"),
    path("routing/<int:pk>/open/", views.held_open, name="held_open"),
    path("routing/<int:pk>/dismiss/", views.held_dismiss, name="held_dismiss"),
    path("routing/<int:pk>/government/", views.held_government, name="held_government"),
    path("routing/<int:pk>/refuse/", views.held_refuse, name="held_refuse"),
    path("new/", views.manual_intake, name="manual_intake"),
    path("requests/<ref:reference>/messages/", views.request_messages, name="request_messages"),
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
]
