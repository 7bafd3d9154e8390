"""The source of truth: entries, their immutable versions, the workflow and the event log."""
