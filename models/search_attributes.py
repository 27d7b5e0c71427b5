"""Custom search attributes Quarry sets on every run, so operators can find runs in visibility:
`GET /v1/runs` filters on them, and so can the Web UI and `temporal workflow list --query`."""

from temporalio.common import SearchAttributeKey

TENANT = SearchAttributeKey.for_keyword("QuarryTenant")
QUESTION = SearchAttributeKey.for_text("QuarryQuestion")
# running / needs_clarification / completed / failed: finer than Temporal's own status.
STATE = SearchAttributeKey.for_keyword("QuarryState")

ALL = (TENANT, QUESTION, STATE)
