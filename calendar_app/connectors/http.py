"""The one way a connector talks to a platform: guarded, capped, polite, conditional.

- Each hop's host passes the private-address guard (accounts.addresses), except the hosts of
  the configured `CONNECTOR_BASE_URLS` (set by the operator, not by a user). Redirects are
  followed by hand, at most `CONNECTOR_MAX_REDIRECTS`, each target checked again.
- Timeouts on connect and read; a body over `CONNECTOR_MAX_BYTES` is refused unread.
- One request slot per host at a time (analytics.connectors.limits); a 429 or a 5xx with
  Retry-After pauses the whole host, so one platform's throttle delays only its channels.
- ETag / Last-Modified are remembered per URL in `validators` and sent back; a 304 is None.
"""

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlencode, urljoin, urlsplit

import requests
from django.conf import settings

from accounts.addresses import refuses_url

from . import limits

USER_AGENT = "Sweetspot-Connectors/1 (+https://github.com/sweetspot)"
REDIRECTS = {301, 302, 303, 307, 308}


class FetchError(Exception):
    """Why a fetch failed, as a short code the channel page puts in plain words."""

    def __init__(self, code: str, *, retry_after: float | None = None, detail: str = ""):
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.retry_after = retry_after


@dataclass
class Response:
    url: str
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        try:
            return json.loads(self.body)
        except ValueError as error:
            raise FetchError("malformed", detail=str(error)[:100]) from error


def retry_after_seconds(value: str | None) -> float | None:
    """Retry-After as seconds (delta-seconds or an HTTP date), bounded to a day."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return min(float(value), 86400.0)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return min(max((when - datetime.now(UTC)).total_seconds(), 0.0), 86400.0)


def _trusted_hosts() -> set[str]:
    return {urlsplit(base).netloc for base in settings.CONNECTOR_BASE_URLS.values() if base}


class Client:
    """One channel's run: shares the requests session and the channel's validators."""

    def __init__(
        self,
        *,
        validators: dict[str, dict[str, str]] | None = None,
        since: datetime | None = None,
    ):
        self.validators = validators if validators is not None else {}
        # Posts older than this are known from earlier runs: listings stop paging there.
        self.since = since
        self.session = requests.Session()
        self.session.trust_env = False  # no proxies or .netrc from the worker's environment
        self.requests_made = 0

    def close(self) -> None:
        self.session.close()

    def get(
        self,
        url: str,
        *,
        params: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
        conditional: bool = False,
    ) -> Response | None:
        """GET the URL; None when it answers 304 Not Modified to a conditional request."""
        if params:
            url = f"{url}{'&' if '?' in url else '?'}{urlencode(params)}"
        key = url
        sent = {"User-Agent": USER_AGENT, "Accept-Encoding": "identity", **(headers or {})}
        if conditional and key in self.validators:
            known = self.validators[key]
            if known.get("etag"):
                sent["If-None-Match"] = known["etag"]
            if known.get("last_modified"):
                sent["If-Modified-Since"] = known["last_modified"]
        trusted = _trusted_hosts()
        for _hop in range(settings.CONNECTOR_MAX_REDIRECTS + 1):
            try:
                parts = urlsplit(url)
                valid = parts.scheme in {"http", "https"} and bool(parts.hostname)
            except ValueError:
                valid = False
            if not valid:
                raise FetchError("bad_address", detail=url[:100])
            if parts.netloc not in trusted:
                refusal = refuses_url(url, allow_private=settings.CONNECTOR_ALLOW_PRIVATE_HOSTS)
                if refusal:
                    raise FetchError("private_host" if "private" in refusal else "host_not_found")
            response = self._once(url, sent)
            if response.status in REDIRECTS and response.headers.get("location"):
                url = urljoin(url, response.headers["location"])
                continue
            break
        else:
            raise FetchError("too_many_redirects")
        return self._answer(key, response, conditional)

    def _answer(self, key: str, response: Response, conditional: bool) -> Response | None:
        status = response.status
        if status == 304 and conditional:
            return None
        if status == 429 or status >= 500:
            wait = retry_after_seconds(response.headers.get("retry-after"))
            if status == 429 or wait is not None:
                limits.pause_host(urlsplit(response.url).netloc, wait or 60.0)
            code = "rate_limited" if status == 429 else "server_error"
            raise FetchError(code, retry_after=wait)
        if status in {401, 403}:
            raise FetchError("unauthorized", detail=str(status))
        if status in {404, 410}:
            raise FetchError("not_found")
        if not 200 <= status < 300:
            raise FetchError("refused", detail=str(status))
        if conditional:
            etag, modified = response.headers.get("etag"), response.headers.get("last-modified")
            if etag or modified:
                self.validators[key] = {
                    name: value
                    for name, value in (("etag", etag), ("last_modified", modified))
                    if value
                }
        return response

    def _once(self, url: str, headers: dict[str, str]) -> Response:
        host = urlsplit(url).netloc
        limit = settings.CONNECTOR_MAX_BYTES
        with limits.host_slot_waiting(host):
            self.requests_made += 1
            try:
                with self.session.get(
                    url,
                    headers=headers,
                    allow_redirects=False,
                    stream=True,
                    timeout=(
                        settings.CONNECTOR_TIMEOUT_SECONDS,
                        settings.CONNECTOR_TIMEOUT_SECONDS,
                    ),
                ) as raw:
                    declared = raw.headers.get("content-length", "")
                    if declared.isdigit() and int(declared) > limit:
                        raise FetchError("too_large")
                    body = bytearray()
                    for chunk in raw.iter_content(64 * 1024):
                        body.extend(chunk)
                        if len(body) > limit:
                            raise FetchError("too_large")
                    return Response(
                        url=url,
                        status=raw.status_code,
                        headers={k.lower(): v for k, v in raw.headers.items()},
                        body=bytes(body),
                    )
            except requests.Timeout as error:
                raise FetchError("timeout") from error
            except requests.RequestException as error:
                raise FetchError("network", detail=type(error).__name__) from error
