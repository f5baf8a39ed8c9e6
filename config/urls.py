from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "lerq administration"
admin.site.site_title = "lerq"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("triage.urls")),
]
