from django.urls import path

from outcomes import views

app_name = "outcomes"

urlpatterns = [
    path("", views.index, name="index"),
    path("report/", views.report, name="report"),
    path("withdraw/", views.withdraw, name="withdraw"),
]
