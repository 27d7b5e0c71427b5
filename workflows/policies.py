"""Retry and timeout policies, named once. Temporal owns retries; HTTP clients have none."""

from datetime import timedelta

from temporalio.common import RetryPolicy

from models.ask import CLARIFY_TIMEOUT_SECONDS

# Task queues: one per agent kind, so each kind scales with its own worker processes.
WORKFLOW_TASK_QUEUE = "quarry-workflows"
QUERY_AGENT_TASK_QUEUE = "quarry-query-agent"
CUBE_AGENT_TASK_QUEUE = "quarry-cube-agent"
FORMAT_AGENT_TASK_QUEUE = "quarry-format-agent"

# Errors that no retry can fix; activities raise them as non-retryable ApplicationErrors too.
NON_RETRYABLE_ERRORS = ["InvalidQuery", "BadRequest", "Unauthorized"]

# Timeouts are sized from measured durations: 379 paraphrase questions through the embedded
# stack, one at a time, cold caches (quarry_agent_seconds, outcome ok):
#   understand (offline)  p50 < 2.5 ms, p99 < 25 ms, max < 5 s (the first: it builds the catalog)
#   fetch (Cube /load)    p50 < 50 ms,  p99 < 1 s
#   present               p50 < 1 ms,   p99 < 10 ms
# The LLM provider's stand-in answers in 0.8 +- 0.2 s; a hosted model is bounded by
# LLM_TIMEOUT_SECONDS per request. Agents heartbeat every second while they wait, so a worker that
# dies or hangs is noticed after the heartbeat timeout, not after the start-to-close timeout.

# Understanding: the LLM (or /meta on the first question) dominates; an attempt may make two
# LLM requests (a reply and its repair), each within LLM_TIMEOUT_SECONDS (30 s by default).
UNDERSTAND_TIMEOUT = timedelta(seconds=65)
UNDERSTAND_HEARTBEAT = timedelta(seconds=3)
UNDERSTAND_RETRY = RetryPolicy(
    initial_interval=timedelta(milliseconds=200),
    backoff_coefficient=2.0,
    # Short: an outage of a few seconds must not leave a run sleeping long after it ended.
    maximum_interval=timedelta(seconds=2),
    # Generous: a hung worker's outstanding polls can swallow an attempt each before the
    # heartbeat timeout hands the call on (seen in tests/chaos: five attempts were not enough).
    maximum_attempts=30,
    non_retryable_error_types=NON_RETRYABLE_ERRORS,
)

# Fetching: p99 under a second; a query Cube keeps answering "Continue wait" may poll for a few
# seconds more. Thirty times the p99 is lost, not slow (the HTTP timeout, CUBE_TIMEOUT_SECONDS,
# ends a hung request sooner).
FETCH_TIMEOUT = timedelta(seconds=30)
FETCH_HEARTBEAT = timedelta(seconds=3)
FETCH_RETRY = RetryPolicy(
    initial_interval=timedelta(milliseconds=200),
    backoff_coefficient=2.0,
    maximum_interval=timedelta(seconds=2),
    maximum_attempts=30,
    non_retryable_error_types=NON_RETRYABLE_ERRORS,
)

# Formatting is pure computation (a local activity in AskWorkflow), p99 under 10 ms, and a
# failure is a bug, so few attempts.
PRESENT_TIMEOUT = timedelta(seconds=5)
PRESENT_RETRY = RetryPolicy(
    initial_interval=timedelta(milliseconds=100),
    maximum_attempts=3,
    non_retryable_error_types=NON_RETRYABLE_ERRORS,
)

# A local activity's retry that waits longer than this waits on a durable timer instead of in
# the worker: the first retries of a blip stay in-process, an outage's do not hold the workflow
# task (and its heartbeats) open. The SDK's default is a minute.
LOCAL_RETRY_THRESHOLD = timedelta(seconds=1)

# A workflow task takes milliseconds; one held by a worker that died is handed to another after
# this (Temporal's default is 10 s, most of a worker-crash outage). Generous for a busy worker.
WORKFLOW_TASK_TIMEOUT = timedelta(seconds=5)

# A workflow task handed to a worker's sticky queue goes back to the shared queue after this
# when that worker is gone (the SDK's default is 10 s, most of a worker-crash outage).
STICKY_QUEUE_TIMEOUT = timedelta(seconds=3)

# How long a run waits for the person's answer to a clarification (AskInput's default), and how
# many times it asks before it gives up on the question.
CLARIFY_TIMEOUT = timedelta(seconds=CLARIFY_TIMEOUT_SECONDS)
MAX_CLARIFICATIONS = 3
# A whole question: every wait it may make, and an hour for the work around them. Shorter, and
# the run would be killed while still waiting for an answer the README promises a day for.
ASK_EXECUTION_TIMEOUT = CLARIFY_TIMEOUT * (MAX_CLARIFICATIONS + 1) + timedelta(hours=1)

# Recording what a run's answers taught (a local activity writing one row per word): a
# failure costs a suggestion, never the answer, so few attempts.
REMEMBER_TIMEOUT = timedelta(seconds=10)
REMEMBER_RETRY = RetryPolicy(
    initial_interval=timedelta(milliseconds=200),
    maximum_interval=timedelta(seconds=1),
    maximum_attempts=5,
)
