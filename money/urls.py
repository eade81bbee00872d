from django.urls import path

from money import views

app_name = "money"

# Not in robots.txt: it disallows whole first segments, and the simulator is public. The
# private pages answer `X-Robots-Tag: noindex, nofollow` instead (views.private).
urlpatterns = [
    path("", views.simulator, name="simulator"),
    path("save/", views.save, name="save"),
    path("saved/", views.saved, name="saved"),
    path("saved/<int:pk>/", views.open_saved, name="open_saved"),
    path("saved/<int:pk>/delete/", views.delete_saved, name="delete_saved"),
]
