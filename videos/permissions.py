"""Who may see what of a lesson: the one place views ask."""


def can_view_lesson(lesson) -> bool:
    """Unpublished lessons do not exist for anyone on the site (staff use the admin)."""
    return lesson.is_published


def can_play(lesson) -> bool:
    """Media is served only for a published lesson whose transcode finished."""
    return lesson.is_published and lesson.status == lesson.Status.READY


def can_record_progress(user, lesson) -> bool:
    return user.is_authenticated and can_play(lesson)
