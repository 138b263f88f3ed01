from rest_framework.permissions import SAFE_METHODS, BasePermission

from .models import PersonalAccessToken
from .tokens import token_scope


class TokenScopePermission(BasePermission):
    """A read-scope token (personal or OAuth) may only read."""

    message = "This token has read scope only."

    def has_permission(self, request, view) -> bool:
        scope = token_scope(request.auth)
        if scope is not None and request.method not in SAFE_METHODS:
            return scope == PersonalAccessToken.Scope.WRITE
        return True
