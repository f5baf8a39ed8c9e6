from django.contrib import admin
from django.contrib.auth.views import LogoutView
from django.urls import include, path
from two_factor.admin import AdminSiteOTPRequired
from two_factor.urls import urlpatterns as two_factor_urls

# The admin asks for the second factor too: same sign-in page, same TOTP.
admin.site.__class__ = AdminSiteOTPRequired
admin.site.site_header = "lerq administration"
admin.site.site_title = "lerq"

urlpatterns = [
    path("admin/", admin.site.urls),
    # account/login/, account/two_factor/ (enrol, backup codes), from django-two-factor-auth
    path("", include(two_factor_urls)),
    path("account/logout/", LogoutView.as_view(), name="logout"),
    path("", include("triage.urls")),  # registers the `ref` converter intake's URLs use
    path("intake/", include("intake.urls")),
]
