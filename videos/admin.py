"""Staff add lessons here: an upload and its WebVTT captions; the worker (`process_lessons`)
transcodes the upload, so this request only stores the file."""

from django import forms
from django.contrib import admin

from videos import media, services
from videos.media import MediaError
from videos.models import Lesson


class LessonForm(forms.ModelForm):
    class Meta:
        model = Lesson
        fields = [
            "title",
            "slug",
            "summary",
            "topics",
            "source",
            "captions",
            "chapters",
            "related",
            "last_reviewed",
            "is_published",
            "order",
        ]
        labels = {"source": "Video upload"}
        help_texts = {
            "source": "Any video ffmpeg reads; transcoded to MP4 in the background. "
            "Upload again to replace the video."
        }

    def clean_source(self):
        upload = self.cleaned_data.get("source")
        if not upload and not (self.instance.pk and self.instance.video):
            raise forms.ValidationError("Upload the lesson's video.")
        if upload and "source" in self.changed_data:
            try:
                services.check_upload_size(upload.size)
            except MediaError as error:
                raise forms.ValidationError(str(error)) from error
        return upload

    def clean_captions(self):
        upload = self.cleaned_data.get("captions")
        if upload and "captions" in self.changed_data:
            try:
                cues = media.parse_webvtt(upload.read())
                if self.instance.is_ready and "source" not in self.changed_data:
                    media.check_cues_fit(cues, self.instance.duration_seconds or 0)
            except MediaError as error:
                raise forms.ValidationError(str(error)) from error
            finally:
                upload.seek(0)
        return upload


@admin.register(Lesson)
class LessonAdmin(admin.ModelAdmin):
    form = LessonForm
    list_display = ["title", "slug", "status", "is_published", "duration_label", "last_reviewed"]
    list_filter = ["status", "is_published", "topics"]
    search_fields = ["title", "slug", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["status", "error", "duration_seconds", "width", "height", "size_bytes"]

    def save_model(self, request, obj, form, change):
        new_video = "source" in form.changed_data and obj.source
        if new_video:
            services.mark_for_processing(obj)
        super().save_model(request, obj, form, change)
        if "captions" in form.changed_data and not new_video and obj.is_ready:
            services.refresh_transcript(obj)
        services.lesson_changed(obj)
