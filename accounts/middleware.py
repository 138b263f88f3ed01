from django.utils import timezone, translation

from accounts.services import user_settings_update


class UserPreferencesMiddleware:
    """Activate the signed-in user's language and time zone for the request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated:
            if user.language_chosen:
                translation.activate(user.language)
                request.LANGUAGE_CODE = user.language
            elif user.language != request.LANGUAGE_CODE:
                # Follows the browser (LocaleMiddleware's choice) until a language is
                # picked; emails go out in the one last seen.
                user_settings_update(user=user, language=request.LANGUAGE_CODE)
            timezone.activate(user.tzinfo)
        response = self.get_response(request)
        timezone.deactivate()
        return response
