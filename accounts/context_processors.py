from django.conf import settings


def navigation(request) -> dict:
    return {"LANGUAGE_CHOICES": settings.LANGUAGES}
