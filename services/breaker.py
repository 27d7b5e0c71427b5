"""Circuit breaker per upstream (Cube, the LLM endpoint), shared by a worker's activities.

closed: calls pass; `failure_threshold` failures in a row open it.
open: calls fail fast with CircuitOpenError, which says how long the breaker stays open (the
      activity turns it into a retryable error whose next_retry_delay is that time).
half-open: after `reset_seconds`, one trial call passes; success closes, failure re-opens.

Clients wrap each call in `guard()`, which settles the call however it ends: an outage counts
against the upstream, any other outcome (an answer, a refusal, a cancellation) frees the trial.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import Enum

from services.metrics import BREAKER_STATE, BREAKER_TRANSITIONS

log = logging.getLogger("quarry.breaker")


class State(Enum):
    CLOSED = 0
    HALF_OPEN = 1
    OPEN = 2


class CircuitOpenError(Exception):
    def __init__(self, upstream: str, retry_after: float) -> None:
        super().__init__(f"{upstream} is failing; calls paused for {retry_after:.1f}s")
        self.upstream = upstream
        self.retry_after = retry_after


class CircuitBreaker:
    def __init__(
        self,
        upstream: str,
        failure_threshold: int = 5,
        reset_seconds: float = 10.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.upstream = upstream
        self._threshold = failure_threshold
        self._reset = reset_seconds
        self._clock = clock
        self._failures = 0
        self._opened_at = 0.0
        self._trial_in_flight = False
        self.state = State.CLOSED
        BREAKER_STATE.labels(upstream).set(State.CLOSED.value)

    def before_call(self) -> None:
        """Raises CircuitOpenError when the call must not go out."""
        if self.state is State.OPEN:
            left = self._opened_at + self._reset - self._clock()
            if left > 0:
                raise CircuitOpenError(self.upstream, left)
            self._move(State.HALF_OPEN)
        if self.state is State.HALF_OPEN:
            if self._trial_in_flight:
                raise CircuitOpenError(self.upstream, min(1.0, self._reset))
            self._trial_in_flight = True

    @contextmanager
    def guard(self, is_outage: Callable[[BaseException], bool]) -> Iterator[None]:
        """One call through the breaker. It may not go out (CircuitOpenError); when it ends,
        an outage (`is_outage`) fails it, a normal return or an answer the upstream gave (a
        4xx is the upstream working) succeeds it, and a cancellation only frees the trial, so
        a half-open breaker never waits on a call that will not report back."""
        self.before_call()
        try:
            yield
        except BaseException as exc:
            if is_outage(exc):
                self.failed()
            elif isinstance(exc, Exception):
                self.succeeded()
            else:
                self._trial_in_flight = False  # cancelled: no verdict on the upstream
            raise
        self.succeeded()

    def succeeded(self) -> None:
        self._failures = 0
        self._trial_in_flight = False
        if self.state is not State.CLOSED:
            self._move(State.CLOSED)

    def failed(self) -> None:
        self._trial_in_flight = False
        self._failures += 1
        if self.state is State.HALF_OPEN or self._failures >= self._threshold:
            self._opened_at = self._clock()
            if self.state is not State.OPEN:
                self._move(State.OPEN)

    def _move(self, to: State) -> None:
        log.warning("circuit breaker %s: %s -> %s", self.upstream, self.state.name, to.name)
        self.state = to
        BREAKER_STATE.labels(self.upstream).set(to.value)
        BREAKER_TRANSITIONS.labels(self.upstream, to.name.lower()).inc()
