from django.http import HttpResponse
def home(request): return HttpResponse("")
company=topic_index=topic=questions=ask=search=home
