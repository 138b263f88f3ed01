from rest_framework.permissions import SAFE_METHODS, BasePermission

from .models import PersonalAccessToken


class TokenScopePermission(BasePermission):
    """A read-scope token may only read."""

    message = "This token has read scope only."

    def has_permission(self, request, view) -> bool:
        token = request.auth
        if isinstance(token, PersonalAccessToken) and request.method not in SAFE_METHODS:
            return token.scope == PersonalAccessToken.Scope.WRITE
        return True
