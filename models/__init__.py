"""The typed contracts both sides share: workflow, activity, signal, query and update inputs and
results, and the search attributes runs carry. Pydantic models and constants only, imported by
workflows (passed through the sandbox), activities, services and the API alike, so no layer has
to reach into another's package for them."""
