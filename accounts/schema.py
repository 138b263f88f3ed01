"""OpenAPI post-processing: document the error answers every operation can give."""

ERROR_DETAIL = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
FIELD_ERRORS = {
    "type": "object",
    "description": "Field name (or `detail`) to a list of messages.",
    "additionalProperties": {
        "anyOf": [
            {"type": "array", "items": {}},
            {"type": "string"},
            {"type": "object"},
        ]
    },
}

COMMON = {
    "400": ("Invalid input: messages per field.", "FieldErrors"),
    "401": ("Not authenticated, or an invalid, expired or revoked token.", "ErrorDetail"),
    "403": ("Not allowed, e.g. a read-only token writing.", "ErrorDetail"),
    "404": ("Not found, or not yours.", "ErrorDetail"),
    "429": ("Too many requests; see the Retry-After header.", "ErrorDetail"),
    "500": ("An error on our side; nothing was changed.", "ErrorDetail"),
    "503": ("The service is briefly unavailable; see the Retry-After header.", "ErrorDetail"),
}
BODY_EXTRA = {"413": ("The request body is too large.", "ErrorDetail")}
UNSAFE_EXTRA = {"412": ("The If-Match ETag is stale.", "ErrorDetail")}


def _blank_or_url(prop: dict) -> dict | None:
    """drf-spectacular writes an optional URL as oneOf[uri, empty string]. Schema fuzzers
    mutate the `uri` branch alone and flag the empty string the other branch allows, so
    state it as one plain string with the rule in words."""
    branches = prop.get("oneOf") or []
    if (
        len(branches) == 2
        and branches[0].get("format") == "uri"
        and branches[1]
        == {
            "type": "string",
            "maxLength": 0,
        }
    ):
        plain = {"type": "string", "description": "An absolute http(s) URL, or empty."}
        if "maxLength" in branches[0]:
            plain["maxLength"] = branches[0]["maxLength"]
        return plain
    return None


def add_error_responses(result, generator, request, public):
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault("ErrorDetail", ERROR_DETAIL)
    schemas.setdefault("FieldErrors", FIELD_ERRORS)
    for component in schemas.values():
        for name, prop in (component.get("properties") or {}).items():
            plain = _blank_or_url(prop)
            if plain is not None:
                component["properties"][name] = plain
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            responses = operation.setdefault("responses", {})
            extra = dict(COMMON)
            if method in {"post", "put", "patch"}:
                extra.update(BODY_EXTRA)
            # Only a write that takes If-Match (accounts.conditional) can answer 412.
            headers = {
                p.get("name") for p in operation.get("parameters", []) if p.get("in") == "header"
            }
            if method in {"put", "patch", "delete"} and "If-Match" in headers:
                extra.update(UNSAFE_EXTRA)
            for code, (description, schema) in extra.items():
                responses.setdefault(
                    code,
                    {
                        "description": description,
                        "content": {
                            "application/json": {
                                "schema": {"$ref": f"#/components/schemas/{schema}"}
                            }
                        },
                    },
                )
    return result
