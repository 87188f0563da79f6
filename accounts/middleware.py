from django.utils import timezone


class UserTimezoneMiddleware:
    """Show every date and time in the signed-in seeker's own time zone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            timezone.activate(request.user.profile.tzinfo)
        else:
            timezone.deactivate()
        return self.get_response(request)
