from django.urls import path

from money import views

app_name = "money"

# robots.txt keeps crawlers out of the private pages (the simulator is public).
NOT_FOR_CRAWLERS = ("money:saved",)

urlpatterns = [
    path("", views.simulator, name="simulator"),
    path("save/", views.save, name="save"),
    path("saved/", views.saved, name="saved"),
    path("saved/<int:pk>/", views.open_saved, name="open_saved"),
    path("saved/<int:pk>/delete/", views.delete_saved, name="delete_saved"),
]
