"""Retry and timeout policies, named once. Temporal owns retries; HTTP clients have none."""

from datetime import timedelta

from temporalio.common import RetryPolicy

# Task queues: one per agent kind, so each kind scales with its own worker processes.
WORKFLOW_TASK_QUEUE = "quarry-workflows"
QUERY_AGENT_TASK_QUEUE = "quarry-query-agent"
CUBE_AGENT_TASK_QUEUE = "quarry-cube-agent"
FORMAT_AGENT_TASK_QUEUE = "quarry-format-agent"

# Errors that no retry can fix; activities raise them as non-retryable ApplicationErrors too.
NON_RETRYABLE_ERRORS = ["InvalidQuery", "BadRequest", "Unauthorized"]

# Understanding reads Cube /meta (or an LLM): a few seconds, retried briskly, then given up.
UNDERSTAND_TIMEOUT = timedelta(seconds=30)
# Agents heartbeat every second while they wait: a worker that dies or hangs mid-call is noticed
# after this, and the call is retried elsewhere (not after the whole start-to-close timeout).
UNDERSTAND_HEARTBEAT = timedelta(seconds=5)
UNDERSTAND_RETRY = RetryPolicy(
    initial_interval=timedelta(milliseconds=200),
    backoff_coefficient=2.0,
    maximum_interval=timedelta(seconds=10),
    # Generous: a hung worker's outstanding polls can swallow an attempt each before the
    # heartbeat timeout hands the call on (seen in tests/chaos: five attempts were not enough).
    maximum_attempts=12,
    non_retryable_error_types=NON_RETRYABLE_ERRORS,
)

# Fetching runs a Cube query, which may poll "Continue wait" for a while: heartbeats prove life.
FETCH_TIMEOUT = timedelta(minutes=2)
FETCH_HEARTBEAT = timedelta(seconds=5)
FETCH_RETRY = RetryPolicy(
    initial_interval=timedelta(milliseconds=500),
    backoff_coefficient=2.0,
    maximum_interval=timedelta(seconds=30),
    maximum_attempts=12,
    non_retryable_error_types=NON_RETRYABLE_ERRORS,
)

# Formatting is pure computation (a local activity in AskWorkflow): fast, and a failure is a
# bug, so few attempts.
PRESENT_TIMEOUT = timedelta(seconds=10)
PRESENT_RETRY = RetryPolicy(
    initial_interval=timedelta(milliseconds=100),
    maximum_attempts=3,
    non_retryable_error_types=NON_RETRYABLE_ERRORS,
)

# How long a run waits for the person's answer to a clarification (AskInput's default), and how
# many times it asks before it gives up on the question.
CLARIFY_TIMEOUT = timedelta(days=1)
MAX_CLARIFICATIONS = 3
# A whole question: every wait it may make, and an hour for the work around them. Shorter, and
# the run would be killed while still waiting for an answer the README promises a day for.
ASK_EXECUTION_TIMEOUT = CLARIFY_TIMEOUT * (MAX_CLARIFICATIONS + 1) + timedelta(hours=1)
