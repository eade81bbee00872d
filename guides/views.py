from django.http import Http404
from django.shortcuts import render


def guide_index(request):
    return render(request, "guides/index.html", {"guides": []})


def guide_detail(request, slug):
    raise Http404("No such guide")
