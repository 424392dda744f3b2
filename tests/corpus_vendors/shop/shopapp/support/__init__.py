"""Support desk: ticket intake, LLM triage and similar-ticket search."""
