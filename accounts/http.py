"""The request a seeker's page gets, for type checking."""

from django.http import HttpRequest

from .models import User


class SignedInRequest(HttpRequest):
    """A request LoginRequiredMiddleware let through: its user is a User, never anonymous.
    Views say so in their annotations; Django still hands them a plain HttpRequest."""

    user: User
