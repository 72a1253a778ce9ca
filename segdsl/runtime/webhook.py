"""Posting JSON to a webhook (`segdsl sync --webhook`, docs/sync.md): one POST per page, retried
with exponential back-off on what may pass (no connection, a timeout, 408, 425, 429, 5xx), each
page under its own `Idempotency-Key` so that a receiver recognises a page it already has. The
standard library's http.client; no redirect is followed (a POST redirected would be re-sent as
something else)."""

from __future__ import annotations

import http.client
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from segdsl import errors
from segdsl.diagnostics import Diagnostic, SegdslError
from segdsl.resources import installed_version

# Statuses worth trying again: the receiver is busy, overloaded or briefly broken.
RETRYABLE = frozenset({408, 425, 429, 500, 502, 503, 504})


@dataclass(frozen=True)
class Retries:
    """How hard to try: `attempts` in all (the first included), waiting `first_delay` seconds
    after the first failure and twice as long after each next one, never more than
    `max_delay`; each request may take `timeout` seconds."""

    attempts: int = 6
    first_delay: float = 0.5
    max_delay: float = 30.0
    timeout: float = 30.0

    def delay(self, failures: int) -> float:
        """The wait after the `failures`-th failure in a row (from 1)."""
        return float(min(self.max_delay, self.first_delay * 2 ** (failures - 1)))


def check_url(url: str) -> str | None:
    """Why `url` is no webhook URL, or None."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return "a webhook URL starts with http:// or https://"
    if not parts.hostname:
        return "the URL has no host"
    try:
        parts.port  # noqa: B018 - parsing the port is the check
    except ValueError:
        return "the URL's port is not a number"
    return None


def post_json(
    url: str,
    body: bytes,
    idempotency_key: str,
    retries: Retries,
    what: str,
    sleep: Callable[[float], None] = time.sleep,
) -> int:
    """POST `body` (JSON) to `url` until a 2xx answer; returns the number of attempts. Raises
    SegdslError (E631) when the receiver refuses it or every attempt failed; `what` names the
    body in that message ("page 2 of 5")."""
    failures: list[str] = []
    for attempt in range(1, retries.attempts + 1):
        try:
            status, reason, retry_after = _post(url, body, idempotency_key, retries.timeout)
        except (OSError, http.client.HTTPException) as error:
            failures.append(_describe(error))
        else:
            if 200 <= status < 300:
                return attempt
            failures.append(f"HTTP {status} {reason}".rstrip())
            if status not in RETRYABLE:
                raise _refused(url, what, failures, final=True)
            if retry_after is not None and attempt < retries.attempts:
                sleep(min(retries.max_delay, retry_after))
                continue
        if attempt < retries.attempts:
            sleep(retries.delay(attempt))
    raise _refused(url, what, failures, final=False)


def _post(
    url: str, body: bytes, idempotency_key: str, timeout: float
) -> tuple[int, str, float | None]:
    parts = urlsplit(url)
    assert parts.hostname is not None
    connection_class = (
        http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    )
    connection = connection_class(parts.hostname, parts.port, timeout=timeout)
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    headers = {
        "Content-Type": "application/json",
        "Idempotency-Key": idempotency_key,
        "User-Agent": f"segdsl/{installed_version()}",
    }
    try:
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status, response.reason, _seconds(response.getheader("Retry-After"))
    finally:
        connection.close()


def _seconds(value: str | None) -> float | None:
    """A Retry-After given in seconds (its HTTP-date form is not honoured: back-off applies)."""
    if value is None or not value.strip().isdigit():
        return None
    return float(value.strip())


def _describe(error: BaseException) -> str:
    if isinstance(error, TimeoutError):
        return "no answer in time"
    if isinstance(error, ConnectionRefusedError):
        return "connection refused"
    text = str(error).strip() or type(error).__name__
    return text.splitlines()[0]


def _refused(url: str, what: str, failures: list[str], final: bool) -> SegdslError:
    tries = f"{len(failures)} attempt{'s' * (len(failures) != 1)}"
    last = failures[-1]
    if final:
        message = f"the webhook {url} refused {what}: {last}"
        hint = "a 4xx answer is not retried: fix the receiver, then run the same sync again"
    else:
        message = f"the webhook {url} did not accept {what} after {tries} (last: {last})"
        hint = "run the same sync again: it resumes with the pages not yet accepted"
    return SegdslError([Diagnostic(errors.E631, message, None, hints=(hint,))])
